"""Proposals the product raises itself for the GTP (R-LC-SUP-03), run daily by `manage.py taches_quotidiennes`.

A CQPM in force and unused for 3 years is proposed for veille; a CQPM in veille for 2 years without reactivation is
proposed for suppression. The job files the request in the GTP's name, submits it and puts it on the agenda of the
next planned séance; it never decides — the GTP does, at that séance, once the secretariat has declared the dossier
complete. Running it twice proposes nothing more: a CQPM with an open request is left alone.

"Used" means at least one candidate registered (DISPOSITIF.md, R-LC-SUP-03). The usage signal is
`derniere_utilisation`, the latest date given by the functions of `SOURCES_UTILISATION`: the CQPM's creation, its
reactivations and its decided versions — a CQPM created or revised less than 3 years ago is not unused — and the
latest registration, which the candidats app appends when it starts (`cqpm.candidats.apps`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError
from django.db.models import Max, Q

from cqpm.audit.enums import EvenementAudit
from cqpm.comptes.permissions import Action
from cqpm.core.acteurs import SYSTEME, Acteur
from cqpm.core.dates import ajouter_annees
from cqpm.core.errors import RegleViolee
from cqpm.core.transitions import operation
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import STATUTS_OUVERTS, TypeDemande
from cqpm.cycle_de_vie.models import Decision, Demande
from cqpm.gtp import services as gtp
from cqpm.gtp.enums import StatutSeance
from cqpm.gtp.models import PointOrdreDuJour, Seance
from cqpm.referentiels.enums import Liste, StatutQualification, StatutVersion
from cqpm.referentiels.models import Qualification, VersionReferentiel

ANNEES_SANS_UTILISATION = 3
ANNEES_EN_VEILLE = 2

SourceUtilisation = Callable[[Qualification], datetime.date | None]
"""A usage signal: the latest date the CQPM was known to be used, or None when this source knows of none."""


def _creation(q: Qualification) -> datetime.date | None:
    return q.date_creation


def _derniere_version_decidee(q: Qualification) -> datetime.date | None:
    dates = VersionReferentiel.objects.filter(qualification=q, statut=StatutVersion.DECIDEE).aggregate(
        d=Max("date_decision")
    )
    return dates["d"]


def _derniere_reactivation(q: Qualification) -> datetime.date | None:
    dates = Decision.objects.filter(
        demande__qualification=q, demande__type=TypeDemande.REACTIVATION, favorable=True
    ).aggregate(d=Max("date"))
    return dates["d"]


SOURCES_UTILISATION: list[SourceUtilisation] = [_creation, _derniere_version_decidee, _derniere_reactivation]
"""Where `derniere_utilisation` looks; the candidats app appends the latest registration date."""


def derniere_utilisation(qualification: Qualification) -> datetime.date | None:
    """The latest date the CQPM is known to have been used or renewed (R-LC-SUP-03), None if no source knows."""
    dates = [d for source in SOURCES_UTILISATION if (d := source(qualification)) is not None]
    return max(dates, default=None)


def debut_de_veille(qualification: Qualification) -> datetime.date | None:
    """The day the current veille began: the GTP's decision putting it in veille, or the day after a time-limited
    reactivation ended (R-LC-REA-02); for a CQPM put in veille before this product, its dated withdrawal from
    liste A (R-LIST-03). None when the register does not say."""
    derniere = (
        Decision.objects.filter(
            demande__qualification=qualification,
            favorable=True,
            demande__type__in=[TypeDemande.MISE_EN_VEILLE, TypeDemande.REACTIVATION],
        )
        .select_related("demande")
        .order_by("-date", "-pk")
        .first()
    )
    if derniere is not None:
        if derniere.demande.type == TypeDemande.MISE_EN_VEILLE:
            return derniere.date
        fin = derniere.fin_reactivation
        return fin + datetime.timedelta(days=1) if fin is not None else None
    retrait = qualification.inscriptions_listes.filter(liste=Liste.A, fin__isnull=False).aggregate(d=Max("fin"))
    fin_liste_a: datetime.date | None = retrait["d"]
    return fin_liste_a


def _dernier_refus(qualification: Qualification, type_demande: TypeDemande) -> datetime.date | None:
    """When the GTP last turned down (or the secretariat withdrew) a proposal of this kind: the period restarts
    from there, so that a refused proposal is not raised again the next morning."""
    refus = Demande.objects.filter(qualification=qualification, type=type_demande).aggregate(
        decidee=Max("decidee_le", filter=~Q(decision__favorable=True)), retiree=Max("retiree_le")
    )
    dates = [refus["decidee"]]
    if refus["retiree"] is not None:
        dates.append(refus["retiree"].date())
    return max((d for d in dates if d is not None), default=None)


@dataclass(frozen=True)
class Echeance:
    """Why a CQPM is due for a proposal: its kind, the rule's period, when it started and when it ran out."""

    type: TypeDemande
    depuis: datetime.date
    echue_le: datetime.date
    origine_du_delai: str

    def motif(self, qualification: Qualification) -> str:
        if self.type == TypeDemande.MISE_EN_VEILLE:
            return (
                f"Proposition du GTP « Qualifications » établie automatiquement (R-LC-SUP-03) : aucun candidat n'a "
                f"été inscrit au CQPM « {qualification} » depuis le {self.depuis:%d/%m/%Y} ({self.origine_du_delai}), "
                f"soit {ANNEES_SANS_UTILISATION} ans sans utilisation au {self.echue_le:%d/%m/%Y} : sa mise en veille "
                "est proposée au GTP, qui en décide."
            )
        return (
            f"Proposition du GTP « Qualifications » établie automatiquement (R-LC-SUP-03) : le CQPM « {qualification} "
            f"» est en veille depuis le {self.depuis:%d/%m/%Y} ({self.origine_du_delai}) sans avoir été réactivé, "
            f"soit {ANNEES_EN_VEILLE} ans au {self.echue_le:%d/%m/%Y} : sa suppression est proposée au GTP, qui en "
            "décide."
        )


