"""The one place where PDF documents are made: a typst template in `modeles/` plus data passed as JSON.

User text never becomes typst source: the data travel as one JSON string in `sys.inputs.donnees`, which the
template decodes with `json(bytes(…))`, so a name such as ``#eval("…")`` or ``$x$ *y* [z]`` is printed as it is,
never interpreted. Only the fonts embedded in typst are used (no system font, no download), so the output does
not depend on the machine. Templates whose name starts with ``_`` are shared parts (``_entete.typ``), not documents.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import re
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typst

if TYPE_CHECKING:
    from typst import PDFStandard

MODELES = Path(__file__).resolve().parent / "modeles"
_NOM_MODELE = re.compile(r"[a-z][a-z0-9_]*")


class ErreurRendu(RuntimeError):
    """The template could not be compiled: a programming error in a template, never the user's data."""


def _en_json(valeur: Any) -> Any:
    """Dates as ISO strings, enums by value, dataclasses as dicts: anything else is a caller's error."""
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    if isinstance(valeur, enum.Enum):
        return valeur.value
    if dataclasses.is_dataclass(valeur) and not isinstance(valeur, type):
        return dataclasses.asdict(valeur)
    raise TypeError(f"Valeur non sérialisable pour un document : {type(valeur).__name__}.")


def chemin_modele(modele: str) -> Path:
    """The template file of a document name; refuses shared parts and anything that is not a plain name."""
    if not _NOM_MODELE.fullmatch(modele) or not (MODELES / f"{modele}.typ").is_file():
        raise ValueError(f"Modèle de document inconnu : « {modele} ».")
    return MODELES / f"{modele}.typ"


_local = threading.local()


def _compilateur() -> typst.Compiler:
    """One compiler per thread: loading the embedded fonts is most of a one-page document's cost (2.7 ms against
    6.3 ms per état récapitulatif when it is reused, `bench/documents.py`)."""
    compilateur = getattr(_local, "compilateur", None)
    if compilateur is None:
        compilateur = _local.compilateur = typst.Compiler(root=MODELES, ignore_system_fonts=True)
    return compilateur


def rendre_pdf(modele: str, donnees: Mapping[str, Any], *, standards: Sequence[PDFStandard] = ()) -> bytes:
    """Compile `modeles/<modele>.typ` with `donnees` (read in the template as `json(bytes(sys.inputs.donnees))`).

    `standards` are the PDF profiles typst checks and declares, e.g. ``("a-2a", "ua-1")`` for a tagged PDF/A-2a
    that is also PDF/UA-1: a template breaking them (an image without alternative text…) does not compile."""
    chemin = chemin_modele(modele)
    texte = json.dumps(donnees, default=_en_json, ensure_ascii=False)
    try:
        pdf = _compilateur().compile(
            input=chemin, format="pdf", sys_inputs={"donnees": texte}, pdf_standards=list(standards)
        )
    except typst.TypstError as exc:
        raise ErreurRendu(f"Le modèle « {modele} » ne compile pas : {exc.message}") from exc
    if not isinstance(pdf, bytes):  # a PDF is one file; pages as a list only come with image formats
        raise ErreurRendu(f"Le modèle « {modele} » n'a pas produit un PDF.")
    return pdf


_MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_longue(jour: datetime.date) -> str:
    """A date as French documents write it: « 1er mars 2025 », « 12 juin 2025 »."""
    quantieme = "1er" if jour.day == 1 else str(jour.day)
    return f"{quantieme} {_MOIS[jour.month - 1]} {jour.year}"
