"""Pure rules of a VAE file (R-VAE-01, R-VAE-02): what the recevabilité file holds, its dated limits, the
conclusion the commission de validation draws from its per-capacity findings. No database access here."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from cqpm.core.dates import ajouter_mois
from cqpm.core.errors import RegleViolee
from cqpm.vae.enums import (
    PHASES_AVANT_AVIS,
    PHASES_RECEVABLES,
    PIECES_RECEVABILITE,
    Echeance,
    NaturePiece,
    Phase,
    Validation,
)

DELAI_INSTRUCTION_MOIS = 3
"""The opinion on recevabilité is given at most 3 months after the file is received (Annex 4, R-VAE-02)."""
DUREE_PARCOURS_MOIS = 12
"""The whole path, from recevabilité to the conclusions to the jury, takes at most 12 months (R-VAE-02)."""
DELAI_RAPPEL_JOURS = 30
"""Reminders start this many days before a limit."""
INTERVALLE_RELANCE_JOURS = 7
"""A reminder (or an overdue notice) is repeated at most once a week for the same limit."""


def avis_du_le(recu_le: datetime.date) -> datetime.date:
    return ajouter_mois(recu_le, DELAI_INSTRUCTION_MOIS)


def fin_parcours_le(recevable_le: datetime.date) -> datetime.date:
    return ajouter_mois(recevable_le, DUREE_PARCOURS_MOIS)


@dataclass(frozen=True)
class ExperienceSaisie:
    """A line of the dossier d'activités as the candidate writes it (R-VAE-01)."""

    poste: str
    employeur: str
    activite_entreprise: str
    type_contrat: str
    debut: datetime.date
    rapport: str
    fin: datetime.date | None = None


def verifier_recevabilite(
    *, declaration_honneur: bool, experiences: Sequence[ExperienceSaisie], natures: Collection[str], le: datetime.date
) -> None:
    """Everything R-VAE-01 lists, reported at once: CV and ID copy, motivation letter, sworn statement, the dossier
    d'activités and the proofs of activity (diplomas only when the candidate has some)."""
    manques: list[dict[str, str]] = []
    for nature in PIECES_RECEVABILITE:
        if nature not in natures:
            manques.append({"champ": f"piece_{nature}", "message": f"{NaturePiece(nature).label} : pièce manquante."})
    if not declaration_honneur:
        manques.append(
            {
                "champ": "declaration_honneur",
                "message": "La déclaration sur l'honneur qu'une seule demande de VAE a été déposée pour ce CQPM "
                "dans l'année civile n'est pas cochée.",
            }
        )
    if not experiences:
        manques.append({"champ": "experiences", "message": "Le dossier d'activités ne décrit aucune expérience."})
    for rang, e in enumerate(experiences, start=1):
        if not (e.poste.strip() and e.employeur.strip() and e.activite_entreprise.strip() and e.rapport.strip()):
            manques.append(
                {
                    "champ": "experiences",
                    "message": f"Expérience {rang} : indiquez le poste, l'entreprise, son activité principale et le "
                    "rapport avec le CQPM ou les blocs visés.",
                }
            )
        elif e.debut > le or (e.fin is not None and (e.fin < e.debut or e.fin > le)):
            manques.append(
                {"champ": "experiences", "message": f"Expérience {rang} : dates incohérentes (début, fin, passées)."}
            )
    if manques:
        liste = " ; ".join(m["message"] for m in manques)
        raise RegleViolee(
            "R-VAE-01",
            f"Dossier de recevabilité incomplet : {liste} (R-VAE-01).",
            code="recevabilite_incomplete",
            champ=manques[0]["champ"] if len(manques) == 1 else None,
            details=manques,
        )


def validation_de(acquises: Sequence[bool]) -> Validation:
    """Total when every capacity of the target is acquired, none when none is, partial otherwise (Annex 4)."""
    if acquises and all(acquises):
        return Validation.TOTALE
    if any(acquises):
        return Validation.PARTIELLE
    return Validation.NULLE


class Dossier(Protocol):
    @property
    def phase(self) -> str: ...
    @property
    def recu_le(self) -> datetime.date: ...
    @property
    def avis_du_le(self) -> datetime.date: ...
    @property
    def avis_le(self) -> datetime.date | None: ...
    @property
    def fin_parcours_le(self) -> datetime.date | None: ...
    @property
    def conclusions_le(self) -> datetime.date | None: ...


@dataclass(frozen=True)
class EcheanceDue:
    echeance: Echeance
    due_le: datetime.date
    tenue_le: datetime.date | None
    """When it was met; None while it runs."""
    le: datetime.date

    @property
    def libelle(self) -> str:
        return str(self.echeance.label)

    @property
    def en_cours(self) -> bool:
        return self.tenue_le is None

    @property
    def en_retard(self) -> bool:
        """Overdue today, or met after its date."""
        return (self.tenue_le or self.le) > self.due_le

    @property
    def jours_restants(self) -> int:
        return (self.due_le - self.le).days


def echeances(dossier: Dossier, le: datetime.date) -> list[EcheanceDue]:
    """The dated limits of the file on `le` (R-VAE-02): the opinion 3 months after reception; once receivable, the
    conclusions to the jury 12 months after recevabilité. A file closed on an unfavourable opinion has only the
    first, met."""
    dues = [EcheanceDue(Echeance.AVIS_RECEVABILITE, dossier.avis_du_le, dossier.avis_le, le)]
    if dossier.phase in PHASES_RECEVABLES and dossier.fin_parcours_le is not None:
        dues.append(EcheanceDue(Echeance.FIN_PARCOURS, dossier.fin_parcours_le, dossier.conclusions_le, le))
    return dues


def echeance_courante(dossier: Dossier, le: datetime.date) -> EcheanceDue | None:
    """The limit that runs now, if any: the opinion before it is given, then the end of the path."""
    if dossier.phase == Phase.CLOS:
        return None
    courantes = [e for e in echeances(dossier, le) if e.en_cours]
    return courantes[0] if courantes else None


def verifier_date(le: datetime.date, *, apres: datetime.date | None, aujourdhui: datetime.date, quoi: str) -> None:
    """A step is dated today or earlier, and never before the previous one (R-VAE-02)."""
    if le > aujourdhui:
        raise RegleViolee("R-VAE-02", f"{quoi} ne peut pas être daté(e) dans le futur (R-VAE-02).", code="date_future")
    if apres is not None and le < apres:
        raise RegleViolee(
            "R-VAE-02",
            f"{quoi} ne peut pas précéder l'étape précédente du {apres:%d/%m/%Y} : les phases se suivent dans l'ordre "
            "(R-VAE-02).",
            code="date_anterieure",
        )


__all__ = ["PHASES_AVANT_AVIS", "ExperienceSaisie", "echeances", "validation_de", "verifier_recevabilite"]
