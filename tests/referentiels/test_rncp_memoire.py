"""Streaming the RNCP export keeps memory flat whatever its size (the real file: ~30,000 fiches, hundreds of MB).

`ecrire_export_synthetique` is also what bench/rncp.py generates its 30,000-fiche file with.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Collection
from pathlib import Path
from typing import IO

import pytest

from cqpm.referentiels.rncp import analyser, lire_fiches

_TEXTE = "Réaliser les réglages d'une machine de production en respectant les consignes de sécurité. "


def ecrire_export_synthetique(
    flux: IO[bytes],
    nombre: int,
    *,
    nos_codes: Collection[str] = (),
    longueur_texte: int = 300,
    annees: int = 6,
    blocs: int = 2,
) -> None:
    """Write an export of `nombre` fiches RNCP100000…, shaped like flux V4.1, one fiche at a time.

    The fiches are of another certifier, except those whose digits are in `nos_codes` (certified by the CPNE of
    the metallurgy); `longueur_texte`, `annees` and `blocs` set the size of the texts, the number of statistics
    and of blocs, hence the size of the file.
    """
    texte = (_TEXTE * (longueur_texte // len(_TEXTE) + 1))[:longueur_texte]
    flux.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<FICHES>\n<VERSION_FLUX>4.1</VERSION_FLUX>\n')
    for i in range(nombre):
        code = str(100000 + i)
        certificateur = "CPNE de la métallurgie" if code in nos_codes else f"Organisme certificateur {i % 997}"
        xml_blocs = "".join(
            f"<BLOC_COMPETENCES><CODE>RNCP{code}BC{b:02d}</CODE><LIBELLE>Bloc {b}</LIBELLE>"
            f"<LISTE_COMPETENCES><![CDATA[{texte}]]></LISTE_COMPETENCES>"
            f"<MODALITES_EVALUATION><![CDATA[{texte}]]></MODALITES_EVALUATION></BLOC_COMPETENCES>"
            for b in range(1, blocs + 1)
        )
        stats = "".join(
            f"<STATISTIQUES_PROMOTION><ANNEE>{a}</ANNEE><NOMBRE_CERTIFIES>{(i + a) % 300}</NOMBRE_CERTIFIES>"
            "</STATISTIQUES_PROMOTION>"
            for a in range(2024 - annees, 2024)
        )
        flux.write(
            (
                f"<FICHE><ID_FICHE>{i}</ID_FICHE><NUMERO_FICHE>RNCP{code}</NUMERO_FICHE>"
                f"<INTITULE><![CDATA[Certification synthétique n° {i}]]></INTITULE>"
                f"<ETAT_FICHE>Publiée</ETAT_FICHE><ACTIF>{'Oui' if i % 5 else 'Non'}</ACTIF>"
                f"<NOMENCLATURE_EUROPE><NIVEAU>NIV{3 + i % 5}</NIVEAU></NOMENCLATURE_EUROPE>"
                "<CODES_NSF><NSF><CODE>254</CODE></NSF></CODES_NSF>"
                "<CODES_ROME><ROME><CODE>H2906</CODE></ROME><ROME><CODE>H2909</CODE></ROME></CODES_ROME>"
                f"<CERTIFICATEURS><CERTIFICATEUR><NOM_CERTIFICATEUR>{certificateur}</NOM_CERTIFICATEUR>"
                "</CERTIFICATEUR></CERTIFICATEURS>"
                f"<ACTIVITES_VISEES><![CDATA[{texte}]]></ACTIVITES_VISEES>"
                f"<BLOCS_COMPETENCES>{xml_blocs}</BLOCS_COMPETENCES>"
                "<DATE_DECISION>30/03/2022</DATE_DECISION><DATE_EFFET>21/04/2022</DATE_EFFET>"
                "<DATE_FIN_ENREGISTREMENT>21/04/2027</DATE_FIN_ENREGISTREMENT>"
                "<DATE_DERNIER_JO>12/04/2022</DATE_DERNIER_JO>"
                f"<STATISTIQUES_PROMOTIONS>{stats}</STATISTIQUES_PROMOTIONS>"
                "<PARTENAIRES><PARTENAIRE><NOM_PARTENAIRE>Centre de formation</NOM_PARTENAIRE>"
                "<SIRET_PARTENAIRE>00000000000000</SIRET_PARTENAIRE></PARTENAIRE></PARTENAIRES>"
                "</FICHE>\n"
            ).encode()
        )
    flux.write(b"</FICHES>\n")


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
