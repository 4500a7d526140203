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
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cqpm.comptes.decorateurs import action_requise, refuser
from cqpm.comptes.permissions import Action, peut
from cqpm.core.errors import RegleViolee
from cqpm.core.pieces import TYPES_MIME
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import OrigineDemande, StatutDemande, TypeDemande, TypePiece
from cqpm.cycle_de_vie.forms import (
    TYPES_SUITE,
    FormulaireAvisCNCP,
    FormulaireCreation,
    FormulaireDossier,
    FormulaireInformationCPREFP,
    FormulairePiece,
    FormulaireRetrait,
    FormulaireSuite,
)
from cqpm.cycle_de_vie.models import SECTIONS_RAPPORT, AvisCNCP, Decision, Demande, Demandeur, PieceJointe
from cqpm.cycle_de_vie.rules import Ecart, sections_requises


@action_requise(Action.CONSULTER_DEMANDES)
def liste(request: HttpRequest) -> HttpResponse:
    demandes = services.demandes_visibles(request.user).prefetch_related(
        Prefetch("signataires", queryset=Demandeur.objects.select_related("organisation"))
    )
    return render(
        request,
        "cycle_de_vie/liste.html",
        {"demandes": demandes, "depots": _depots(request.user)},
    )


def _depots(utilisateur: Any) -> list[tuple[str, str]]:
    """(query string, label) of each kind of request the user may file, for the list's links."""
    if not peut(utilisateur, Action.DEPOSER_DEMANDE):
        return []
    parametres = {t: p for p, t in TYPES_PAR_PARAMETRE.items()}
    return [("", "Déposer une demande de création")] + [
        (f"?type={parametres[t]}", f"Déposer une demande de {t.label.lower()}") for t in TYPES_SUITE
    ]


def _demande(request: HttpRequest, pk: int) -> Demande:
    return get_object_or_404(services.demandes_visibles(request.user).select_related("qualification", "projet"), pk=pk)


def _sections(demande: Demande) -> list[dict[str, str]]:
    """The written parts this kind of request requires, then any other part that was written."""
    requises = [champ for champ, _ in sections_requises(demande.type, avec_revision=demande.avec_revision)]
    autres = [s for s in SECTIONS_RAPPORT if s not in requises and getattr(demande, s).strip()]
    return [{"champ": s, "titre": SECTIONS_RAPPORT[s], "texte": getattr(demande, s)} for s in [*requises, *autres]]


def _peut_agir(utilisateur: Any, demande: Demande) -> bool:
    """What `services` require to act on a request's dossier: a requester within its scope or the secretariat; a
    request of the GTP is the secretariat's."""
    if demande.origine == OrigineDemande.GTP:
        return peut(utilisateur, Action.INSTRUIRE_DEMANDES)
    return peut(utilisateur, Action.DEPOSER_DEMANDE, demande)


def _ecart(demande: Demande) -> list[tuple[str, list[str]]] | None:
    """The gap a revision makes (R-LC-REV-03), grouped as the GTP reads it; None without a revision."""
    ecart = services.ecart_demande(demande)
    if ecart is None:
        return None
    return [
        (titre, lignes)
        for titre, champ in GROUPES_ECART
        if (lignes := Ecart(**{champ: getattr(ecart, champ)}).lignes())
    ]


GROUPES_ECART = (
    ("Blocs ajoutés", "blocs_ajoutes"),
    ("Blocs supprimés", "blocs_supprimes"),
    ("Blocs modifiés", "blocs_modifies"),
    ("Capacités ajoutées", "capacites_ajoutees"),
    ("Capacités supprimées", "capacites_supprimees"),
    ("Capacités modifiées", "capacites_modifiees"),
    ("Capacités déplacées", "capacites_deplacees"),
)


