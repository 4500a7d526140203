"""RNCP import benchmark: how fast, and in how much memory, a France Compétences export of realistic size is read.

Generates a 30,000-fiche export (flux V4.1 shape, the generator of tests/referentiels/test_rncp_memoire.py) in a
temporary folder, zips it as France Compétences distributes it, then measures:
- `lire_fiches` on the XML and on the zip: fiches per second, MB per second;
- the peak of Python memory while streaming (tracemalloc, in a second pass: tracing slows the reading down);
- `analyser` (reading + comparison with the register) on a throwaway database holding `--cqpm` qualifications
  whose RNCP codes are in the file (a temporary SQLite file, or a `test_…` database next to DATABASE_URL).
It only measures: it never fails on a figure.

    .venv/bin/python bench/rncp.py [--fiches 30000] [--texte 1000] [--cqpm 300]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
from bench.environnement import demarrer_django  # noqa: E402 — after the path is set

MIO = 1024 * 1024


def chronometrer(action: Callable[[], int]) -> tuple[int, float]:
    debut = time.perf_counter()
    resultat = action()
    return resultat, time.perf_counter() - debut


def pic(action: Callable[[], int]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def mesurer(nom: str, action: Callable[[], int], taille: int) -> None:
    nombre, duree = chronometrer(action)
    memoire = pic(action)
    print(
        f"  {nom:<34} {nombre:>7} fiches  {duree:>7.2f} s  {nombre / duree:>9.0f} fiches/s  "
        f"{taille / MIO / duree:>7.1f} Mo/s  pic Python {memoire / 1024:>8.0f} Kio"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fiches", type=int, default=30_000, help="fiches dans l'export (30000)")
    parser.add_argument("--texte", type=int, default=1000, help="caractères par texte libre (1000 ; 5 par fiche)")
    parser.add_argument("--cqpm", type=int, default=300, help="qualifications du registre présentes dans l'export")
    options = parser.parse_args()

    dossier = demarrer_django("cqpm-bench-rncp-")
    from django.db import connection
    from django.test.utils import setup_test_environment

    from cqpm.demo.rncp import ecrire_export_synthetique
    from cqpm.referentiels.models import Qualification
    from cqpm.referentiels.rncp import analyser, lire_fiches

    pas = max(1, options.fiches // max(1, options.cqpm))
    nos_codes = [str(100000 + i) for i in range(0, options.fiches, pas)][: options.cqpm]
    xml = Path(dossier.name) / "export_fiches_RNCP_V4_1.xml"
    archive = Path(dossier.name) / "export-fiches-rncp-v4-1.zip"
    try:
        debut = time.perf_counter()
        with xml.open("wb") as flux:
            ecrire_export_synthetique(flux, options.fiches, nos_codes=set(nos_codes), longueur_texte=options.texte)
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.write(xml, xml.name)
        taille = xml.stat().st_size
        print(
            f"Export : {options.fiches} fiches, {taille / MIO:.0f} Mo en XML, {archive.stat().st_size / MIO:.1f} Mo "
            f"zippé ; généré en {time.perf_counter() - debut:.1f} s."
        )
        print("\nLecture seule (lire_fiches)")
        mesurer("XML", lambda: sum(1 for _ in lire_fiches(xml)), taille)
        mesurer("zip (membre lu sans extraction)", lambda: sum(1 for _ in lire_fiches(archive)), taille)

        setup_test_environment()
        base_originale = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            Qualification.objects.bulk_create(
                Qualification(intitule=f"Certification synthétique n° {int(c) - 100000}", code_rncp=c)
                for c in nos_codes
            )
            print(f"\nLecture et comparaison (analyser), {connection.vendor}, {len(nos_codes)} qualifications")
            mesurer("XML", lambda: analyser(xml).fiches_lues, taille)
            rapport = analyser(xml)
            print(f"  {len(rapport.qualifications)} qualifications rapprochées, {len(rapport.a_appliquer)} à changer")
        finally:
            connection.creation.destroy_test_db(base_originale, verbosity=0)
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"\nMémoire résidente maximale du processus (tout compris) : {maxrss / 1024:.0f} Mio")
    finally:
        dossier.cleanup()


if __name__ == "__main__":
    main()
