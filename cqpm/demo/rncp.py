"""A synthetic RNCP open-data export (France Compétences' flux V4.1), as large as wanted, written one fiche at a time.

The memory test of the RNCP import (tests/referentiels/test_rncp_memoire.py) and its benchmark (bench/rncp.py)
generate their files with it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import IO

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
