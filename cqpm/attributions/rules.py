"""Pure rules of the award (R-GTP-01, R-GTP-02, R-LET-02 to 04): no database, so hypothesis can probe them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Set
from dataclasses import dataclass

from cqpm.attributions.enums import NatureCourrier
from cqpm.core.dates import ajouter_mois
from cqpm.jurys import rules as jurys_rules

DELAI_TRANSMISSION_MOIS = 2
"""R-GTP-01: the exam centre sends its transmission within 2 months after the jury."""


def limite_transmission(date_jury: datetime.date) -> datetime.date:
    """The last day a transmission is on time (the day two months after the jury counts)."""
    return ajouter_mois(date_jury, DELAI_TRANSMISSION_MOIS)


def en_retard(date_jury: datetime.date, envoi: datetime.date) -> bool:
    return envoi > limite_transmission(date_jury)


@dataclass(frozen=True)
class Issue:
    """What one candidate may be awarded (R-GTP-02): the whole CQPM (and its CQPI), or blocs; and the letter due
    when the whole CQPM is not awarded (R-LET-02 or R-LET-03)."""

    cqpm: bool
    cqpi: bool
    blocs: tuple[int, ...]
    courrier: NatureCourrier | None


def issue(
    *, admis: bool, capacites_par_bloc: Mapping[int, Set[int]], acquises: Set[int], rncp: bool, a_un_cqpi: bool
) -> Issue:
    """R-GTP-02 (decision): what the jury's A may bear on (`cqpm.jurys.rules.cibles`: the whole CQPM, else the
    complete blocs of an RNCP CQPM), and the CQPI with the CQPM; the rest is the partial-acquisition letter, or
    non-admission when nothing is acquired. The jury's NA awards nothing."""
    cibles = jurys_rules.cibles(capacites_par_bloc=capacites_par_bloc, acquises=acquises, rncp=rncp) if admis else ()
    if None in cibles:
        return Issue(cqpm=True, cqpi=a_un_cqpi, blocs=(), courrier=None)
    toutes = set().union(*capacites_par_bloc.values()) if capacites_par_bloc else set()
    courrier = NatureCourrier.ACQUISITION_PARTIELLE if acquises & toutes else NatureCourrier.NON_ADMISSION
    return Issue(cqpm=False, cqpi=False, blocs=tuple(b for b in cibles if b is not None), courrier=courrier)
