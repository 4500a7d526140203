"""Pages of the candidate space: « Mon espace », opening an account from an invitation or a sign-up link, and the
staff page that invites candidates.

Views shape forms and call `services`; a refusal is shown next to the form. A link that is unknown, expired or
already used gets a page that says so and what to do, never an error page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from cqpm.candidats.models import Candidat, Inscription
from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.permissions import Action, perimetre
from cqpm.core.errors import RegleViolee
from cqpm.portail import services
from cqpm.portail.forms import FormulaireDemandeCompte, FormulaireIdentifiants, FormulaireRecherche
from cqpm.portail.sections import Section, sections_du_parcours, sections_generales

PAR_PAGE = 50
MESSAGE_DEMANDE = (
    "Demande enregistrée. Si ces informations permettent de créer un espace, un courriel vient d'être envoyé à "
    "l'adresse indiquée : ouvrez le lien qu'il contient dans les deux jours. Sans courriel d'ici quelques minutes, "
    "vérifiez vos indésirables."
)


def _rendre(request: HttpRequest, section: Section, ancre: str, **contexte: Any) -> dict[str, Any]:
    html = render_to_string(section.gabarit, {**section.contexte, **contexte}, request=request)
    return {"titre": section.titre, "ancre": ancre, "html": mark_safe(html)}  # a template's own output


@action_requise(Action.CONSULTER_SON_ESPACE)
def espace(request: HttpRequest) -> HttpResponse:
    candidat = services.candidat_de(request.user)
    if candidat is None:
        motif = "Votre compte n'est rattaché à aucun candidat. Contactez votre centre d'examen."
        return render(request, "comptes/acces_refuse.html", {"motif": motif}, status=403)
    parcours = []
    for inscription in services.inscriptions_du_candidat(candidat):
        sections = [
            _rendre(request, s, f"section-{inscription.pk}-{n}", candidat=candidat, inscription=inscription)
            for n, s in enumerate(sections_du_parcours(candidat, inscription), start=1)
        ]
        parcours.append({"inscription": inscription, "sections": sections})
    generales = [
        _rendre(request, s, f"section-generale-{n}", candidat=candidat, inscription=None)
        for n, s in enumerate(sections_generales(candidat), start=1)
    ]
    return render(request, "portail/espace.html", {"candidat": candidat, "parcours": parcours, "generales": generales})


def _lien_invalide(request: HttpRequest, etat: services.EtatLien, *, demande: bool) -> HttpResponse:
    return render(
        request,
        "portail/lien_invalide.html",
        {"etat": etat.value, "message": services.MESSAGES_LIEN[etat], "demande": demande},
        status=410 if etat is not services.EtatLien.INCONNU else 404,
    )


def _creation_du_compte(request: HttpRequest, jeton: str, *, demande: bool) -> HttpResponse:
    """The shared page of both links: choose a login name and a password, then log in."""
    lire = services.lire_demande if demande else services.lire_invitation
    etat, lien = lire(jeton)
    if etat is not services.EtatLien.VALIDE or lien is None:
        return _lien_invalide(request, etat, demande=demande)
    form = FormulaireIdentifiants(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if demande:
                services.confirmer_compte(jeton, form.identifiants())
            else:
                services.accepter_invitation(jeton, form.identifiants())
        except RegleViolee as refus:
            if refus.code.startswith("lien_"):
                return _lien_invalide(request, lire(jeton)[0], demande=demande)
            form.montrer_refus(refus)
        else:
            messages.success(request, "Votre espace candidat est créé. Connectez-vous avec l'identifiant choisi.")
            return redirect(f"{reverse('comptes:connexion')}?next={reverse('portail:espace')}")
    contexte = {"form": form, "lien": lien, "demande": demande}
    return render(request, "portail/creation_compte.html", contexte, status=422 if form.errors else 200)


def invitation(request: HttpRequest, jeton: str) -> HttpResponse:
    return _creation_du_compte(request, jeton, demande=False)


def confirmation(request: HttpRequest, jeton: str) -> HttpResponse:
    return _creation_du_compte(request, jeton, demande=True)


def demande(request: HttpRequest) -> HttpResponse:
    """Sign-up: the same answer whether the address or the person is known or not."""
    form = FormulaireDemandeCompte(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.demander_compte(
                form.cleaned_data["courriel"], form.etat_civil(), racine=request.build_absolute_uri("/")
            )
        except RegleViolee as refus:
            form.montrer_refus(refus)
        else:
            messages.success(request, MESSAGE_DEMANDE)
            return redirect("portail:demande")
    return render(request, "portail/demande.html", {"form": form}, status=422 if form.errors else 200)


# Staff: inviting candidates.


def _invitables(utilisateur: Any) -> QuerySet[Candidat]:
    """The candidates the user may invite: those with an inscription at his exam centre (all for the secretariat)."""
    dans_le_perimetre = perimetre(utilisateur, Action.INVITER_CANDIDATS).filtrer(
        Inscription.objects.all(), "centre_examen"
    )
    return (
        Candidat.objects.filter(pk__in=dans_le_perimetre.values("candidat_id"), fusionne_dans__isnull=True)
        .select_related("compte")
        .annotate(derniere_invitation=Max("invitations__cree_le"))
        .order_by("cle_doublon", "prenoms", "pk")
    )


def _page_invitations(request: HttpRequest, *, refus: RegleViolee | None = None) -> HttpResponse:
    recherche = FormulaireRecherche(request.GET or None)
    candidats = _invitables(request.user)
    if recherche.is_valid() and recherche.cleaned_data["q"]:
        candidats = candidats.filter(cle_doublon__startswith=services.cle_doublon(recherche.cleaned_data["q"]))
    page = Paginator(candidats, PAR_PAGE).get_page(request.GET.get("page"))
    contexte = {"page": page, "recherche": recherche, "refus": refus}
    return render(request, "portail/invitations.html", contexte, status=422 if refus else 200)


@action_requise(Action.INVITER_CANDIDATS)
def invitations(request: HttpRequest) -> HttpResponse:
    return _page_invitations(request)


@require_POST
@action_requise(Action.INVITER_CANDIDATS)
def inviter(request: HttpRequest, pk: int) -> HttpResponse:
    candidat = _invitables(request.user).filter(pk=pk).first()
    if candidat is None:
        raise Http404("Candidat introuvable.")
    try:
        invitation = services.inviter(candidat, acteur=request.user, racine=request.build_absolute_uri("/"))
    except RegleViolee as refus:
        return _page_invitations(request, refus=refus)
    messages.success(
        request,
        f"Invitation envoyée à {invitation.courriel} pour {candidat} ; le lien est valable jusqu'au "
        f"{services.date_locale(invitation.expire_le)}.",
    )
    return redirect("portail:invitations")
