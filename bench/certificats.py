"""Certificates benchmark: how many one-page certificates per second (R-GTP-03, R-CERT-04).

Renders `--certificats` CQPM certificates (Annex 8, recto only: one page), every one different — holder, number,
verification URL and so QR code —, through `rendre_certificat`, the path of the application: checks, QR code made
by segno as SVG, typst compilation with the embedded fonts, tagged PDF/A-2a + PDF/UA-1. Then, on the same data:
the recto and verso (two pages), the share of the QR code, and the cost of the PDF/A + PDF/UA profiles (the same
template compiled without them). Prints certificates per second and p50/p95 in milliseconds. No database is used.
It only measures: it never fails on a figure.

    .venv/bin/python bench/certificats.py [--certificats 200]
"""

from __future__ import annotations

import argparse
import datetime
import io
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

MIO = 1024 * 1024


def certificat(n: int) -> Any:
    """Holder n's certificate: every text and the QR code differ, as in real use."""
    from cqpm.attributions.codes import formater, generer
    from cqpm.documents import attributions as a

    def code(_: int) -> str:
        return formater(generer())

    return a.Certificat(
        genre=a.GenreCertificat.CQPM,
        numero=f"MC 2026 07 69 {n:05d}",
        intitule="Technicien(ne) en maintenance industrielle",
        numero_qualification="MQ 2005 12 69 0198",
        titulaire=a.Titulaire(f"Candidat{n}", "Zoé Éloïse", datetime.date(1990, 1, 1) + datetime.timedelta(n), "Lyon"),
        date_jury=datetime.date(2026, 6, 12),
        date_seance_gtp=datetime.date(2026, 7, 3),
        president_jury="Paul Président",
        signataire_uimm="Marie Martin",
        url_verification=f"https://cqpm.example/verification/{code(n)}/",
        code_verification=code(n),
        categorie="B",
    )


def mesurer(libelle: str, fonction: Callable[[Any], object], donnees: Sequence[Any]) -> float:
    durees = []
    debut = time.perf_counter()
    for d in donnees:
        t = time.perf_counter()
        fonction(d)
        durees.append((time.perf_counter() - t) * 1000)
    total = time.perf_counter() - debut
    durees.sort()
    p95 = durees[min(len(durees) - 1, len(durees) * 95 // 100)]
    print(
        f"  {libelle} : {len(donnees)} en {total:.2f} s, {len(donnees) / total:.1f}/s "
        f"(p50 {durees[len(durees) // 2]:.1f} ms, p95 {p95:.1f} ms)"
    )
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificats", type=int, default=200)
    args = parser.parse_args()
    from pypdf import PdfReader

    from cqpm.documents.attributions import donnees_certificat, qr_svg, rendre_certificat
    from cqpm.documents.rendu import rendre_pdf

    certificats = [certificat(n) for n in range(args.certificats)]
    premier = rendre_certificat(certificats[0], verso=False)  # warm-up: loads the embedded fonts
    pages = len(PdfReader(io.BytesIO(premier)).pages)
    print(f"Certificat de CQPM (annexe 8), recto : {pages} page, {len(premier) / 1024:.0f} Kio, PDF/A-2a + PDF/UA-1")
    mesurer("certificats d'une page", lambda c: rendre_certificat(c, verso=False), certificats)
    mesurer("certificats recto verso (2 pages)", rendre_certificat, certificats)
    mesurer("codes QR seuls (segno, SVG)", lambda c: qr_svg(c.url_verification), certificats)
    donnees = [donnees_certificat(c, verso=False) for c in certificats]
    mesurer("même recto sans PDF/A ni PDF/UA", lambda d: rendre_pdf("certificat", d), donnees)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\nMémoire résidente maximale du processus (tout compris) : {maxrss / 1024:.0f} Mio")


if __name__ == "__main__":
    main()
