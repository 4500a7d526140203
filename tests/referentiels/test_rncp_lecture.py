"""Reading France Compétences' RNCP export (XML flux V4.1): typed fiches, malformed values, DTDs, zip."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest

from cqpm.referentiels.rncp import (
    BlocRNCP,
    Certificateur,
    ErreurFiche,
    FicheRNCP,
    FichierRNCPInvalide,
    StatistiquePromotion,
    lire_fiches,
)

DONNEES = Path(__file__).resolve().parent / "donnees_rncp"
EXPORT = DONNEES / "export_28245_renouvelee.xml"


def fiche_xml(corps: str, *, entete: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    return f"{entete}<FICHES><FICHE>{corps}</FICHE></FICHES>".encode()


def test_every_element_used_is_read_into_typed_values_R_REF_04():
    fiche, autre, rs = lire_fiches(EXPORT)
    assert fiche.numero == "RNCP28245" and fiche.code == "28245"
    assert fiche.intitule == (
        "CQP : Certificat de qualification professionnelle Opérateur(trice) polyvalent d’équipe autonome (CQPM)"
    )
    assert (fiche.etat, fiche.actif, fiche.niveau) == ("Publiée", True, 3)
    assert fiche.codes_nsf == ("200u",) and fiche.codes_rome == ("H2906", "H2909")
    assert fiche.certificateurs == (
        Certificateur("", "Commission paritaire nationale de l’emploi (CPNE) de la métallurgie"),
    )
    assert fiche.blocs == (
        BlocRNCP(
            "RNCP28245BC01",
            "Réalisation d'une production sur plusieurs postes",
            "C1 Réaliser la production sur au moins deux postes <br> C2 Adapter son comportement professionnel",
            "Evaluation en situation professionnelle réelle",
        ),
        BlocRNCP(
            "RNCP28245BC02",
            "Contribution à la performance de l'équipe",
            "C8 Identifier une amélioration sur le poste",
            "Présentation de projets",
        ),
    )
    assert [b.numero for b in fiche.blocs] == [1, 2]
    assert fiche.date_decision == datetime.date(2022, 3, 30)
    assert fiche.date_effet == datetime.date(2022, 4, 21)
    assert fiche.date_fin_enregistrement == datetime.date(2027, 4, 21)
    assert fiche.date_dernier_jo == datetime.date(2022, 4, 12)
    assert fiche.statistiques[0] == StatistiquePromotion(2016, 900)
    assert fiche.statistiques[-1] == StatistiquePromotion(2022, None)
    assert fiche.anciennes_certifications == () and fiche.nouvelles_certifications == ()
    assert (autre.numero, autre.actif, autre.certificateurs[0].siret) == ("RNCP34567", True, "11000000000000")
    assert (rs.numero, rs.code, rs.actif) == ("RS5000", "", False)


def test_version_chains_are_read_whatever_their_nesting():
    nouvelle, ancienne = lire_fiches(DONNEES / "chaine_28245_40001.xml")
    assert nouvelle.anciennes_certifications == ("RNCP28245",)
    assert ancienne.nouvelles_certifications == ("RNCP40001",)
    assert nouvelle.certificateurs[0].siret == "99999999999999"
    plat = fiche_xml(
        "<NUMERO_FICHE>RNCP2</NUMERO_FICHE><ANCIENNES_CERTIFICATIONS>RNCP 1, RS7</ANCIENNES_CERTIFICATIONS>"
    )
    assert next(lire_fiches(io.BytesIO(plat))).anciennes_certifications == ("RNCP1", "RS7")


def test_missing_optional_elements_give_empty_values():
    (fiche,) = lire_fiches(io.BytesIO(fiche_xml("<NUMERO_FICHE>RNCP12</NUMERO_FICHE><NIVEAU>AUCUN</NIVEAU>")))
    assert fiche == FicheRNCP(numero="RNCP12")
    assert fiche.moyenne_attributions() is None


def test_declared_encoding_and_cdata_are_honoured():
    latin1 = fiche_xml(
        "<NUMERO_FICHE>RNCP12</NUMERO_FICHE><INTITULE><![CDATA[Soudeur <à> l'arc]]> électrique</INTITULE>"
    )
    latin1 = latin1.decode().replace("UTF-8", "ISO-8859-1").encode("latin-1")
    (fiche,) = lire_fiches(io.BytesIO(latin1))
    assert fiche.intitule == "Soudeur <à> l'arc électrique"


def test_only_fiches_under_fiches_count_and_bloc_codes_of_correspondances_are_not_blocs():
    (fiche, *_) = lire_fiches(EXPORT)
    assert "RNCP28245BC09" not in [b.code for b in fiche.blocs]
    imbriquee = b"<EXPORT><FICHES><FICHE><NUMERO_FICHE>RNCP5</NUMERO_FICHE></FICHE></FICHES></EXPORT>"
    assert [f.numero for f in lire_fiches(io.BytesIO(imbriquee))] == ["RNCP5"]


def test_average_awards_is_over_the_five_latest_years_rounded_half_up_R_REP_02():
    (fiche, *_) = lire_fiches(EXPORT)
    assert fiche.moyenne_attributions() == round((265 + 282 + 250 + 310 + 300) / 5)  # 2016 and empty 2022 left out
    deux_ans = FicheRNCP("RNCP1", statistiques=(StatistiquePromotion(2020, 2), StatistiquePromotion(2021, 3)))
    assert deux_ans.moyenne_attributions() == 3  # 2.5 → 3, not banker's rounding


def test_malformed_values_are_reported_with_fiche_number_and_path_and_the_fiche_is_not_yielded():
    erreurs: list[ErreurFiche] = []
    fiches = list(lire_fiches(DONNEES / "mal_formee.xml", erreurs=erreurs))
    assert [f.numero for f in fiches] == ["RNCP30123"]  # the rest continues
    assert [(e.numero, e.chemin, e.valeur) for e in erreurs] == [
        ("RNCP28245", "FICHE/DATE_FIN_ENREGISTREMENT", "31/02/2027"),
        ("RNCP28245", "FICHE/STATISTIQUES_PROMOTIONS/STATISTIQUES_PROMOTION[1]/NOMBRE_CERTIFIES", "beaucoup"),
        ("RNCP31000", "FICHE/DATE_EFFET", "hier"),
    ]
    assert str(erreurs[0]) == (
        "RNCP28245 — FICHE/DATE_FIN_ENREGISTREMENT : « 31/02/2027 » n'est pas une date valide au format JJ/MM/AAAA."
    )
    assert erreurs[0].certificateurs[0].nom == "CPNE de la métallurgie"


@pytest.mark.parametrize(
    ("corps", "chemin"),
    [
        ("<ACTIF>Peut-être</ACTIF>", "FICHE/ACTIF"),
        ("<NOMENCLATURE_EUROPE><NIVEAU>NIV9</NIVEAU></NOMENCLATURE_EUROPE>", "FICHE/NOMENCLATURE_EUROPE/NIVEAU"),
        ("<CODES_ROME><ROME><CODE>H29</CODE></ROME></CODES_ROME>", "FICHE/CODES_ROME/ROME/CODE[1]"),
        ("<CODES_NSF><NSF><CODE>deux cents</CODE></NSF></CODES_NSF>", "FICHE/CODES_NSF/NSF/CODE[1]"),
        ("<DATE_DECISION>2022-03-30</DATE_DECISION>", "FICHE/DATE_DECISION"),
        (
            "<STATISTIQUES_PROMOTIONS><STATISTIQUES_PROMOTION><ANNEE>deux mille</ANNEE></STATISTIQUES_PROMOTION>"
            "</STATISTIQUES_PROMOTIONS>",
            "FICHE/STATISTIQUES_PROMOTIONS/STATISTIQUES_PROMOTION[1]/ANNEE",
        ),
    ],
)
def test_each_malformed_value_is_refused_with_its_path(corps, chemin):
    erreurs: list[ErreurFiche] = []
    assert list(lire_fiches(io.BytesIO(fiche_xml(f"<NUMERO_FICHE>RNCP7</NUMERO_FICHE>{corps}")), erreurs=erreurs)) == []
    assert [(e.numero, e.chemin) for e in erreurs] == [("RNCP7", chemin)]


def test_a_fiche_without_number_is_reported_by_its_position():
    erreurs: list[ErreurFiche] = []
    assert list(lire_fiches(io.BytesIO(fiche_xml("<INTITULE>Sans numéro</INTITULE>")), erreurs=erreurs)) == []
    assert (erreurs[0].numero, erreurs[0].chemin) == ("fiche n° 1 du fichier", "FICHE/NUMERO_FICHE")


def test_without_an_error_list_a_malformed_fiche_stops_the_reading():
    with pytest.raises(FichierRNCPInvalide, match="RNCP28245 — FICHE/DATE_FIN_ENREGISTREMENT"):
        list(lire_fiches(DONNEES / "mal_formee.xml"))


def test_a_dtd_is_refused_before_any_entity_is_expanded():
    with pytest.raises(FichierRNCPInvalide, match=r"DOCTYPE/DTD.*billion laughs"):
        list(lire_fiches(DONNEES / "doctype_entites.xml"))


@pytest.mark.parametrize(
    "donnees",
    [
        b"<!DOCTYPE FICHES SYSTEM 'http://exemple.invalid/x.dtd'><FICHES/>",
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- commentaire --><!DOCTYPE FICHES []><FICHES/>',
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE FICHES [<!ENTITY e "x">]><FICHES/>'.encode("utf-16"),
    ],
    ids=["dtd-externe", "bom-utf8-et-commentaire", "utf-16"],
)
def test_a_dtd_is_refused_whatever_the_encoding_or_what_precedes_it(donnees):
    with pytest.raises(FichierRNCPInvalide, match="DOCTYPE"):
        list(lire_fiches(io.BytesIO(donnees)))


def test_markup_the_dtd_check_cannot_read_is_refused():
    ebcdic = b'<?xml version="1.0" encoding="cp037"?>' + "<!DOCTYPE F []><F/>".encode("cp037")
    with pytest.raises(FichierRNCPInvalide, match="contenu illisible avant l'élément racine"):
        list(lire_fiches(io.BytesIO(ebcdic)))


def test_a_dtd_split_across_reads_is_still_seen():
    class Goutte(io.BytesIO):
        def read(self, taille: int | None = -1) -> bytes:
            return super().read(3)

    with pytest.raises(FichierRNCPInvalide, match="DOCTYPE"):
        list(lire_fiches(Goutte(b"<?xml version='1.0'?><!-- x --><!DOCTYPE F []><F/>")))
    assert [f.numero for f in lire_fiches(Goutte(fiche_xml("<NUMERO_FICHE>RNCP3</NUMERO_FICHE>")))] == ["RNCP3"]


def test_an_undeclared_entity_and_a_truncated_file_are_refused_in_french():
    with pytest.raises(FichierRNCPInvalide, match="XML mal formé ligne 1"):
        list(lire_fiches(io.BytesIO(fiche_xml("<NUMERO_FICHE>&x;</NUMERO_FICHE>"))))
    with pytest.raises(FichierRNCPInvalide, match="XML mal formé"):
        list(lire_fiches(io.BytesIO(EXPORT.read_bytes()[:2000])))


def test_a_zip_is_streamed_from_its_xml_member(tmp_path):
    archive = tmp_path / "export-fiches-rncp-v4-1-2025-01-02.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.write(EXPORT, "export_fiches_RNCP_V4_1_2025-01-02.xml")
        z.writestr("LISEZMOI.txt", "Licence Ouverte 2.0")
    assert [f.numero for f in lire_fiches(archive)] == ["RNCP28245", "RNCP34567", "RS5000"]
    assert [f.numero for f in lire_fiches(str(archive))] == ["RNCP28245", "RNCP34567", "RS5000"]


def test_a_zip_without_exactly_one_xml_member_is_refused(tmp_path):
    archive = tmp_path / "vide.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.xml", "<FICHES/>")
        z.writestr("b.xml", "<FICHES/>")
    with pytest.raises(FichierRNCPInvalide, match=r"exactement un fichier XML \(trouvé : a.xml, b.xml\)"):
        list(lire_fiches(archive))


def test_a_missing_file_is_refused_in_french(tmp_path):
    with pytest.raises(FichierRNCPInvalide, match="Lecture impossible"):
        list(lire_fiches(tmp_path / "absent.xml"))
