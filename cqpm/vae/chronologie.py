"""What the VAE app adds to a candidate's timeline: his VAE files the caller may see, phase by phase."""

from __future__ import annotations

from collections.abc import Iterable

from cqpm.candidats.chronologie import Contexte, Source
from cqpm.vae.services import dossiers_visibles


def source(contexte: Contexte) -> Iterable[Source]:
    dossiers = dossiers_visibles(contexte.acteur).filter(candidat__in=contexte.candidats)
    yield Source("vae.DossierVAE", list(dossiers.values_list("pk", flat=True)))
