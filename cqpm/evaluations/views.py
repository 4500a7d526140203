"""Pages of the evaluation on the training path, for the exam centre (and the company for its opinion).

Views only shape forms and call `services`, which check who acts and every rule; a refusal is shown next to its
form with the rule's own sentence. An inscription the user may not read answers 404, as in the API.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cqpm.candidats.enums import Parcours, StatutInscription
from cqpm.candidats.models import Inscription
from cqpm.candidats.services import inscriptions_visibles
from cqpm.comptes.decorateurs import action_requise, refuser
from cqpm.comptes.permissions import Action, perimetre, peut
from cqpm.core.errors import RegleViolee
from cqpm.evaluations import etat, services
from cqpm.evaluations import forms as f
from cqpm.evaluations.models import DossierEvaluation, ModaliteChoisie, ResultatCapacite
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Capacite


@action_requise(Action.GERER_EVALUATIONS)
def liste(request: HttpRequest) -> HttpResponse:
    """The inscriptions on the training path whose exam centre the user is."""
    inscriptions = (
        perimetre(request.user, Action.GERER_EVALUATIONS)
        .filtrer(Inscription.objects.all(), "centre_examen")
        .filter(parcours=Parcours.FORMATION_CONTINUE, statut=StatutInscription.EN_COURS)
        .select_related("candidat", "qualification", "version", "dossier_evaluation")
        .order_by("-date_inscription", "-pk")[:500]
    )
    return render(request, "evaluations/liste.html", {"inscriptions": inscriptions})


def _inscription(request: HttpRequest, pk: int) -> Inscription:
    return get_object_or_404(inscriptions_visibles(request.user), pk=pk)


def _dossier(inscription: Inscription) -> DossierEvaluation:
    dossier = DossierEvaluation.objects.filter(inscription=inscription).first()
    if dossier is None:
        raise RegleViolee("R-EVAL-01", "Ouvrez d'abord le dossier d'évaluation.", code="dossier_absent")
    dossier.inscription = inscription
    return dossier


def _page(
    request: HttpRequest,
    inscription: Inscription,
    *,
    refus: RegleViolee | None = None,
    action: str = "",
    **formulaires: forms.Form,
) -> HttpResponse:
    dossier = DossierEvaluation.objects.filter(inscription=inscription).first()
    gerer = peut(request.user, Action.GERER_EVALUATIONS, inscription)
    capacites = services.capacites_visees(inscription)
    acquis = services.acquis_reportables(inscription)
    reprises = {a.capacite.pk for a in acquis if a.reprise}
    a_evaluer = [c for c in capacites if c.pk not in reprises]
    choisies = list(ModaliteChoisie.objects.filter(dossier=dossier)) if dossier else []
    resultats = list(ResultatCapacite.objects.filter(dossier=dossier).select_related("commission")) if dossier else []
    commissions = services.commissions_visibles(request.user).filter(centre_examen=inscription.centre_examen)
    contexte: dict[str, Any] = {
        "inscription": inscription,
        "dossier": dossier,
        "gerer": gerer,
        "saisir_avis": peut(request.user, Action.SAISIR_AVIS_ENTREPRISE, inscription),
        "avis_exige": services.avis_exige(inscription),
        "acquis": acquis,
        "lignes": _lignes(acquis, choisies, resultats),
        "au_plus_tot": services.rules.date_commission_au_plus_tot(inscription.date_inscription),
        "refus": refus,
        "action_refusee": action,
    }
    if dossier is not None:
        initial_dossier = {
            "recommandations": dossier.recommandations,
            "adaptations": dossier.adaptations,
            "le": dossier.recommandations_le,
        }
        contexte |= {
            "form_modalites": formulaires.get("form_modalites")
            or f.FormulaireModalites(capacites=a_evaluer, choisies=choisies),
            "form_transmission": formulaires.get("form_transmission")
            or f.FormulaireTransmission(prefix="transmission", initial={"le": dossier.transmis_le}),
            "form_recommandations": formulaires.get("form_recommandations")
            or f.FormulaireRecommandations(prefix="recommandations", initial=initial_dossier),
            "form_avis": formulaires.get("form_avis")
            or f.FormulaireAvis(
                prefix="avis",
                initial={"avis": dossier.avis_entreprise, "auteur": dossier.avis_auteur, "le": dossier.avis_le},
            ),
            "form_compensations": formulaires.get("form_compensations")
            or f.FormulaireCompensations(
                prefix="compensations",
                initial={
                    "demandees": dossier.compensations_demandees,
                    "demandees_le": dossier.compensations_demandees_le,
                    "accordees": dossier.compensations_accordees,
                    "accordees_le": dossier.compensations_accordees_le,
                },
            ),
            "form_resultats": formulaires.get("form_resultats")
            or f.FormulaireResultats(capacites=a_evaluer, commissions=commissions, resultats=resultats),
            "form_acquis": formulaires.get("form_acquis") or _form_acquis(inscription),
            "commissions": commissions,
        }
    en_erreur = refus is not None or any(form.errors for form in formulaires.values())
    return render(request, "evaluations/dossier.html", contexte, status=422 if en_erreur else 200)


def _lignes(
    acquis: list[services.AcquisReportable], choisies: list[ModaliteChoisie], resultats: list[ResultatCapacite]
) -> list[dict[str, Any]]:
    """One row per capacity: its carry-over, its chosen modalities, its result."""
    par_capacite = {r.capacite_id: r for r in resultats}
    return [
        {
            "acquis": a,
            "capacite": a.capacite,
            "modalites": [m for m in choisies if m.capacite_id == a.capacite.pk],
            "resultat": par_capacite.get(a.capacite.pk),
        }
        for a in acquis
    ]


def _capacites_anterieures(inscription: Inscription) -> Any:
    return (
        Capacite.objects.filter(version__qualification_id=inscription.qualification_id, version__statut="decidee")
        .select_related("version")
        .order_by("version__numero", "numero")
    )


def _form_acquis(inscription: Inscription, data: Any = None) -> f.FormulaireAcquis:
    return f.FormulaireAcquis(data, capacites=_capacites_anterieures(inscription), prefix="acquis")


def dossier(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    """The evaluation dossier of an inscription, to whoever may read it (its exam centre, its company…)."""
    if not peut(request.user, Action.CONSULTER_INSCRIPTIONS):
        return refuser(request, Action.CONSULTER_INSCRIPTIONS)
    return _page(request, _inscription(request, inscription_pk))


def _retour(inscription: Inscription, ancre: str = "") -> HttpResponse:
    url = reverse("evaluations:dossier", args=[inscription.pk])
    return redirect(f"{url}#{ancre}" if ancre else url)


@require_POST
@action_requise(Action.GERER_EVALUATIONS)
def ouvrir(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    inscription = _inscription(request, inscription_pk)
    try:
        services.ouvrir_dossier(inscription, acteur=request.user)
    except RegleViolee as exc:
        return _page(request, inscription, refus=exc, action="ouvrir")
    messages.success(request, "Le dossier d'évaluation est ouvert.")
    return _retour(inscription)


def _ecriture(request: HttpRequest, inscription_pk: int, nom: str, construire: Any, ecrire: Any, succes: str) -> Any:
    """Shared shape of the dossier's forms: validate, call the service, show its refusal next to the form."""
    inscription = _inscription(request, inscription_pk)
    try:
        d = _dossier(inscription)
    except RegleViolee as exc:
        return _page(request, inscription, refus=exc, action=nom)
    form = construire(d)
    if form.is_valid():
        try:
            ecrire(d, form)
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, succes)
            return _retour(inscription, nom)
    return _page(request, inscription, **{f"form_{nom}": form})


