"""Public catalogue pages (no login): the home page that presents it, search, a qualification's page, and every
decided version's page.

They read through `catalogue`, the same service as the API. The search works without JavaScript (plain GET
form, full page); with htmx the results alone are refreshed while typing.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from cqpm.core.errors import Introuvable
from cqpm.referentiels import catalogue as service
from cqpm.referentiels.enums import Categorie, Liste, StatutQualification

PAR_PAGE = 20
CIBLE_HTMX = "resultats"
"""Id of the element the live search refreshes; any other htmx request gets the full page."""


class RechercheForm(forms.Form):
    q = forms.CharField(
        label="Rechercher une qualification",
        required=False,
        max_length=200,
        help_text="Mots de l'intitulé, numéro MQ (avec ou sans espaces), code RNCP, code NSF ou ROME.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    categorie = forms.ChoiceField(
        label="Catégorie", required=False, choices=[("", "Toutes les catégories"), *Categorie.choices]
    )
    liste = forms.ChoiceField(label="Liste de la CPNEFP", required=False, choices=[("", "Toutes"), *Liste.choices])
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Tous les statuts")] + [c for c in StatutQualification.choices if c[0] != "projet"],
    )
    le = forms.DateField(
        label="Inscrite sur la liste à la date du",
        required=False,
        help_text="Avec une liste choisie : par défaut, aujourd'hui.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def accueil(request: HttpRequest) -> HttpResponse:
    """The public home page: what the register is, and a search box that leads to the catalogue."""
    nombre = service.rechercher(statut=StatutQualification.EN_VIGUEUR).count()
    return render(request, "referentiels/accueil.html", {"nombre_en_vigueur": nombre})


def catalogue(request: HttpRequest) -> HttpResponse:
    form = RechercheForm(request.GET)
    form.is_valid()
    criteres = form.cleaned_data  # the valid fields only: a bad filter is reported, the others still apply
    texte = criteres.get("q", "")
    qualifications = service.rechercher(
        texte=texte,
        categorie=criteres.get("categorie") or None,
        liste=criteres.get("liste") or None,
        statut=criteres.get("statut") or None,
        le=criteres.get("le"),
        public=service.lecture_publique(request.user),
    )
    htmx = getattr(request, "htmx", None)
    partiel = htmx is not None and bool(htmx) and htmx.target == CIBLE_HTMX and not htmx.history_restore_request
    if not partiel and service.numero_recherche(texte) is not None:
        trouvees = list(qualifications[:2])
        if len(trouvees) == 1:
            return redirect("referentiels:detail", pk=trouvees[0].pk)
    page = Paginator(qualifications, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {
        "form": form,
        "page": page,
        "parametres": parametres.urlencode(),
        "recherche_faite": any(criteres.values()),
        "partiel": partiel,
    }
    gabarit = "referentiels/_resultats.html" if partiel else "referentiels/catalogue.html"
    reponse = render(request, gabarit, contexte)
    patch_vary_headers(reponse, ["HX-Request", "HX-Target"])
    return reponse


def detail(request: HttpRequest, pk: int, version: int | None = None) -> HttpResponse:
    try:
        la_fiche = service.fiche(pk, version=version, public=service.lecture_publique(request.user))
    except Introuvable as exc:
        raise Http404(exc.message) from exc
    return render(request, "referentiels/detail.html", {"fiche": la_fiche})


def par_numero(request: HttpRequest, numero: str) -> HttpResponseRedirect:
    """A stable address by MQ number, current or former (R-ID-03), that leads to the qualification's page."""
    qualification = service.trouver_par_numero(numero, public=service.lecture_publique(request.user))
    if qualification is None:
        raise Http404("Aucune qualification publiée ne porte ce numéro.")
    return redirect("referentiels:detail", pk=qualification.pk)
