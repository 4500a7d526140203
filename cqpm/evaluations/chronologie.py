"""What the evaluations app adds to a candidate's timeline: his evaluation files and his carried-over capacities."""

from __future__ import annotations

from collections.abc import Iterable

from cqpm.candidats.chronologie import Contexte, Source
from cqpm.evaluations.models import AcquisAnterieur, DossierEvaluation


def source(contexte: Contexte) -> Iterable[Source]:
    dossiers = DossierEvaluation.objects.filter(inscription__in=contexte.inscriptions)
    yield Source("evaluations.DossierEvaluation", list(dossiers.values_list("pk", flat=True)))
    acquis = AcquisAnterieur.objects.filter(candidat__in=contexte.candidats)  # shown to any centre (R-EVAL-06)
    yield Source("evaluations.AcquisAnterieur", list(acquis.values_list("pk", flat=True)))
