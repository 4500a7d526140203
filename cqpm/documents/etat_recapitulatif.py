"""The état récapitulatif des évaluations (R-EVAL-04): what the exam centre hands to the jury paritaire de
délibération — per bloc and per capacity, the modality used, « Acquise » or « Non acquise » and observations;
capacities carried over from an earlier jury (R-EVAL-06) with that jury's date; the company's opinion (R-EVAL-03)
and the compensations granted (R-EVAL-05).

The input is a plain typed value, independent of the models, so that whichever app records the evaluations builds
it; `rendre_etat_recapitulatif` checks what the document itself must show to be receivable, formats every value in
French and hands them to `modeles/etat_recapitulatif.typ` through `rendu.rendre_pdf` (data as JSON, never source).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models

from cqpm.core.errors import RegleViolee
from cqpm.documents.rendu import date_longue, rendre_pdf


class Resultat(models.TextChoices):
    ACQUISE = "acquise", "Acquise"
    NON_ACQUISE = "non_acquise", "Non acquise"


@dataclass(frozen=True)
class CentreExamen:
    nom: str
    adresse: str = ""


@dataclass(frozen=True)
class Candidat:
    nom: str
    prenoms: str
    date_naissance: datetime.date
    lieu_naissance: str = ""


@dataclass(frozen=True)
class QualificationEvaluee:
    intitule: str
    numero: str
    """Numéro MQ (or M BDC for a bloc de compétences)."""
    version: int


@dataclass(frozen=True)
class MembreCommission:
    nom: str
    qualite: str = ""
    """What qualifies them: « Tuteur », « Formateur », « Responsable de production »…"""


@dataclass(frozen=True)
class CapaciteEvaluee:
    numero: int
    intitule: str
    resultat: Resultat
    modalites: tuple[str, ...] = ()
    """The evaluation modalities used, as printed (« Situation professionnelle réelle »…), in priority order."""
    observations: str = ""
    jury_anterieur: datetime.date | None = None
    """Date of the earlier jury that validated this capacity, when it is carried over (R-EVAL-06)."""


@dataclass(frozen=True)
class BlocEvalue:
    numero: int
    intitule: str
    capacites: tuple[CapaciteEvaluee, ...]


@dataclass(frozen=True)
class AvisEntreprise:
    """The company's opinion, which completes the evaluation (R-EVAL-03)."""

    entreprise: str
    avis: str
    signataire: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True)
class Amenagement:
    """A compensation granted to a candidate with a disability (R-EVAL-05)."""

    description: str
    accorde_le: datetime.date | None = None


@dataclass(frozen=True)
class EtatRecapitulatif:
    centre: CentreExamen
    candidat: Candidat
    qualification: QualificationEvaluee
    blocs: tuple[BlocEvalue, ...]
    dates_evaluation: tuple[datetime.date, ...] = ()
    commission: tuple[MembreCommission, ...] = ()
    avis_entreprise: AvisEntreprise | None = None
    amenagements: tuple[Amenagement, ...] = ()
    lieu: str = ""
    etabli_le: datetime.date | None = None

    def capacites(self) -> list[CapaciteEvaluee]:
        return [c for b in self.blocs for c in b.capacites]


def verifier(etat: EtatRecapitulatif) -> None:
    """Refuse a statement the jury could not rely on, citing the rule it breaks."""
    capacites = etat.capacites()
    if not capacites:
        raise RegleViolee(
            "R-EVAL-04",
            "L'état récapitulatif porte le résultat de chaque capacité évaluée : aucune capacité n'y figure "
            "(R-EVAL-04).",
            code="etat_sans_capacite",
        )
    for c in capacites:
        if c.jury_anterieur is not None and c.resultat != Resultat.ACQUISE:
            raise RegleViolee(
                "R-EVAL-06",
                f"La capacité C{c.numero} est reprise d'un jury antérieur : seules les capacités validées par ce "
                "jury sont reprises (R-EVAL-06).",
                code="reprise_non_acquise",
            )
    if any(c.jury_anterieur is None for c in capacites):
        if len(etat.commission) < 2:
            raise RegleViolee(
                "R-EVAL-04",
                "La commission d'évaluation est composée de plusieurs membres qualifiés (R-EVAL-04).",
                code="commission_incomplete",
            )
        if not etat.dates_evaluation:
            raise RegleViolee(
                "R-EVAL-04",
                "L'état récapitulatif indique la ou les dates de la commission d'évaluation (R-EVAL-04).",
                code="etat_sans_date",
            )


def _pluriel(n: int, mot: str) -> str:
    return f"{n} {mot}{'s' if n > 1 else ''}"


def _synthese(capacites: list[CapaciteEvaluee]) -> str:
    acquises = sum(c.resultat == Resultat.ACQUISE for c in capacites)
    reprises = sum(c.jury_anterieur is not None for c in capacites)
    texte = f"Capacités acquises : {acquises} / {len(capacites)}"
    return texte + (f", dont {_pluriel(reprises, 'reprise')} d'un jury antérieur (R-EVAL-06)" if reprises else "") + "."


def donnees(etat: EtatRecapitulatif) -> dict[str, Any]:
    """What the template prints, every value already in its French written form."""
    avis = etat.avis_entreprise
    etabli = " ".join(
        p
        for p in (f"à {etat.lieu}" if etat.lieu else "", f"le {date_longue(etat.etabli_le)}" if etat.etabli_le else "")
        if p
    )
    return {
        "centre": {"nom": etat.centre.nom, "adresse": etat.centre.adresse},
        "candidat": {
            "nom": etat.candidat.nom.upper(),
            "prenoms": etat.candidat.prenoms,
            "date_naissance": date_longue(etat.candidat.date_naissance),
            "lieu_naissance": etat.candidat.lieu_naissance,
        },
        "qualification": {
            "intitule": etat.qualification.intitule,
            "numero": etat.qualification.numero,
            "version": etat.qualification.version,
        },
        "dates": [date_longue(d) for d in sorted(etat.dates_evaluation)],
        "commission": [{"nom": m.nom, "qualite": m.qualite} for m in etat.commission],
        "blocs": [
            {
                "numero": b.numero,
                "intitule": b.intitule,
                "synthese": _synthese(list(b.capacites)),
                "capacites": [
                    {
                        "code": f"C{c.numero}",
                        "intitule": c.intitule,
                        "modalites": list(c.modalites),
                        "resultat": Resultat(c.resultat).label,
                        "acquise": c.resultat == Resultat.ACQUISE,
                        "reprise": (
                            f"Reprise du jury du {date_longue(c.jury_anterieur)} (R-EVAL-06)"
                            if c.jury_anterieur
                            else ""
                        ),
                        "observations": c.observations,
                    }
                    for c in b.capacites
                ],
            }
            for b in etat.blocs
        ],
        "synthese": _synthese(etat.capacites()),
        "avis_entreprise": None
        if avis is None
        else {
            "entreprise": avis.entreprise,
            "signataire": avis.signataire,
            "date": date_longue(avis.date) if avis.date else "",
            "avis": avis.avis,
        },
        "amenagements": [
            {"description": a.description, "accorde_le": date_longue(a.accorde_le) if a.accorde_le else ""}
            for a in etat.amenagements
        ],
        "etabli": etabli,
    }


def rendre_etat_recapitulatif(etat: EtatRecapitulatif) -> bytes:
    """The PDF of the statement, after `verifier` (RegleViolee R-EVAL-04 / R-EVAL-06 otherwise)."""
    verifier(etat)
    return rendre_pdf("etat_recapitulatif", donnees(etat))