def _page_demande(
    request: HttpRequest,
    demande: Demande,
    *,
    refus: RegleViolee | None = None,
    action: str = "",
    form_avis: FormulaireAvisCNCP | None = None,
    form_piece: FormulairePiece | None = None,
    form_retrait: FormulaireRetrait | None = None,
    form_cprefp: FormulaireInformationCPREFP | None = None,
) -> HttpResponse:
    instruire = peut(request.user, Action.INSTRUIRE_DEMANDES)
    agir = _peut_agir(request.user, demande)
    modifiable = demande.statut in (StatutDemande.BROUILLON, StatutDemande.SOUMISE)
    avis = AvisCNCP.objects.filter(demande=demande).first()
    informations = list(demande.informations_cprefp.select_related("cprefp"))
    formulaires = [form_avis, form_piece, form_retrait, form_cprefp]
    contexte: dict[str, Any] = {
        "demande": demande,
        "sections": _sections(demande),
        "manques": services.manques(demande) if demande.est_ouverte else [],
        "signataires": demande.signataires.select_related("organisation"),
        "nouveaux_centres": demande.centres_demandes.select_related("territoriale"),
        "pieces": demande.pieces.all(),
        "avis": avis,
        "informations": informations,
        "ecart": _ecart(demande),
        "decision": Decision.objects.filter(demande=demande).first(),
        "peut_soumettre": demande.statut == StatutDemande.BROUILLON and (agir or instruire),
        "peut_declarer_complete": instruire and demande.statut == StatutDemande.SOUMISE,
        "peut_enregistrer_avis": instruire
        and avis is None
        and demande.type == TypeDemande.CREATION
        and demande.statut in (StatutDemande.SOUMISE, StatutDemande.COMPLETE),
        "peut_modifier": agir and modifiable,
        "peut_retirer": agir and demande.est_ouverte,
        "peut_informer": agir
        and demande.statut in (StatutDemande.SOUMISE, StatutDemande.COMPLETE)
        and any(i.informee_le is None for i in informations),
        "form_avis": form_avis or FormulaireAvisCNCP(),
        "form_piece": form_piece or FormulairePiece(),
        "form_retrait": form_retrait or FormulaireRetrait(),
        "form_cprefp": form_cprefp
        or FormulaireInformationCPREFP(demande=demande, initial={"le": timezone.localdate()}),
        "refus": refus,
        "action_refusee": action,
    }
    en_erreur = refus is not None or any(f is not None and f.errors for f in formulaires)
    return render(request, "cycle_de_vie/detail.html", contexte, status=422 if en_erreur else 200)


