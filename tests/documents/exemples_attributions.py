"""Complete certificates and letters of the award, to vary in the tests and the benchmark; helpers that read a PDF
back (text, bookmarks, XMP, alternative texts) and the QR code of an SVG."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from cqpm.documents.attributions import (
    Capacite,
    Certificat,
    Destinataire,
    EnregistrementRncp,
    EnTete,
    GenreCertificat,
    LettreAcquisitionPartielle,
    LettreAttribution,
    LettreDemandeAttribution,
    LettreNonAdmission,
    Qualification,
    RoleDestinataire,
    RoleSignataire,
    Signataire,
    Titulaire,
)

D = datetime.date
JURY = D(2026, 6, 12)
GTP = D(2026, 7, 3)
URL = "https://cqpm.example/verification/Zx81-kQ2p/"
RNCP = EnregistrementRncp(D(2017, 1, 4), D(2017, 1, 13))
CQPM = Qualification("Opérateur(trice) polyvalent d'équipe autonome", "MQ 2009 03 69 0283")
BLOC = Qualification("Préparer et organiser une intervention", "M BDC0001 2019 03 69 0283 R")

_GENRES: dict[GenreCertificat, dict[str, Any]] = {
    GenreCertificat.CQPM: {"categorie": "C*"},
    GenreCertificat.CQPM_RNCP: {"categorie": "B", "rncp": RNCP},
    GenreCertificat.BLOC: {"intitule": BLOC.intitule, "numero_qualification": BLOC.numero, "rncp": RNCP},
    GenreCertificat.CQPI: {"intitule": "Opérateur de production", "cqpm_correspondant": CQPM.intitule},
}


def certificat(genre: GenreCertificat = GenreCertificat.CQPM, **modifs: Any) -> Certificat:
    champs: dict[str, Any] = {"intitule": CQPM.intitule, "numero_qualification": CQPM.numero, **_GENRES[genre]}
    base = Certificat(
        genre=genre,
        numero="MC 2026 07 69 00042",
        titulaire=Titulaire("Lefèvre", "Zoé Éloïse", D(1998, 3, 1), "Saint-Étienne (42)"),
        date_jury=JURY,
        date_seance_gtp=GTP,
        president_jury="Paul Président",
        signataire_uimm="Marie Martin",
        url_verification=URL,
        code_verification="K7QM-4RTX-9ZPB-2HWD",
        **champs,
    )
    return dataclasses.replace(base, **modifs)


CENTRE = EnTete("UIMM Lyon-Rhône — Pôle formation", "8 rue Gaspard Monge, 69200 Vénissieux", "04 72 00 00 00")
CANDIDATE = Destinataire("Mme Zoé Lefèvre", "12 rue des Lilas, 42000 Saint-Étienne")
ENTREPRISE = Destinataire("Mécanique du Rhône", "3 rue des Forges, 69200 Vénissieux", RoleDestinataire.ENTREPRISE)
PRESIDENT = Signataire("Paul Président", RoleSignataire.PRESIDENT_JURY)
REFERENT = Signataire("Claire Référente", RoleSignataire.REFERENT_DELEGATION)
PASSEPORT = "https://www.passeport-formation.example/modele"


def attribution(**modifs: Any) -> LettreAttribution:
    base = LettreAttribution(
        CENTRE, "Vénissieux", D(2026, 7, 6), CANDIDATE, "Zoé Lefèvre", (CQPM,), JURY, GTP, PRESIDENT
    )
    return dataclasses.replace(base, **modifs)


def non_admission(**modifs: Any) -> LettreNonAdmission:
    base = LettreNonAdmission(CENTRE, "Vénissieux", GTP, CANDIDATE, "Zoé Lefèvre", CQPM, JURY, PRESIDENT)
    return dataclasses.replace(base, **modifs)


def partielle(**modifs: Any) -> LettreAcquisitionPartielle:
    base = LettreAcquisitionPartielle(
        CENTRE,
        "Vénissieux",
        GTP,
        CANDIDATE,
        "Zoé Lefèvre",
        CQPM,
        JURY,
        (Capacite("C1", "Analyser une demande d'intervention"), Capacite("C4", "Contrôler la conformité")),
        False,
        D(2028, 6, 12),
        (PASSEPORT,),
        REFERENT,
    )
    return dataclasses.replace(base, **modifs)


def demande(**modifs: Any) -> LettreDemandeAttribution:
    base = LettreDemandeAttribution(
        EnTete("UIMM Lyon-Rhône", "60 avenue Jean Mermoz, 69008 Lyon"),
        "Lyon",
        D(2026, 6, 20),
        (CQPM, BLOC),
        Signataire("Jean Directeur", RoleSignataire.AUTRE, "Délégué général"),
    )
    return dataclasses.replace(base, **modifs)


# Reading a PDF back.


def lecteur(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def texte(pdf: bytes) -> str:
    """The extracted text, whitespace collapsed and typographic apostrophes made plain (typst's smart quotes)."""
    brut = " ".join(p.extract_text() for p in lecteur(pdf).pages)
    return " ".join(brut.replace("’", "'").split())


def signets(pdf: bytes) -> list[str]:
    """The titles of the first-level bookmarks: typst makes one per heading."""
    return [e["/Title"] for e in lecteur(pdf).outline if not isinstance(e, list)]


def xmp(pdf: bytes) -> str:
    racine = lecteur(pdf).trailer["/Root"]
    return racine["/Metadata"].get_object().get_data().decode()


def textes_alternatifs(pdf: bytes) -> list[str]:
    """Every /Alt of the structure tree (the tagged PDF's description of figures)."""
    trouves: list[str] = []

    def parcourir(noeud: Any) -> None:
        noeud = noeud.get_object() if hasattr(noeud, "get_object") else noeud
        if isinstance(noeud, DictionaryObject):
            if "/Alt" in noeud:
                trouves.append(str(noeud["/Alt"]))
            if "/K" in noeud:
                parcourir(noeud["/K"])
        elif isinstance(noeud, ArrayObject):
            for enfant in noeud:
                parcourir(enfant)

    parcourir(lecteur(pdf).trailer["/Root"]["/StructTreeRoot"])
    return trouves


_SEGMENT = re.compile(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?")


def modules_svg(svg: str) -> set[tuple[int, int]]:
    """The dark modules (x, y) drawn by segno's SVG path (moves `M`/`m`, horizontal runs `h`), quiet zone included."""
    chemin = re.search(r' d="([^"]+)"', svg)
    assert chemin is not None
    x = y = 0.0
    sombres: set[tuple[int, int]] = set()
    for commande, a, b in _SEGMENT.findall(chemin.group(1)):
        if commande == "M":
            x, y = float(a), float(b)
        elif commande == "m":
            x, y = x + float(a), y + float(b)
        else:
            sombres |= {(int(x) + i, int(y)) for i in range(int(float(a)))}
            x += float(a)
    return sombres
