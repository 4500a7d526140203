"""Streaming the RNCP export keeps memory flat whatever its size (the real file: ~30,000 fiches, hundreds of MB).

The exports come from `cqpm.demo.rncp.ecrire_export_synthetique`, which bench/rncp.py uses too.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from cqpm.demo.rncp import ecrire_export_synthetique
from cqpm.referentiels.rncp import analyser, lire_fiches


def _export(dossier: Path, nombre: int) -> Path:
    chemin = dossier / f"export_{nombre}.xml"
    with chemin.open("wb") as flux:
        ecrire_export_synthetique(flux, nombre, longueur_texte=20, annees=1, blocs=0)
    return chemin


def pic_memoire(action: Callable[[], int]) -> tuple[int, int]:
    """(result of `action`, peak of Python memory allocated while it ran, in bytes)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        resultat = action()
        return resultat, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    dossier = tmp_path_factory.mktemp("rncp")
    return _export(dossier, 1_000), _export(dossier, 10_000)


MARGE = 256 * 1024


def test_streaming_ten_times_more_fiches_does_not_take_ten_times_more_memory(exports):
    petit, grand = exports
    n_petit, pic_petit = pic_memoire(lambda: sum(1 for _ in lire_fiches(petit)))
    n_grand, pic_grand = pic_memoire(lambda: sum(1 for _ in lire_fiches(grand)))
    assert (n_petit, n_grand) == (1_000, 10_000)
    assert pic_grand < 2 * pic_petit + MARGE, (pic_petit, pic_grand)


@pytest.mark.django_db
def test_comparing_a_large_export_keeps_memory_flat_too(exports, fiche_28245):
    petit, grand = exports
    n_petit, pic_petit = pic_memoire(lambda: analyser(petit).fiches_lues)
    n_grand, pic_grand = pic_memoire(lambda: analyser(grand).fiches_lues)
    assert (n_petit, n_grand) == (1_000, 10_000)
    assert pic_grand < 2 * pic_petit + MARGE, (pic_petit, pic_grand)
