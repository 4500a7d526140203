"""Pure rules of the evaluation (R-EVAL-01 to 06, R-REG-02, R-LET-04): no database, so hypothesis can probe them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cqpm.candidats.enums import Parcours, VoieInscription
from cqpm.core.dates import ajouter_annees, ajouter_mois
from cqpm.core.errors import RegleViolee
from cqpm.documents.rendu import date_longue
from cqpm.referentiels.enums import Modalite
from cqpm.referentiels.rules import verifier_choix_modalites

DELAI_COMMISSION_MOIS = 3
"""R-REG-02: at least 3 months between the registration and the meeting of the commission d'évaluation."""
CONSERVATION_MOIS = 24
"""R-LET-04: a new registration within 24 months of the jury keeps the validated capacities…"""
CONSERVATION_ANS_RNCP = 5
"""…5 years when the CQPM was registered in the RNCP."""
MEMBRES_MIN = 2
"""R-EVAL-04: « plusieurs membres qualifiés »."""


def avis_entreprise_exige(*, parcours: str, a_une_entreprise: bool, voie: str, accord_employeur: bool) -> bool:
    """R-EVAL-03: the company's opinion completes the evaluation, except in VAE and when the employee acts
    without his employer's agreement. **Decision:** a job seeker has no company, so no opinion; an employee who
    registered directly (CIF, CPF) without the agreement flag is the one acting without it."""
    if parcours == Parcours.VAE or not a_une_entreprise:
        return False
    return not (voie == VoieInscription.DIRECTE and not accord_employeur)


def verifier_modalites_capacite(
    autorisees: Iterable[str], choisies: Iterable[str], justification: str, *, capacite: str
) -> None:
    """The modalities chosen for one capacity are among those its referential allows (R-EVAL-01); a situation
    reconstituée is allowed there and justified (R-EVAL-02); and something actually evaluates (R-REF-02)."""
    autorisees_, choisies_ = set(autorisees), set(choisies)
    reconstituee = Modalite.SITUATION_RECONSTITUEE in choisies_
    if reconstituee and Modalite.SITUATION_RECONSTITUEE not in autorisees_:
        raise RegleViolee(
            "R-EVAL-02",
            f"Le référentiel ne prévoit pas de situation professionnelle reconstituée pour la capacité {capacite} : "
            "elle ne peut pas être retenue (R-EVAL-02).",
            code="reconstituee_non_prevue",
            champ="modalites",
        )
    if reconstituee and not justification.strip():
        raise RegleViolee(
            "R-EVAL-02",
            f"Capacité {capacite} : la situation reconstituée n'est retenue que si l'évaluation en situation réelle "
            "est impossible ; justifiez-le (R-EVAL-02).",
            code="justification_requise",
            champ="justification",
        )
    if justification.strip() and not reconstituee:
        raise RegleViolee(
            "R-EVAL-02",
            f"Capacité {capacite} : la justification ne concerne que la situation reconstituée, qui n'est pas "
            "retenue (R-EVAL-02).",
            code="justification_sans_reconstituee",
            champ="justification",
        )
    hors = choisies_ - autorisees_
    if hors:
        noms = ", ".join(sorted(Modalite(m).label.lower() for m in hors if m in Modalite.values) or sorted(hors))
        raise RegleViolee(
            "R-EVAL-01",
            f"Capacité {capacite} : les modalités se choisissent parmi celles que prévoit le référentiel de la "
            f"version épinglée ; non prévue : {noms} (R-EVAL-01).",
            code="modalite_non_prevue",
            champ="modalites",
        )
    verifier_choix_modalites(autorisees_, choisies_, capacite=capacite)


def date_commission_au_plus_tot(date_inscription: datetime.date) -> datetime.date:
    return ajouter_mois(date_inscription, DELAI_COMMISSION_MOIS)


def verifier_delai_commission(parcours: str, date_inscription: datetime.date, date_commission: datetime.date) -> None:
    """R-REG-02: on the training path, the commission meets 3 months after the registration at the earliest."""
    if parcours != Parcours.FORMATION_CONTINUE:
        return
    au_plus_tot = date_commission_au_plus_tot(date_inscription)
    if date_commission < au_plus_tot:
        raise RegleViolee(
            "R-REG-02",
            f"La commission d'évaluation du {date_longue(date_commission)} se réunit moins de 3 mois après "
            f"l'inscription du {date_longue(date_inscription)} : pas avant le {date_longue(au_plus_tot)} (R-REG-02).",
            code="delai_commission",
            champ="commission",
        )


@dataclass(frozen=True)
class MembreSaisi:
    nom: str
    qualite: str


def verifier_membres(membres: Sequence[MembreSaisi]) -> None:
    """R-EVAL-04: several qualified members, each named with what qualifies him."""
    incomplets = [m for m in membres if not m.nom.strip() or not m.qualite.strip()]
    if incomplets:
        raise RegleViolee(
            "R-EVAL-04",
            "Chaque membre de la commission est nommé, avec la qualité et l'expérience qui lui permettent "
            "d'évaluer les capacités (R-EVAL-04).",
            code="membre_non_qualifie",
            champ="membres",
        )
    if len(membres) < MEMBRES_MIN:
        raise RegleViolee(
            "R-EVAL-04",
            f"La commission d'évaluation est composée de plusieurs membres qualifiés : {len(membres)} membre(s) "
            f"saisi(s), {MEMBRES_MIN} au moins (R-EVAL-04).",
            code="commission_incomplete",
            champ="membres",
        )


# R-EVAL-06 / R-LET-04: carrying over capacities validated by an earlier jury.


def fin_conservation(date_jury: datetime.date, *, cqpm_rncp: bool) -> datetime.date:
    """The last day a new registration keeps the capacities validated by this jury."""
    if cqpm_rncp:
        return ajouter_annees(date_jury, CONSERVATION_ANS_RNCP)
    return ajouter_mois(date_jury, CONSERVATION_MOIS)


@dataclass(frozen=True)
class Decision:
    reprise: bool
    raison: str


def decision_report(
    *, date_jury: datetime.date, date_inscription: datetime.date, bloc_certifie: bool, cqpm_rncp: bool
) -> Decision:
    """Whether one capacity validated on `date_jury` counts for a registration of `date_inscription`, and why.

    The window is about the registration, not the evaluations, which may come later (R-EVAL-06). A bloc certified
    on its own never expires (R-LET-04, decision)."""
    jury = f"Validée par le jury du {date_longue(date_jury)}"
    if date_jury > date_inscription:
        return Decision(False, f"{jury}, postérieur à l'inscription : ce n'est pas un jury antérieur (R-EVAL-06).")
    if bloc_certifie:
        return Decision(True, f"{jury} ; bloc certifié : acquis sans limite de durée (R-LET-04).")
    fin = fin_conservation(date_jury, cqpm_rncp=cqpm_rncp)
    delai = f"{CONSERVATION_ANS_RNCP} ans (CQPM enregistré au RNCP)" if cqpm_rncp else f"{CONSERVATION_MOIS} mois"
    if date_inscription <= fin:
        return Decision(True, f"{jury}, nouvelle inscription demandée dans les {delai} (R-LET-04).")
    depasse = fin + datetime.timedelta(days=1)
    return Decision(
        False,
        f"{jury}, mais délai de {delai} dépassé le {date_longue(depasse)} : nouvelle inscription du "
        f"{date_longue(date_inscription)} (R-LET-04).",
    )


def meme_intitule(a: str, b: str) -> bool:
    """Two capacity titles are the same when only spacing differs."""
    return " ".join(a.split()) == " ".join(b.split())
