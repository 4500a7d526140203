"""PDF documents benchmark: how many états récapitulatifs des évaluations per second, and in how much memory.

Renders the statement of a realistic candidate (`--blocs` blocs × `--capacites` capacities, observations on each,
a company opinion, a compensation) through `rendre_etat_recapitulatif`, the same path as the application: typst
compilation with the embedded fonts, data passed as JSON. Prints documents per second, p50/p95 in milliseconds,
pages and size of one PDF, the peak of Python memory while rendering (tracemalloc, in a second pass: tracing slows
down) and the maximum resident memory of the process (typst allocates outside Python). No database is used. It only
measures: it never fails on a figure.

    .venv/bin/python bench/documents.py [--documents 200] [--blocs 4] [--capacites 5]
"""

from __future__ import annotations

import argparse
import datetime
import io
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
from bench.environnement import demarrer_django  # noqa: E402 — after the path is set

MIO = 1024 * 1024


def etat(n: int, blocs: int, capacites: int) -> Any:
    """Candidate n's statement: every text differs, as in real use (no cache can help)."""
    from cqpm.documents import etat_recapitulatif as e
    from cqpm.referentiels.enums import Modalite

    numero = 0
    liste = []
    for b in range(1, blocs + 1):
        caps = []
        for _ in range(capacites):
            numero += 1
            caps.append(
                e.CapaciteEvaluee(
                    numero,
                    f"Réaliser l'opération n° {numero} en respectant les consignes de sécurité et de qualité",
                    e.Resultat.ACQUISE if (n + numero) % 5 or numero == 1 else e.Resultat.NON_ACQUISE,
                    (Modalite.SITUATION_REELLE.label, Modalite.AVIS_ENTREPRISE.label),
                    f"Observation du candidat {n} sur la capacité C{numero} : travail soigné, à consolider.",
                    jury_anterieur=datetime.date(2024, 11, 5) if numero == 1 and n % 3 == 0 else None,
                )
            )
        liste.append(e.BlocEvalue(b, f"Bloc de compétences {b} : maintenir les équipements", tuple(caps)))
    return e.EtatRecapitulatif(
        centre=e.CentreExamen("Pôle formation UIMM Lyon-Rhône", "69200 Vénissieux"),
        candidat=e.Candidat(f"Candidat{n}", "Zoé Éloïse", datetime.date(1998, 3, 1), "Lyon (69), France"),
        qualification=e.QualificationEvaluee("Technicien(ne) en maintenance industrielle", "MQ 2005 12 69 0198 R", 2),
        blocs=tuple(liste),
        dates_evaluation=(datetime.date(2025, 6, 11), datetime.date(2025, 6, 12)),
        commission=(e.MembreCommission("Jean Dupont", "Tuteur"), e.MembreCommission("Aïcha Benali", "Formatrice")),
        avis_entreprise=e.AvisEntreprise("Mécanique du Rhône", "Avis favorable.", "M. Girard"),
        amenagements=(e.Amenagement("Tiers-temps pour l'épreuve écrite"),),
        lieu="Vénissieux",
        etabli_le=datetime.date(2025, 6, 13),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--blocs", type=int, default=4)
    parser.add_argument("--capacites", type=int, default=5, help="capacités par bloc")
    args = parser.parse_args()
    dossier = demarrer_django("cqpm-bench-documents-")
    try:
        from pypdf import PdfReader

        from cqpm.documents.etat_recapitulatif import rendre_etat_recapitulatif

        etats = [etat(n, args.blocs, args.capacites) for n in range(args.documents)]
        premier = rendre_etat_recapitulatif(etats[0])  # warm-up: loads the embedded fonts
        pages = len(PdfReader(io.BytesIO(premier)).pages)
        durees = []
        debut = time.perf_counter()
        for e in etats:
            t = time.perf_counter()
            rendre_etat_recapitulatif(e)
            durees.append((time.perf_counter() - t) * 1000)
        total = time.perf_counter() - debut
        durees.sort()
        print(
            f"État récapitulatif des évaluations : {args.blocs} blocs × {args.capacites} capacités, "
            f"{pages} page(s), {len(premier) / 1024:.0f} Kio"
        )
        print(f"  {args.documents} documents en {total:.2f} s : {args.documents / total:.1f} documents/s")
        p95 = durees[min(len(durees) - 1, len(durees) * 95 // 100)]
        print(f"  p50 {durees[len(durees) // 2]:.1f} ms, p95 {p95:.1f} ms")
        tracemalloc.start()
        for e in etats[: min(50, len(etats))]:
            rendre_etat_recapitulatif(e)
        _, pic = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  pic de mémoire Python pendant le rendu : {pic / MIO:.1f} Mio")
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"\nMémoire résidente maximale du processus (tout compris) : {maxrss / 1024:.0f} Mio")
    finally:
        dossier.cleanup()


if __name__ == "__main__":
    main()