def echeance(qualification: Qualification, le: datetime.date) -> Echeance | None:
    """The proposal due on `le` for this CQPM under R-LC-SUP-03, or None. Exactly N years after the start of the
    period is due; the day before is not."""
    if qualification.statut == StatutQualification.EN_VIGUEUR:
        type_demande, annees = TypeDemande.MISE_EN_VEILLE, ANNEES_SANS_UTILISATION
        depuis, origine = derniere_utilisation(qualification), "dernière utilisation connue"
    elif qualification.statut == StatutQualification.EN_VEILLE:
        type_demande, annees = TypeDemande.SUPPRESSION, ANNEES_EN_VEILLE
        depuis, origine = debut_de_veille(qualification), "début de la veille"
    else:
        return None
    refus = _dernier_refus(qualification, type_demande)
    if refus is not None and (depuis is None or refus > depuis):
        depuis, origine = refus, "dernière demande du même type écartée par le GTP ou retirée"
    if depuis is None:
        return None
    echue_le = ajouter_annees(depuis, annees)
    if le < echue_le:
        return None
    return Echeance(type_demande, depuis, echue_le, origine)


def prochaine_seance(le: datetime.date) -> Seance | None:
    """The next planned séance of the GTP, on or after `le`."""
    return Seance.objects.filter(statut=StatutSeance.PLANIFIEE, date__gte=le).order_by("date", "pk").first()


def proposer(le: datetime.date, *, acteur: Acteur = SYSTEME) -> list[Demande]:
    """File, in the GTP's name, every veille or suppression proposal due on `le` (R-LC-SUP-03), submit it and put
    it on the agenda of the next planned séance when there is one. Never decides. Returns the new requests.

    `SYSTEME` is the scheduled job; a CQPM already under an open request is skipped, and so is one that
    another run claimed meanwhile (the one-open-request constraint), so that concurrent runs stay harmless.
    """
    candidats = (
        Qualification.objects.filter(statut__in=[StatutQualification.EN_VIGUEUR, StatutQualification.EN_VEILLE])
        .exclude(demandes__statut__in=STATUTS_OUVERTS)
        .order_by("pk")
    )
    seance = prochaine_seance(le)
    proposees = []
    for qualification in candidats:
        due = echeance(qualification, le)
        if due is None:
            continue
        try:
            demande = _deposer(qualification, due, seance, acteur)
        except IntegrityError:
            continue
        except RegleViolee as refus:
            if refus.code != "demande_en_cours":
                raise
            continue
        proposees.append(demande)
    return proposees


def _deposer(qualification: Qualification, due: Echeance, seance: Seance | None, acteur: Acteur) -> Demande:
    with operation(acteur=acteur, permission=Action.INSTRUIRE_DEMANDES) as op:
        demande = services.creer_demande(
            due.type, acteur=acteur, par_le_gtp=True, qualification=qualification, motif=due.motif(qualification)
        )
        demande = services.soumettre(demande, acteur=acteur)
        if seance is not None:
            services.inscrire_a_l_ordre_du_jour(seance, demande, acteur=acteur)
        op.journaliser(
            EvenementAudit.DEMANDE_PROPOSITION_AUTOMATIQUE,
            demande,
            apres={
                "type": due.type.value,
                "depuis": due.depuis.isoformat(),
                "echue_le": due.echue_le.isoformat(),
                "seance": seance.pk if seance is not None else None,
            },
            regle="R-LC-SUP-03",
        )
    return demande


def point_inscrit(demande: Demande) -> PointOrdreDuJour | None:
    """The agenda item awaiting examination for this request, if any."""
    return gtp.point_a_examiner(demande)
