"""Helpers of the archive tests: a candidate with a partial acquisition (a signed jury, an evaluation dossier
with its modalities, content and results, the partial-acquisition letter), and the year the purge may run."""

from __future__ import annotations

import datetime
from typing import Any

from cqpm.attributions import services as attributions
from cqpm.attributions.models import DemandeAttribution
from tests.attributions import outils


def acquisition_partielle(*, rncp: bool = False) -> tuple[DemandeAttribution, Any, Any]:
    """A jury held yesterday: 2 capacities of 6 acquired, the GTP closed the request, the partial letter exists;
    returns the request, the GTP secretariat and the exam centre's user."""
    demande, centre = outils.envoyee(acquises=(True, True, False, False, False, False), rncp=rncp)
    gtp = outils.secretariat()
    demande = attributions.inscrire_a_seance(demande, seance=outils.seance(outils.jour_seance()), acteur=gtp)
    attributions.cloturer(demande, acteur=gtp)
    demande.refresh_from_db()
    return demande, gtp, centre


def premier_jour_de_purge(demande: DemandeAttribution, *, rncp: bool = False) -> datetime.date:
    return datetime.date(demande.jury.date.year + (5 if rncp else 2) + 1, 1, 1)