@action_requise(Action.CONSULTER_DEMANDES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page_demande(request, _demande(request, pk))


@action_requise(Action.DEPOSER_DEMANDE)
def nouvelle(request: HttpRequest) -> HttpResponse:
    """File a request as a draft: a creation (`?type` absent), or a revision, reactivation, mise en veille or
    suppression of an existing CQPM (`?type=revision`…)."""
    type_demande = TYPES_PAR_PARAMETRE.get(request.GET.get("type", "creation"))
    if type_demande is None:
        raise Http404("Type de demande inconnu.")
    if type_demande != TypeDemande.CREATION:
        return _nouvelle_suite(request, type_demande)
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


TYPES_PAR_PARAMETRE = {
    "creation": TypeDemande.CREATION,
    "revision": TypeDemande.REVISION,
    "reactivation": TypeDemande.REACTIVATION,
    "veille": TypeDemande.MISE_EN_VEILLE,
    "suppression": TypeDemande.SUPPRESSION,
}
"""`/demandes/nouvelle/?type=…` → the kind of request filed."""


def _nouvelle_suite(request: HttpRequest, type_demande: TypeDemande) -> HttpResponse:
    """A request on an existing CQPM; who may file it, on which CQPM, is the service's to check (R-LC-REV-01,
    R-LC-REV-02, R-LC-REA-01, R-LC-SUP-01, R-LC-SUP-02)."""
    initial = {"qualification": request.GET.get("qualification")}
    form = FormulaireSuite(request.POST or None, type_demande=type_demande, utilisateur=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            demande = services.creer_demande(
                type_demande,
                acteur=request.user,
                demandeurs=form.demandeurs(),
                par_le_gtp=form.cleaned_data.get("par_le_gtp", False),
                qualification=form.cleaned_data["qualification"],
                nouveaux_centres=list(form.cleaned_data.get("nouveaux_centres", [])),
                avec_revision=form.cleaned_data.get("avec_revision", False),
                **form.dossier(),
            )
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, f"La demande n° {demande.pk} est enregistrée en brouillon.")
            return redirect("cycle_de_vie:detail", pk=demande.pk)
    parametre = next(p for p, t in TYPES_PAR_PARAMETRE.items() if t == type_demande)
    contexte = {"form": form, "type_demande": type_demande, "parametre": parametre}
    return render(request, "cycle_de_vie/nouvelle_suite.html", contexte, status=422 if form.errors else 200)


@action_requise(Action.CONSULTER_DEMANDES)
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """Rewrite the dossier's parts while the request is a draft or submitted (R-LC-CRE-02); `modifier_dossier`
    checks who acts and the state, its refusal is shown above the form."""
    demande = _demande(request, pk)
    form = FormulaireDossier(request.POST or None, demande=demande)
    if request.method == "POST" and form.is_valid():
        modifications = form.modifications()
        try:
            if modifications:
                services.modifier_dossier(demande, acteur=request.user, **modifications)
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(
                request, "Le dossier est enregistré." if modifications else "Le dossier n'a pas été modifié."
            )
            return redirect("cycle_de_vie:detail", pk=demande.pk)
    elif request.method != "POST" and not _peut_agir(request.user, demande):
        return refuser(request, Action.DEPOSER_DEMANDE, demande)
    contexte = {"demande": demande, "form": form}
    return render(request, "cycle_de_vie/dossier.html", contexte, status=422 if form.errors else 200)


@require_POST
@action_requise(Action.CONSULTER_DEMANDES)
def joindre(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file; its type is read from its content and its size capped by `joindre_piece` (R-LC-CRE-02)."""
    demande = _demande(request, pk)
    form = FormulairePiece(request.POST, request.FILES)
    if form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            piece = services.joindre_piece(demande, fichier, acteur=request.user)
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, f"La pièce « {piece.nom_original} » est jointe au dossier.")
            return redirect(f"{reverse('cycle_de_vie:detail', args=[demande.pk])}#pieces")
    return _page_demande(request, demande, form_piece=form)


def telecharger(request: HttpRequest, pk: int, piece: int) -> HttpResponseBase:
    """A dossier's attachment, to whoever may read the request (404 otherwise), always as a download."""
    if not peut(request.user, Action.CONSULTER_DEMANDES):
        return refuser(request, Action.CONSULTER_DEMANDES)
    demande = _demande(request, pk)
    fichier = get_object_or_404(PieceJointe, demande=demande, pk=piece)
    return FileResponse(
        fichier.fichier.open("rb"),
        as_attachment=True,
        filename=fichier.nom_original,
        content_type=TYPES_MIME.get(TypePiece(fichier.type_detecte), "application/octet-stream"),
    )


@require_POST
@action_requise(Action.CONSULTER_DEMANDES)
def retirer(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a request not yet decided; it stays archived with its dossier (R-ARCH-04)."""
    demande = _demande(request, pk)
    form = FormulaireRetrait(request.POST)
    if form.is_valid():
        try:
            services.retirer(demande, acteur=request.user, motif=form.cleaned_data["motif"])
        except RegleViolee as exc:
            return _page_demande(request, demande, refus=exc, action="retirer", form_retrait=form)
        messages.success(request, "La demande est retirée ; elle reste archivée avec son dossier.")
        return redirect("cycle_de_vie:detail", pk=demande.pk)
    return _page_demande(request, demande, form_retrait=form)


@require_POST
@action_requise(Action.CONSULTER_DEMANDES)
def informer_cprefp(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the date a CPREFP was informed of a revision or reactivation (R-LC-REV-01)."""
    demande = _demande(request, pk)
    form = FormulaireInformationCPREFP(request.POST, demande=demande)
    if form.is_valid():
        cprefp = form.cleaned_data["cprefp"]
        try:
            services.informer_cprefp(demande, cprefp, le=form.cleaned_data["le"], acteur=request.user)
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, f"L'information de « {cprefp} » est enregistrée.")
            return redirect(f"{reverse('cycle_de_vie:detail', args=[demande.pk])}#cprefp")
    return _page_demande(request, demande, form_cprefp=form)


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
