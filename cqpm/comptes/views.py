"""Login in two steps for staff who validate or sign: password (throttled by django-axes), then a TOTP code.

After the password step such a user is logged in but not verified; `permissions` ignores his double-factor
roles until the code is confirmed, so every protected page treats him as having no rights until then.
"""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.comptes import services
from cqpm.comptes.forms import FormulaireCode, FormulaireConnexion
from cqpm.comptes.models import Utilisateur
from cqpm.comptes.permissions import est_verifie, exige_double_facteur

PARAM_SUITE = "next"


def _suite(request: HttpRequest) -> str:
    """Where to go after login: the safe `next` parameter, or the home page."""
    suite = request.POST.get(PARAM_SUITE) or request.GET.get(PARAM_SUITE) or ""
    if suite and url_has_allowed_host_and_scheme(suite, {request.get_host()}, request.is_secure()):
        return suite
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _vers(nom: str, suite: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse(nom)}?{urlencode({PARAM_SUITE: suite})}")


def etape_double_facteur(request: HttpRequest, suite: str) -> HttpResponseRedirect:
    """The second step the user still owes: enrolment when he has no confirmed device yet, else the code."""
    if services.appareil_confirme(cast(Utilisateur, request.user)) is None:
        return _vers("comptes:enrolement", suite)
    return _vers("comptes:verification", suite)


class Connexion(auth_views.LoginView):
    template_name = "comptes/connexion.html"
    form_class = FormulaireConnexion

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        reponse = super().form_valid(form)
        if exige_double_facteur(self.request.user):
            return etape_double_facteur(self.request, self.get_success_url())
        return reponse


class Deconnexion(auth_views.LogoutView):
    """POST only (Django refuses GET): a link cannot log someone out."""


def _garde_double_facteur(request: HttpRequest) -> HttpResponse | None:
    """Leave the second-step pages when there is nothing to do there."""
    if not exige_double_facteur(request.user) or est_verifie(request.user):
        return redirect(_suite(request))
    return None


def _freine(form: FormulaireCode, appareil: TOTPDevice) -> bool:
    """After wrong codes the device waits 1, 2, 4… seconds before accepting another one; say so."""
    attente = services.attente_avant_essai(appareil)
    if attente:
        pluriel = "s" if attente > 1 else ""
        form.add_error("code", f"Trop d'essais infructueux : patientez {attente} seconde{pluriel} avant de réessayer.")
    return bool(attente)


@login_required
def verification(request: HttpRequest) -> HttpResponse:
    if (sortie := _garde_double_facteur(request)) is not None:
        return sortie
    utilisateur = cast(Utilisateur, request.user)
    appareil = services.appareil_confirme(utilisateur)
    if appareil is None:
        return _vers("comptes:enrolement", _suite(request))
    form = FormulaireCode(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _freine(form, appareil):
        if (accepte := services.verifier_code(utilisateur, form.cleaned_data["code"])) is not None:
            otp_login(request, accepte)
            return redirect(_suite(request))
        else:
            form.add_error("code", "Code incorrect ou expiré. Saisissez le code affiché maintenant par l'application.")
    return render(request, "comptes/verification.html", {"form": form, "suite": _suite(request)})


@login_required
def enrolement(request: HttpRequest) -> HttpResponse:
    if (sortie := _garde_double_facteur(request)) is not None:
        return sortie
    utilisateur = cast(Utilisateur, request.user)
    if services.appareil_confirme(utilisateur) is not None:
        return _vers("comptes:verification", _suite(request))
    appareil = services.appareil_a_confirmer(utilisateur)
    form = FormulaireCode(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _freine(form, appareil):
        if services.confirmer_appareil(utilisateur, appareil, form.cleaned_data["code"], acteur=utilisateur):
            otp_login(request, appareil)
            return redirect(_suite(request))
        form.add_error("code", "Code incorrect. Vérifiez l'heure de votre téléphone et saisissez le nouveau code.")
    secret = services.secret_base32(appareil)
    contexte = {
        "form": form,
        "suite": _suite(request),
        "qr_svg": segno.make(appareil.config_url, error="m").svg_inline(
            scale=5, title="Code QR de configuration de l'application d'authentification", omitsize=False
        ),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "comptes/enrolement.html", contexte)
