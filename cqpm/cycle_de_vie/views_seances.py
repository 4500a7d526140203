"""Pages of the GTP séances: the list, a séance's agenda, putting complete requests on it, postponing an item and
recording the GTP's decision on it.

As in `views.py`, views only shape forms and call `services`, which check who acts and every rule; a refusal is shown
next to the form that caused it, with its message unchanged. An agenda lists only the requests the user may read,
as the API does.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.permissions import Action, peut
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import StatutDemande, TypeDemande
from cqpm.cycle_de_vie.forms_seances import FormulaireDecision, FormulaireInscription, FormulaireSeance
from cqpm.cycle_de_vie.models import Decision, Demande
from cqpm.gtp import services as gtp
from cqpm.gtp.enums import IssuePoint, NatureSujet, StatutSeance
from cqpm.gtp.models import PointOrdreDuJour, Seance
from cqpm.gtp.sujets import type_de


@action_requise(Action.CONSULTER_DEMANDES)
def liste(request: HttpRequest) -> HttpResponse:
    seances = Seance.objects.annotate(nombre_points=Count("points")).order_by("-date", "-pk")
    return render(
        request,
        "cycle_de_vie/seances/liste.html",
        {"seances": seances, "peut_gerer": peut(request.user, Action.GERER_SEANCES)},
    )


@action_requise(Action.GERER_SEANCES)
def nouvelle(request: HttpRequest) -> HttpResponse:
    form = FormulaireSeance(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seance = gtp.creer_seance(acteur=request.user, **form.cleaned_data)
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, f"La séance du {date_format(seance.date, 'j F Y')} est planifiée.")
            return redirect("seances:detail", pk=seance.pk)
    return render(request, "cycle_de_vie/seances/nouvelle.html", {"form": form}, status=422 if form.errors else 200)


def _points(request: HttpRequest, seance: Seance) -> list[PointOrdreDuJour]:
    """The agenda, limited to the subjects the user may read (items without a subject are public)."""
    return list(gtp.points_visibles(seance, request.user).select_related("decision"))


def _proposables() -> Q:
    """Complete requests not on any agenda yet: those a séance may take (the service has the last word)."""
    return Q(statut=StatutDemande.COMPLETE) & ~Q(pk__in=gtp.inscrits(Demande).values("sujet_id"))


def _proposees(request: HttpRequest) -> list[Demande]:
    return list(
        services.demandes_visibles(request.user)
        .filter(_proposables())
        .select_related("qualification")
        .order_by("complete_le", "pk")
    )


def _demandes(
    request: HttpRequest, points: list[PointOrdreDuJour], *, proposer: bool
) -> tuple[dict[int, Demande], list[Demande]]:
    """The requests on the agenda (by id) and, when asked, those it may take — read in one query for both."""
    sur_l_ordre = {p.sujet_id for p in points if p.nature == NatureSujet.DEMANDE}
    filtre = Q(pk__in=sur_l_ordre)
    if proposer:
        filtre |= _proposables()
    demandes = list(
        services.demandes_visibles(request.user)
        .filter(filtre)
        .annotate(proposable=Q(_proposables()) if proposer else Value(False))
        .select_related("qualification")
        .order_by("complete_le", "pk")
    )
    return {d.pk: d for d in demandes if d.pk in sur_l_ordre}, [d for d in demandes if d.proposable]


def _page_seance(
    request: HttpRequest,
    seance: Seance,
    *,
    form_inscription: FormulaireInscription | None = None,
    form_decision: FormulaireDecision | None = None,
    point_refuse: int | None = None,
    refus: RegleViolee | None = None,
) -> HttpResponse:
    gerer = peut(request.user, Action.GERER_SEANCES)
    enregistrer = peut(request.user, Action.ENREGISTRER_DECISIONS)
    planifiee = seance.statut == StatutSeance.PLANIFIEE
    points = _points(request, seance)
    demandes, proposees = _demandes(request, points, proposer=gerer and planifiee)
    lignes: list[dict[str, Any]] = []
    for point in points:
        demande = demandes.get(point.sujet_id or 0) if point.nature == NatureSujet.DEMANDE else None
        a_examiner = point.issue == IssuePoint.A_EXAMINER and demande is not None
        form = form_decision if form_decision and point.pk == point_refuse else None
        if form is None and enregistrer and a_examiner and demande is not None:
            form = FormulaireDecision(point=point, demande=demande)
        lignes.append(
            {
                "point": point,
                "demande": demande,
                "decision": getattr(point, "decision", None),
                "peut_reporter": gerer and a_examiner,
                "form_decision": form,
                "refus": refus if point.pk == point_refuse else None,
            }
        )
    inscription = None
    if gerer and planifiee:
        inscription = form_inscription or FormulaireInscription(
            visibles=services.demandes_visibles(request.user), proposees=proposees
        )
    en_erreur = refus or (form_inscription and form_inscription.errors) or (form_decision and form_decision.errors)
    return render(
        request,
        "cycle_de_vie/seances/detail.html",
        {
            "seance": seance,
            "lignes": lignes,
            "form_inscription": inscription,
            "proposees": proposees,
            "peut_gerer": gerer,
            "en_erreur": en_erreur,
        },
        status=422 if en_erreur else 200,
    )


@action_requise(Action.CONSULTER_DEMANDES)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page_seance(request, get_object_or_404(Seance, pk=pk))


@require_POST
@action_requise(Action.GERER_SEANCES)
def inscrire(request: HttpRequest, pk: int) -> HttpResponse:
    seance = get_object_or_404(Seance, pk=pk)
    form = FormulaireInscription(
        request.POST, visibles=services.demandes_visibles(request.user), proposees=_proposees(request)
    )
    if form.is_valid():
        try:
            point = services.inscrire_a_l_ordre_du_jour(seance, form.cleaned_data["demande"], acteur=request.user)
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, f"La demande est inscrite au point {point.ordre} de l'ordre du jour.")
            return redirect("seances:detail", pk=seance.pk)
    return _page_seance(request, seance, form_inscription=form)


def _point(request: HttpRequest, pk: int, point_pk: int) -> tuple[PointOrdreDuJour, Demande]:
    """An item on a request the user may read, and that request; anything else is not found."""
    visibles = services.demandes_visibles(request.user).values("pk")
    point = get_object_or_404(
        PointOrdreDuJour.objects.select_related("seance").filter(sujet_type=type_de(Demande), sujet_id__in=visibles),
        pk=point_pk,
        seance_id=pk,
    )
    return point, Demande.objects.select_related("qualification").get(pk=int(point.sujet_id or 0))


@require_POST
@action_requise(Action.GERER_SEANCES)
def reporter(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    point, _ = _point(request, pk, point_pk)
    try:
        gtp.reporter(point, acteur=request.user)
    except RegleViolee as exc:
        return _page_seance(request, point.seance, point_refuse=point.pk, refus=exc)
    messages.success(
        request, f"Le point {point.ordre} est reporté : la demande peut être inscrite à une prochaine séance."
    )
    return redirect("seances:detail", pk=pk)


@require_POST
@action_requise(Action.ENREGISTRER_DECISIONS)
def decider(request: HttpRequest, pk: int, point_pk: int) -> HttpResponse:
    point, demande = _point(request, pk, point_pk)
    form = FormulaireDecision(request.POST, point=point, demande=demande)
    if form.is_valid():
        try:
            decision = services.decider(demande, seance=point.seance, acteur=request.user, **form.options())
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, bilan(decision, demande))
            return redirect("seances:detail", pk=pk)
    return _page_seance(request, point.seance, form_decision=form, point_refuse=point.pk)


def bilan(decision: Decision, demande: Demande) -> str:
    """What the decision did, in one sentence for the success message (see `effets.py`)."""
    le = date_format(decision.date, "j F Y")
    nom = f"CQPM « {demande.qualification.intitule} »" + (f" ({decision.numero})" if decision.numero else "")
    cqpm = f"le {nom}"
    listes = " et sur la liste B" if decision.liste_b else ""
    if not decision.favorable:
        fait = f"Décision défavorable enregistrée sur la demande n° {demande.pk}."
    elif demande.type == TypeDemande.CREATION:
        fait = (
            f"Décision favorable enregistrée : {cqpm} est créé le {le}, en catégorie {decision.categorie},"
            f" sous le numéro {decision.numero}, et inscrit sur la liste A{listes}."
        )
    elif demande.type == TypeDemande.REVISION or demande.type == TypeDemande.REACTIVATION:
        if demande.type == TypeDemande.REVISION:
            fait = f"Décision favorable enregistrée : le référentiel révisé du {nom} s'applique depuis le {le}"
        else:
            duree = (
                f"jusqu'au {date_format(decision.fin_reactivation, 'j F Y')}"
                if decision.fin_reactivation
                else "pour une durée indéterminée"
            )
            fait = f"Décision favorable enregistrée : {cqpm} est réactivé à compter du {le}, {duree}"
            if demande.avec_revision:
                fait += ", avec son référentiel révisé"
        if decision.categorie:
            fait += f", en catégorie {decision.categorie}"
        fait += f" ; il figure sur la liste A{listes}."
    else:
        etat = "mis en veille" if demande.type == TypeDemande.MISE_EN_VEILLE else "supprimé"
        fait = f"Décision favorable enregistrée : {cqpm} est {etat} à compter du {le} et retiré des listes."
    return f"{fait} Les UIMM territoriales en sont informées par courriel (R-LC-DEC-01)."
