"""What applies on a given date, read from the register and the GTP's decisions.

Later issues call these when a candidate is registered or awarded: `verifier_engagement_possible` before engaging
a new candidate, `engagement_anterieur_autorise` for a candidate engaged earlier, `version_applicable` to know
under which referential he is evaluated (R-LC-REV-04: the version in force on his engagement date).
"""

from __future__ import annotations

import datetime

from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.cycle_de_vie.models import Decision
from cqpm.cycle_de_vie.rules import Evenement, bloc_applicable, motif_de_fermeture
from cqpm.referentiels.enums import Liste, StatutQualification, StatutVersion
from cqpm.referentiels.models import Bloc, Qualification, VersionReferentiel

__all__ = [
    "bloc_applicable",
    "engagement_anterieur_autorise",
    "fin_de_reactivation",
    "verifier_engagement_possible",
    "version_applicable",
]

_OUVERTURES_FERMETURES = (TypeDemande.REACTIVATION, TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION)


def version_applicable(qualification: Qualification, le: datetime.date) -> VersionReferentiel:
    """The decided version in force on `le`: a revised referential applies from its decision date, the older one
    before it (R-LC-REV-04)."""
    version = (
        VersionReferentiel.objects.filter(
            qualification=qualification, statut=StatutVersion.DECIDEE, date_application__lte=le
        )
        .order_by("-date_application", "-numero")
        .first()
    )
    if version is None:
        raise RegleViolee(
            "R-LC-CRE-06",
            f"Aucun référentiel de « {qualification.intitule} » n'est applicable le {le:%d/%m/%Y} : un référentiel "
            "s'applique à partir de la décision du GTP (R-LC-CRE-06, R-LC-REV-04).",
            code="aucune_version_applicable",
        )
    return version


def _motif_de_fermeture(qualification: Qualification, le: datetime.date) -> RegleViolee | None:
    creation = None if qualification.statut == StatutQualification.PROJET else qualification.date_creation
    evenements = [
        Evenement(d.date, d.demande.type, d.fin_reactivation)
        for d in Decision.objects.filter(
            demande__qualification=qualification, favorable=True, demande__type__in=_OUVERTURES_FERMETURES
        )
        .select_related("demande")
        .order_by("date", "pk")
    ]
    fermee = qualification.statut in (StatutQualification.EN_VEILLE, StatutQualification.SUPPRIMEE)
    reactivations = [e.date for e in evenements if e.type == TypeDemande.REACTIVATION]
    if (fermee or reactivations) and all(e.type == TypeDemande.REACTIVATION for e in evenements):
        # Put in veille or suppressed before this product existed (imported): its withdrawal from liste A is the
        # dated trace of that decision (R-LIST-03).
        retraits = qualification.inscriptions_listes.filter(liste=Liste.A, fin__isnull=False)
        if reactivations:
            retraits = retraits.filter(fin__lte=reactivations[0])
        retrait = retraits.order_by("-fin").values_list("fin", flat=True).first()
        if retrait is None and not reactivations:
            return RegleViolee(
                "R-LC-SUP-04",
                f"« {qualification.intitule} » a été mis en veille ou supprimé avant sa reprise dans le registre, "
                "à une date inconnue : aucun nouveau candidat ne peut y être engagé (R-LC-SUP-04).",
                code="cqpm_ferme",
            )
        if retrait is not None:
            suppression = qualification.statut == StatutQualification.SUPPRIMEE and not reactivations
            type_fermeture = TypeDemande.SUPPRESSION if suppression else TypeDemande.MISE_EN_VEILLE
            evenements = [Evenement(retrait, type_fermeture), *evenements]
    return motif_de_fermeture(qualification.intitule, creation, evenements, le)


def fin_de_reactivation(qualification: Qualification) -> datetime.date | None:
    """The end date of the reactivation the CQPM is under, when the GTP limited it (R-LC-REA-02); None otherwise."""
    derniere = (
        Decision.objects.filter(
            demande__qualification=qualification, favorable=True, demande__type__in=_OUVERTURES_FERMETURES
        )
        .select_related("demande")
        .order_by("-date", "-pk")
        .first()
    )
    if derniere is None or derniere.demande.type != TypeDemande.REACTIVATION:
        return None
    return derniere.fin_reactivation


def verifier_engagement_possible(qualification: Qualification, le: datetime.date, *, bloc: Bloc | None = None) -> None:
    """Refuse to engage a new candidate on `le` when the CQPM is not yet created (R-LC-CRE-06), in veille or
    suppressed (R-LC-SUP-04), past the end of its reactivation (R-LC-REA-02), or — for a bloc alone — when the bloc
    is not yet registered in the RNCP (R-LC-CRE-06)."""
    motif = _motif_de_fermeture(qualification, le)
    if motif is not None:
        raise motif
    if bloc is None:
        return
    if Bloc.objects.filter(pk=bloc.pk, version__qualification=qualification).values("pk").first() is None:
        raise RegleViolee(
            "R-LC-CRE-06",
            f"Le bloc « {bloc.intitule} » n'appartient pas au référentiel de « {qualification.intitule} ».",
            code="bloc_etranger",
        )
    if not bloc_applicable(bloc, le):
        depuis = (
            f"il ne l'est qu'à partir du {bloc.date_enregistrement_rncp:%d/%m/%Y}"
            if bloc.date_enregistrement_rncp
            else "il n'y est pas encore inscrit"
        )
        raise RegleViolee(
            "R-LC-CRE-06",
            f"Le bloc {bloc.numero} « {bloc.intitule} » n'est applicable qu'à partir de son inscription au RNCP : "
            f"{depuis} ; aucun candidat ne peut y être engagé le {le:%d/%m/%Y} (R-LC-CRE-06).",
            code="bloc_non_applicable",
        )


def engagement_anterieur_autorise(qualification: Qualification, date_engagement: datetime.date) -> bool:
    """May a candidate engaged on `date_engagement` still be awarded this CQPM? Yes when the CQPM was open to new
    candidates that day — before the decision that put it in veille or suppressed it (R-LC-SUP-04)."""
    return _motif_de_fermeture(qualification, date_engagement) is None
