"""Attachments of a dossier: PDF and office documents recognised by their content, size capped (R-LC-CRE-02)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cqpm.audit.services import historique
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import TypeDemande, TypePiece
from tests.cycle_de_vie.outils import PDF, creation_complete, personnel

pytestmark = pytest.mark.django_db

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)


def zip_(entrees: dict[str, bytes]) -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in entrees.items():
            archive.writestr(nom, contenu)
    return tampon.getvalue()


def ooxml(dossier: str) -> bytes:
    return zip_({"[Content_Types].xml": b"<Types/>", f"{dossier}/document.xml": b"<document/>"})


def opendocument(genre: str) -> bytes:
    return zip_({"mimetype": f"application/vnd.oasis.opendocument.{genre}".encode(), "content.xml": b"<office/>"})


@pytest.fixture
def brouillon(reseau, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agent = personnel(reseau["69"])
    demande = services.creer_demande(
        TypeDemande.CREATION, acteur=agent, demandeurs=[reseau["69"]], intitule="Monteur(se) câbleur(se)"
    )
    return demande, agent


def test_a_300_character_file_name_is_cut_but_keeps_its_pdf_extension_R_LC_CRE_02(brouillon):
    demande, agent = brouillon
    nom = "r" * 296 + ".pdf"
    piece = services.joindre_piece(demande, SimpleUploadedFile(nom, PDF), acteur=agent)
    assert len(piece.nom_original) == 255 and piece.nom_original.endswith("r.pdf")


@pytest.mark.parametrize(
    ("nom", "contenu", "attendu"),
    [
        ("rapport.pdf", PDF, TypePiece.PDF),
        ("rapport.docx", ooxml("word"), TypePiece.DOCX),
        ("flux.xlsx", ooxml("xl"), TypePiece.XLSX),
        ("présentation.pptx", ooxml("ppt"), TypePiece.PPTX),
        ("rapport.odt", opendocument("text"), TypePiece.ODT),
        ("flux.ods", opendocument("spreadsheet"), TypePiece.ODS),
        ("diaporama.odp", opendocument("presentation"), TypePiece.ODP),
        ("ancien.doc", OLE2, TypePiece.OFFICE_97),
        ("sans extension", PDF, TypePiece.PDF),  # the name does not matter, the content does
    ],
)
def test_pdf_and_office_documents_are_attached_R_LC_CRE_02(brouillon, nom, contenu, attendu):
    demande, agent = brouillon
    piece = services.joindre_piece(demande, SimpleUploadedFile(nom, contenu), acteur=agent)
    assert (piece.nom_original, piece.taille, piece.type_detecte) == (nom, len(contenu), attendu)
    assert piece.deposee_par == agent
    with piece.fichier.open("rb") as f:
        assert f.read() == contenu
    assert nom not in piece.fichier.name  # stored under a name of ours
    assert historique(demande).filter(action="demande.piece_jointe", regle="R-LC-CRE-02").exists()


@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("programme.docx", b"MZ\x90\x00" + bytes(64)),
        ("archive.xlsx", zip_({"lisez-moi.txt": b"rien"})),
        ("dessin.odt", zip_({"mimetype": b"application/vnd.oasis.opendocument.graphics"})),
        ("faux.pdf", b"Ceci n'est pas un PDF"),
        ("zip-tronque.docx", b"PK\x03\x04" + bytes(20)),
        ("vide.pdf", b""),
    ],
)
def test_other_contents_are_refused_whatever_their_name_R_LC_CRE_02(brouillon, nom, contenu):
    demande, agent = brouillon
    with pytest.raises(RegleViolee, match="n'est ni un PDF ni un document bureautique") as exc:
        services.joindre_piece(demande, SimpleUploadedFile(nom, contenu), acteur=agent)
    assert exc.value.rule == "R-LC-CRE-02" and exc.value.code == "type_piece_refuse"
    assert not demande.pieces.exists()


def test_files_over_the_cap_are_refused_R_LC_CRE_02(brouillon, settings):
    demande, agent = brouillon
    settings.PIECE_JOINTE_TAILLE_MAX = 2_000_000
    contenu = PDF + bytes(2_500_000)
    with pytest.raises(RegleViolee, match="pèse 2,5 Mo : une pièce jointe ne dépasse pas 2 Mo") as exc:
        services.joindre_piece(demande, SimpleUploadedFile("gros.pdf", contenu), acteur=agent)
    assert exc.value.code == "piece_trop_lourde"
    assert not demande.pieces.exists()


def test_attachments_only_by_a_requester_and_only_before_completion_R_LC_CRE_02(brouillon, reseau, secretariat):
    demande, _ = brouillon
    with pytest.raises(AccesRefuse):
        services.joindre_piece(demande, SimpleUploadedFile("a.pdf", PDF), acteur=personnel(reseau["13"]))
    complete = creation_complete(reseau, secretariat, intitule="Soudeur(se)")
    with pytest.raises(RegleViolee, match="y joindre une pièce"):
        services.joindre_piece(complete, SimpleUploadedFile("a.pdf", PDF), acteur=secretariat)
