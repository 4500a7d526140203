"""Pure rules of retention (R-ARCH-01 to 04): when a document of limited retention may be purged, and the refusal
to delete what is kept indefinitely."""

from __future__ import annotations

import datetime

from cqpm.core.errors import RegleViolee

ANNEES_CONSERVATION = 2
"""R-ARCH-01: evaluation documents are kept the 2 calendar years following the year of validation…"""

ANNEES_CONSERVATION_RNCP = 5
"""…5 for a CQPM registered in the RNCP (and its blocs)."""


def annees_conservation(*, rncp: bool) -> int:
    return ANNEES_CONSERVATION_RNCP if rncp else ANNEES_CONSERVATION


def date_purge(validation: datetime.date, *, rncp: bool) -> datetime.date:
    """The first day a document validated on `validation` may be purged (R-ARCH-01).

    Kept through the whole year of validation and the 2 (5) calendar years that follow it: validated any day of
    2023, a non-RNCP document is kept until 31 December 2025 and purged from 1 January 2026."""
    return datetime.date(validation.year + annees_conservation(rncp=rncp) + 1, 1, 1)


def est_expire(validation: datetime.date, *, rncp: bool, le: datetime.date) -> bool:
    return le >= date_purge(validation, rncp=rncp)


def motif_expiration(validation: datetime.date, *, rncp: bool, origine: str) -> str:
    """Why the document goes: the French sentence of the purge report."""
    duree = f"{annees_conservation(rncp=rncp)} années civiles"
    qualite = "CQPM enregistré au RNCP" if rncp else "CQPM non enregistré au RNCP"
    fin = date_purge(validation, rncp=rncp) - datetime.timedelta(days=1)
    return (
        f"{origine} en {validation.year} ({qualite}) : conservé les {duree} suivantes, jusqu'au "
        f"{fin:%d/%m/%Y} (R-ARCH-01)."
    )


def refus_suppression(objet: object, *, regle: str) -> RegleViolee:
    """What any attempt to delete an indefinitely kept record is told, citing the rule that keeps it."""
    return RegleViolee(
        regle,
        f"« {objet} » est conservé pour une durée indéterminée ({regle}) : il ne peut être supprimé ni par la purge, "
        "ni par l'administration, ni par l'API.",
        code="conservation_indefinie",
    )
