"""Pages of the referential lifecycle: the requests a user may see, a request's file, filing a creation request
and the first steps of its instruction (submission, completeness, CNCP opinion).

Views only shape forms and call `services`, which check who acts and every rule; a refusal (`RegleViolee`,
`AccesRefuse` included) is shown next to the form with its message and its details, never re-worded. A request
the user may not read answers 404, as in the API (`demandes_visibles`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.permissions import Action, peut
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import StatutDemande, TypeDemande
from cqpm.cycle_de_vie.forms import FormulaireAvisCNCP, FormulaireCreation
from cqpm.cycle_de_vie.models import SECTIONS_RAPPORT, AvisCNCP, Decision, Demande, Demandeur
from cqpm.cycle_de_vie.rules import sections_requises


@action_requise(Action.CONSULTER_DEMANDES)
def liste(request: HttpRequest) -> HttpResponse:
    demandes = services.demandes_visibles(request.user).prefetch_related(
        Prefetch("signataires", queryset=Demandeur.objects.select_related("organisation"))
    )
    return render(
        request,
        "cycle_de_vie/liste.html",
        {"demandes": demandes, "peut_deposer": peut(request.user, Action.DEPOSER_DEMANDE)},
    )


def _demande(request: HttpRequest, pk: int) -> Demande:
    return get_object_or_404(services.demandes_visibles(request.user).select_related("qualification", "projet"), pk=pk)


def _sections(demande: Demande) -> list[dict[str, str]]:
    """The written parts this kind of request requires, then any other part that was written."""
    requises = [champ for champ, _ in sections_requises(demande.type, avec_revision=demande.avec_revision)]
    autres = [s for s in SECTIONS_RAPPORT if s not in requises and getattr(demande, s).strip()]
    return [{"champ": s, "titre": SECTIONS_RAPPORT[s], "texte": getattr(demande, s)} for s in [*requises, *autres]]


def _page_demande(
    request: HttpRequest,
    demande: Demande,
    *,
    refus: RegleViolee | None = None,
    action: str = "",
    form_avis: FormulaireAvisCNCP | None = None,
) -> HttpResponse:
    instruire = peut(request.user, Action.INSTRUIRE_DEMANDES)
    avis = AvisCNCP.objects.filter(demande=demande).first()
    contexte: dict[str, Any] = {
        "demande": demande,
        "sections": _sections(demande),
        "manques": services.manques(demande) if demande.est_ouverte else [],
        "signataires": demande.signataires.select_related("organisation"),
        "pieces": demande.pieces.all(),
        "avis": avis,
        "informations": demande.informations_cprefp.select_related("cprefp"),
        "decision": Decision.objects.filter(demande=demande).first(),
        "peut_soumettre": demande.statut == StatutDemande.BROUILLON
        and (peut(request.user, Action.DEPOSER_DEMANDE, demande) or instruire),
        "peut_declarer_complete": instruire and demande.statut == StatutDemande.SOUMISE,
        "peut_enregistrer_avis": instruire
        and avis is None
        and demande.type == TypeDemande.CREATION
        and demande.statut in (StatutDemande.SOUMISE, StatutDemande.COMPLETE),
        "form_avis": form_avis or FormulaireAvisCNCP(),
        "refus": refus,
        "action_refusee": action,
    }
    return render(
        request, "cycle_de_vie/detail.html", contexte, status=422 if refus or (form_avis and form_avis.errors) else 200
    )


@action_requise(Action.CONSULTER_DEMANDES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page_demande(request, _demande(request, pk))


@action_requise(Action.DEPOSER_DEMANDE)
def nouvelle(request: HttpRequest) -> HttpResponse:
    """A creation request (R-LC-CRE-01): the CQPM's title and its rapport d'opportunité, filed as a draft."""
    form = FormulaireCreation(request.POST or None, utilisateur=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            demande = services.creer_demande(
                TypeDemande.CREATION,
                acteur=request.user,
                demandeurs=[form.cleaned_data["demandeur"]],
                intitule=form.cleaned_data["intitule"],
                **form.dossier(),
            )
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, f"La demande n° {demande.pk} est enregistrée en brouillon.")
            return redirect("cycle_de_vie:detail", pk=demande.pk)
    statut = 422 if form.errors else 200
    return render(request, "cycle_de_vie/nouvelle.html", {"form": form}, status=statut)


@require_POST
@action_requise(Action.CONSULTER_DEMANDES)
def soumettre(request: HttpRequest, pk: int) -> HttpResponse:
    demande = _demande(request, pk)
    try:
        demande = services.soumettre(demande, acteur=request.user)
    except RegleViolee as exc:
        return _page_demande(request, demande, refus=exc, action="soumettre")
    if demande.statut == StatutDemande.SOUMISE:
        messages.success(request, "La demande est soumise au secrétariat du GTP.")
    else:
        messages.success(request, "Votre signature est enregistrée ; la demande attend celle des autres demandeurs.")
    return redirect("cycle_de_vie:detail", pk=demande.pk)


@require_POST
@action_requise(Action.INSTRUIRE_DEMANDES)
def declarer_complete(request: HttpRequest, pk: int) -> HttpResponse:
    demande = _demande(request, pk)
    try:
        services.declarer_complete(demande, acteur=request.user)
    except RegleViolee as exc:
        return _page_demande(request, demande, refus=exc, action="declarer_complete")
    messages.success(request, "Le dossier est déclaré complet : la demande peut être inscrite à une séance du GTP.")
    return redirect("cycle_de_vie:detail", pk=demande.pk)


@require_POST
@action_requise(Action.INSTRUIRE_DEMANDES)
def avis_cncp(request: HttpRequest, pk: int) -> HttpResponse:
    demande = _demande(request, pk)
    form = FormulaireAvisCNCP(request.POST)
    if form.is_valid():
        try:
            services.enregistrer_avis_cncp(
                demande,
                date=form.cleaned_data["date"],
                avis=form.cleaned_data["avis"],
                commentaire=form.cleaned_data["commentaire"],
                acteur=request.user,
            )
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, "L'avis de la CNCP est enregistré.")
            return redirect("cycle_de_vie:detail", pk=demande.pk)
    return _page_demande(request, demande, form_avis=form)