@require_POST
@action_requise(Action.GERER_EVALUATIONS)
def modalites(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    def construire(d: DossierEvaluation) -> f.FormulaireModalites:
        reprises = {a.capacite.pk for a in services.acquis_reportables(d.inscription) if a.reprise}
        capacites = [c for c in services.capacites_visees(d.inscription) if c.pk not in reprises]
        return f.FormulaireModalites(request.POST, capacites=capacites, choisies=[])

    def ecrire(d: DossierEvaluation, form: f.FormulaireModalites) -> None:
        choix = [services.ChoixCapacite(c, m, j) for c, m, j in form.choix()]
        if not choix:
            raise RegleViolee("R-EVAL-01", "Cochez au moins une modalité pour une capacité (R-EVAL-01).")
        services.choisir_modalites(d, choix, acteur=request.user)

    return _ecriture(request, inscription_pk, "modalites", construire, ecrire, "Les modalités sont enregistrées.")


@require_POST
@action_requise(Action.GERER_EVALUATIONS)
def transmission(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    return _ecriture(
        request,
        inscription_pk,
        "transmission",
        lambda d: f.FormulaireTransmission(request.POST, prefix="transmission"),
        lambda d, form: services.transmettre(d, le=form.cleaned_data["le"], acteur=request.user),
        "La transmission du dossier au centre de ressources est enregistrée.",
    )


@require_POST
@action_requise(Action.GERER_EVALUATIONS)
def recommandations(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    return _ecriture(
        request,
        inscription_pk,
        "recommandations",
        lambda d: f.FormulaireRecommandations(request.POST, prefix="recommandations"),
        lambda d, form: services.enregistrer_recommandations(d, acteur=request.user, **form.cleaned_data),
        "Les recommandations du centre de ressources sont enregistrées.",
    )


@require_POST
@action_requise(Action.SAISIR_AVIS_ENTREPRISE)
def avis(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    return _ecriture(
        request,
        inscription_pk,
        "avis",
        lambda d: f.FormulaireAvis(request.POST, prefix="avis"),
        lambda d, form: services.saisir_avis_entreprise(d, acteur=request.user, **form.cleaned_data),
        "L'avis de l'entreprise est enregistré.",
    )


@require_POST
@action_requise(Action.GERER_EVALUATIONS)
def compensations(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    return _ecriture(
        request,
        inscription_pk,
        "compensations",
        lambda d: f.FormulaireCompensations(request.POST, prefix="compensations"),
        lambda d, form: services.enregistrer_compensations(d, acteur=request.user, **form.cleaned_data),
        "Les compensations du handicap sont enregistrées.",
    )


@require_POST
@action_requise(Action.GERER_EVALUATIONS)
def resultats(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    def construire(d: DossierEvaluation) -> f.FormulaireResultats:
        reprises = {a.capacite.pk for a in services.acquis_reportables(d.inscription) if a.reprise}
        capacites = [c for c in services.capacites_visees(d.inscription) if c.pk not in reprises]
        commissions = services.commissions_visibles(request.user).filter(centre_examen=d.inscription.centre_examen)
        return f.FormulaireResultats(request.POST, capacites=capacites, commissions=commissions, resultats=[])

    def ecrire(d: DossierEvaluation, form: f.FormulaireResultats) -> None:
        saisis = [services.ResultatSaisi(c, a, o) for c, a, o in form.resultats()]
        if not saisis:
            raise RegleViolee("R-EVAL-04", "Indiquez le résultat d'au moins une capacité (R-EVAL-04).")
        services.enregistrer_resultats(
            d, commission=form.cleaned_data["commission"], resultats=saisis, acteur=request.user
        )

    return _ecriture(request, inscription_pk, "resultats", construire, ecrire, "Les résultats sont enregistrés.")


@require_POST
@action_requise(Action.GERER_EVALUATIONS)
def acquis(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    inscription = _inscription(request, inscription_pk)
    form = _form_acquis(inscription, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.saisir_acquis_anterieur(
                inscription.candidat,
                d["capacite"],
                date_jury=d["date_jury"],
                bloc_certifie=d["bloc_certifie"],
                cqpm_rncp=d["cqpm_rncp"],
                reference=d["reference"],
                acteur=request.user,
            )
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, "La capacité validée par un jury antérieur est enregistrée.")
            return _retour(inscription, "acquis")
    return _page(request, inscription, form_acquis=form)


@action_requise(Action.GERER_EVALUATIONS)
def etat_pdf(request: HttpRequest, inscription_pk: int) -> HttpResponse:
    """The état récapitulatif as a PDF download; a refusal (missing result, opinion…) is shown on the dossier."""
    inscription = _inscription(request, inscription_pk)
    try:
        pdf = etat.pdf_etat_recapitulatif(inscription, acteur=request.user)
    except RegleViolee as exc:
        return _page(request, inscription, refus=exc, action="etat")
    reponse = HttpResponse(pdf, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{etat.nom_fichier(inscription)}"'
    return reponse


@action_requise(Action.GERER_EVALUATIONS)
def nouvelle_commission(request: HttpRequest) -> HttpResponse:
    """A commission d'évaluation of one of the user's exam centres (R-EVAL-04); `?inscription=` brings back."""
    portee = perimetre(request.user, Action.GERER_EVALUATIONS)
    centres = portee.filtrer(Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, active=True), "pk")
    retour = request.GET.get("inscription", "")
    inscription = None
    if retour.isdigit():
        inscription = inscriptions_visibles(request.user).filter(pk=int(retour)).first()
    initial = {"centre_examen": inscription.centre_examen_id} if inscription else {}
    form = f.FormulaireCommission(request.POST or None, centres=centres.order_by("departement"), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                commission = services.creer_commission(
                    centre_examen=form.cleaned_data["centre_examen"],
                    date=form.cleaned_data["date"],
                    lieu=form.cleaned_data["lieu"],
                    membres=form.membres(),
                    acteur=request.user,
                )
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, f"La commission d'évaluation du {commission.date:%d/%m/%Y} est créée.")
            return _retour(inscription, "resultats") if inscription else redirect("evaluations:liste")
    contexte = {"form": form, "inscription": inscription}
    return render(request, "evaluations/commission.html", contexte, status=422 if form.errors else 200)
