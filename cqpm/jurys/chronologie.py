"""What the jury app adds to a candidate's timeline: his passages before a jury, and the life of those juries.

A jury is shared by several candidates: its events about him (marked with his anonymous code) are listed in full,
those about other candidates not at all, those about the whole jury without their values (decisions by code).
"""

from __future__ import annotations

from collections.abc import Iterable

from cqpm.candidats.chronologie import Contexte, Source
from cqpm.jurys.models import CandidatJury


def source(contexte: Contexte) -> Iterable[Source]:
    passages = list(CandidatJury.objects.filter(inscription__in=contexte.inscriptions).values_list("jury_id", "code"))
    yield Source(
        "jurys.Jury",
        sorted({jury for jury, _ in passages}),
        partage=True,
        reperes=frozenset(code for _, code in passages),
    )
