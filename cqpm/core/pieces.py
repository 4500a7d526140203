"""Attachments, whichever dossier they join (lifecycle requests, VAE files): PDF or office documents recognised by
their content (magic bytes, inner entries of the ZIP), never by their name, and capped in size
(`settings.PIECE_JOINTE_TAILLE_MAX`). `controler_piece` is the one check every `joindre_*` action calls before
it stores the file; each caller names the rule that asks for the document.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import models
from django.utils import timezone

from cqpm.core.errors import RegleViolee


class TypePiece(models.TextChoices):
    """The file types a dossier accepts, recognised by their content, never by their name."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Document Word (.docx)"
    XLSX = "xlsx", "Classeur Excel (.xlsx)"
    PPTX = "pptx", "Présentation PowerPoint (.pptx)"
    ODT = "odt", "Texte OpenDocument (.odt)"
    ODS = "ods", "Classeur OpenDocument (.ods)"
    ODP = "odp", "Présentation OpenDocument (.odp)"
    OFFICE_97 = "ole2", "Document Office 97-2003 (.doc, .xls)"


TYPES_MIME = {
    TypePiece.PDF: "application/pdf",
    TypePiece.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    TypePiece.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    TypePiece.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    TypePiece.ODT: "application/vnd.oasis.opendocument.text",
    TypePiece.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    TypePiece.ODP: "application/vnd.oasis.opendocument.presentation",
    TypePiece.OFFICE_97: "application/octet-stream",
}
"""The type sent with a download: the one recognised from the content, never guessed from the user's file name."""

_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_OPEN_DOCUMENT = (
    ("application/vnd.oasis.opendocument.text", TypePiece.ODT),
    ("application/vnd.oasis.opendocument.spreadsheet", TypePiece.ODS),
    ("application/vnd.oasis.opendocument.presentation", TypePiece.ODP),
)
_OFFICE_OPEN_XML = (("word/", TypePiece.DOCX), ("xl/", TypePiece.XLSX), ("ppt/", TypePiece.PPTX))


def detecter_type(fichier: IO[bytes]) -> TypePiece | None:
    """The type of a PDF or office document read from its content; None for anything else."""
    fichier.seek(0)
    tete = fichier.read(8)
    fichier.seek(0)
    if tete.startswith(b"%PDF-"):
        return TypePiece.PDF
    if tete == _OLE2:
        return TypePiece.OFFICE_97
    if not tete.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(fichier) as archive:
            noms = archive.namelist()
            if "mimetype" in noms:
                with archive.open("mimetype") as entree:
                    mimetype = entree.read(100).decode("ascii", "replace").strip()
                for prefixe, type_piece in _OPEN_DOCUMENT:
                    if mimetype.startswith(prefixe):
                        return type_piece
            if "[Content_Types].xml" in noms:
                for dossier, type_piece in _OFFICE_OPEN_XML:
                    if any(n.startswith(dossier) for n in noms):
                        return type_piece
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, RuntimeError, ValueError):
        return None
    finally:
        fichier.seek(0)
    return None


def _mo(octets: int) -> str:
    return f"{octets / 1_000_000:.1f}".replace(".", ",").removesuffix(",0")


@dataclass(frozen=True)
class PieceControlee:
    nom: str
    taille: int
    type: TypePiece


def nom_tronque(nom: str, longueur: int = 255) -> str:
    """The name cut to the column's length, keeping its extension (« …très long.pdf » stays a .pdf)."""
    if len(nom) <= longueur:
        return nom
    racine, extension = os.path.splitext(nom)
    if not extension or len(extension) > 16:
        return nom[:longueur]
    return racine[: longueur - len(extension)] + extension


def controler_piece(fichier: File[bytes], *, regle: str, champ: str = "fichier") -> PieceControlee:
    """The file's name, size and type once checked: refused, citing `regle`, when it is too heavy or neither a PDF
    nor an office document whatever its name says."""
    nom = nom_tronque(os.path.basename(fichier.name or "document"))
    taille = fichier.size or 0
    plafond = settings.PIECE_JOINTE_TAILLE_MAX
    if taille > plafond:
        raise RegleViolee(
            regle,
            f"« {nom} » pèse {_mo(taille)} Mo : une pièce jointe ne dépasse pas {_mo(plafond)} Mo.",
            code="piece_trop_lourde",
            champ=champ,
        )
    type_piece = detecter_type(fichier)
    if type_piece is None:
        raise RegleViolee(
            regle,
            f"« {nom} » n'est ni un PDF ni un document bureautique (Word, Excel, PowerPoint, OpenDocument) : son "
            "contenu ne correspond à aucun de ces formats, quel que soit le nom du fichier.",
            code="type_piece_refuse",
            champ=champ,
        )
    return PieceControlee(nom=nom, taille=taille, type=type_piece)


class FichierDepose(models.Model):
    """What every stored attachment records besides the file itself (whose path each dossier chooses): the user's
    file name (never used as a path), its size, the type recognised from its content, who filed it and when."""

    nom_original = models.CharField("nom du fichier déposé", max_length=255)
    taille = models.PositiveBigIntegerField("taille (octets)")
    type_detecte = models.CharField("type reconnu", max_length=10, choices=TypePiece.choices)
    deposee_le = models.DateTimeField("déposée le", default=timezone.now)
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposée par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["deposee_le", "pk"]
