"""Jury documents benchmark: the PV (Annex 7) and the attendance sheet (Annex 6) of a 40-candidate jury, beside
the état récapitulatif of one candidate (the figure `bench/documents.py` measures), through the same path as the
application (`cqpm.documents.jury`: typst, embedded fonts, data as JSON). Prints documents and pages per second,
p50/p95 in milliseconds and the maximum resident memory of the process. No database is used; it never fails on a
figure.

    .venv/bin/python bench/jurys.py [--candidats 40] [--tours 30]
"""

from __future__ import annotations

import argparse
import datetime
import io
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
from bench.documents import etat  # noqa: E402 — after the path is set
from bench.environnement import demarrer_django  # noqa: E402

MIO = 1024 * 1024


def jury(candidats: int, signe: bool) -> tuple[Any, Any]:
    """A PV of `candidats` rows (one in five a job seeker, one in ten excused) and the sheet of 9 people."""
    from cqpm.documents import jury as d

    entete = d.EnteteJury(
        "UIMM Lyon-Rhône",
        "Opérateur(trice) polyvalent d'équipe autonome",
        "MQ 2009 03 69 0283",
        datetime.date(2026, 6, 12),
        "Vénissieux",
        "Paul Président",
        "Directeur industriel, Mécanique du Rhône",
    )
    lignes = []
    for n in range(candidats):
        demandeur = n % 5 == 0
        lignes.append(
            d.LignePV(
                code=f"J7-{n + 1:02d}",
                nom=f"CANDIDAT{n} Zoé Éloïse" if signe else "",
                naissance="1er mars 1998, Lyon (69), France" if signe else "",
                origine="DE" if demandeur else "SL",
                financement="POEI" if demandeur else "PF",
                entreprise=None
                if demandeur
                else d.Entreprise(f"Mécanique {n}", "3 rue des Forges, 69200 Vénissieux", "25.62A", "M"),
                demandeur_emploi=demandeur,
                decision="" if n % 10 == 9 else ("A" if n % 3 else "NA"),
                presence="Excusé" if n % 10 == 9 else "",
                capacites=tuple(f"C{c}" for c in range(1, 7 if n % 3 else 4)) if n % 10 != 9 else (),
            )
        )
    personnes = tuple(d.PersonneEmargement(f"Membre {p}", "Mécanique du Rhône", "Responsable") for p in range(9))
    return d.ProcesVerbal(entete, tuple(lignes), entete.date if signe else None), d.FeuilleEmargement(entete, personnes)


def mesurer(nom: str, rendre: Callable[[], bytes], tours: int) -> None:
    from pypdf import PdfReader

    pdf = rendre()  # warm-up: loads the embedded fonts
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    durees = []
    debut = time.perf_counter()
    for _ in range(tours):
        t = time.perf_counter()
        rendre()
        durees.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - debut
    durees.sort()
    p95 = durees[min(len(durees) - 1, len(durees) * 95 // 100)]
    print(f"{nom} : {pages} page(s), {len(pdf) / 1024:.0f} Kio")
    print(
        f"  {tours} documents en {total:.2f} s : {tours / total:.1f} documents/s, "
        f"{tours * pages / total:.1f} pages/s ; p50 {durees[len(durees) // 2]:.1f} ms, p95 {p95:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidats", type=int, default=40)
    parser.add_argument("--tours", type=int, default=30)
    args = parser.parse_args()
    dossier = demarrer_django("cqpm-bench-jurys-")
    try:
        from cqpm.documents.etat_recapitulatif import rendre_etat_recapitulatif
        from cqpm.documents.jury import rendre_emargement, rendre_pv

        avant, feuille = jury(args.candidats, signe=False)
        apres, _ = jury(args.candidats, signe=True)
        mesurer(
            f"PV d'un jury de {args.candidats} candidats, avant signature (codes)", lambda: rendre_pv(avant), args.tours
        )
        mesurer(f"PV d'un jury de {args.candidats} candidats, signé (noms)", lambda: rendre_pv(apres), args.tours)
        mesurer("Feuille d'émargement (9 personnes)", lambda: rendre_emargement(feuille), args.tours)
        e = etat(1, 4, 5)
        mesurer(
            "Pour comparaison, état récapitulatif d'un candidat (4 blocs × 5 capacités)",
            lambda: rendre_etat_recapitulatif(e),
            args.tours,
        )
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"\nMémoire résidente maximale du processus (tout compris) : {maxrss / 1024:.0f} Mio")
    finally:
        dossier.cleanup()


if __name__ == "__main__":
    main()
