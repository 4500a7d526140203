"""The certificates of Annexes 8 to 11 (R-GTP-03, R-CERT-04): every mention, the footnote of each annex, the
classement on the verso, PDF/A-2a and PDF/UA-1, and a QR code that leads to the verification page."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
import segno

from cqpm.core.errors import RegleViolee
from cqpm.documents.attributions import (
    GenreCertificat,
    Titulaire,
    donnees_certificat,
    note_certificat,
    rendre_certificat,
    verifier_certificat,
)
from tests.documents.exemples_attributions import (
    BLOC,
    CQPM,
    GTP,
    JURY,
    RNCP,
    URL,
    certificat,
    lecteur,
    modules_svg,
    texte,
    textes_alternatifs,
    xmp,
)

G = GenreCertificat
LIBELLES = {
    G.CQPM: "CERTIFICAT DE QUALIFICATION PARITAIRE DE LA MÉTALLURGIE",
    G.CQPM_RNCP: "CERTIFICAT DE QUALIFICATION PARITAIRE DE LA MÉTALLURGIE",
    G.BLOC: "CERTIFICAT DE BLOC DE COMPÉTENCES",
    G.CQPI: "CERTIFICAT DE QUALIFICATION PROFESSIONNELLE INTERBRANCHE",
}
CPNEFP = "Commission Paritaire Nationale de l'Emploi et de la formation professionnelle de la Métallurgie"
ARRETE = "par arrêté du 4 janvier 2017 (JO du 13 janvier 2017)"


@pytest.fixture(scope="module")
def rendus() -> dict[GenreCertificat, str]:
    return {genre: texte(rendre_certificat(certificat(genre))) for genre in G}


@pytest.mark.parametrize("genre", list(G))
def test_certificate_shows_every_mention_in_the_order_of_its_annex_R_CERT_04(rendus, genre):
    c = certificat(genre)
    mentions = [
        CPNEFP,
        LIBELLES[genre],
        "N° Certificat MC 2026 07 69 00042",
        f"{c.intitule} *",
        c.numero_qualification,
        "Délivré à : LEFÈVRE Zoé Éloïse",
        "Né(e) le : 1er mars 1998 à : Saint-Étienne (42)",
        "À l'issue de la délibération du jury réuni le 12 juin 2026",
        "Fait à Paris le 3 juillet 2026",
        "Le Président du Jury de Délibération Paul Président",
        "Le Président de l'UIMM ou par délégation, Le Président de la Chambre Syndicale Territoriale "
        "De la métallurgie adhérente de l'UIMM Marie Martin",
        note_certificat(c).replace("’", "'"),
        URL,
    ]
    lu = rendus[genre]
    positions = [lu.find(m) for m in mentions]
    assert -1 not in positions, [m for m, p in zip(mentions, positions, strict=True) if p == -1]
    assert positions == sorted(positions)


def test_cqpm_footnote_gives_the_category_R_CERT_04(rendus):
    attendu = (
        "* Qualification validée par la Commission paritaire nationale de l'emploi de la métallurgie et classée dans "
        "la catégorie C* des qualifications professionnelles suivant les règles définies par la Commission paritaire "
        "nationale de l'emploi de la métallurgie."
    )
    assert attendu in rendus[G.CQPM]
    assert "classée dans la catégorie B des qualifications professionnelles" in rendus[G.CQPM_RNCP]


def test_arrete_and_jo_on_annexes_9_and_10_only_R_GTP_03(rendus):
    """Annex 9 (CQPM RNCP) and, in the French text, Annex 10 (bloc) fill « par arrêté du (JO du ) »."""
    assert (
        f"Le CQPM correspondant est inscrit au Répertoire National des Certifications Professionnelles {ARRETE}."
        in (rendus[G.CQPM_RNCP])
    )
    assert (
        "* Certification validée par la Commission paritaire nationale de l'emploi de la métallurgie. Le bloc de "
        f"compétences correspondant est inscrit au Répertoire National des Certifications Professionnelles {ARRETE}."
    ) in rendus[G.BLOC]
    for genre in (G.CQPM, G.CQPI):
        assert "arrêté" not in rendus[genre] and "JO du" not in rendus[genre]
        assert "Répertoire National" not in rendus[genre]


def test_cqpi_names_the_cqpm_obtained_R_GTP_03(rendus):
    assert f"Au titre du CQPM « {CQPM.intitule} »" in rendus[G.CQPI]
    assert f"délivré avec le certificat de qualification paritaire de la métallurgie {CQPM.numero}" in rendus[G.CQPI]


def test_cqpm_verso_is_the_classement_of_the_accord_R_GTP_03(rendus):
    for genre in (G.CQPM, G.CQPM_RNCP):
        lu = rendus[genre]
        assert "Sous-Section 2 - Classement des CQPM" in lu
        for article in ("Article 10 – CQPM de la catégorie A", "Article 11 – CQPM de la catégorie B"):
            assert article in lu
        assert "Article 12 – CQPM de la catégorie C9" in lu  # the accord's footnote 9 keeps its number
        assert "Article 13 – CQPM DE LA CATÉGORIE D" in lu
        assert "le classement d'accueil ne sera pas inférieur au 3e échelon du niveau IV (coefficient 285)" in lu
    assert len(lecteur(rendre_certificat(certificat(G.CQPM))).pages) == 2
    assert len(lecteur(rendre_certificat(certificat(G.CQPM), verso=False)).pages) == 1
    for genre in (G.BLOC, G.CQPI):
        assert "Classement" not in rendus[genre]
        assert len(lecteur(rendre_certificat(certificat(genre))).pages) == 1


@pytest.mark.parametrize("genre", [G.CQPM_RNCP, G.BLOC])
def test_certificate_is_tagged_pdf_a_2a_and_pdf_ua_1_R_CERT_04(genre):
    pdf = rendre_certificat(certificat(genre))
    meta = xmp(pdf)
    assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>A</pdfaid:conformance>" in meta
    assert "<pdfuaid:part>1</pdfuaid:part>" in meta
    racine = lecteur(pdf).trailer["/Root"]
    assert racine["/Lang"] == "fr-FR" and racine["/MarkInfo"]["/Marked"]
    assert lecteur(pdf).metadata.title == f"{LIBELLES[genre].capitalize()} MC 2026 07 69 00042"
    assert f"Code QR de vérification du certificat MC 2026 07 69 00042 : {URL}" in textes_alternatifs(pdf)


def test_qr_code_encodes_the_verification_url_R_CERT_04():
    """No QR decoder is installed: the SVG embedded is read back module by module and compared with the symbol
    segno makes for the URL (quiet zone of 4 modules)."""
    svg = donnees_certificat(certificat())["qr"]
    attendu = segno.make(URL, error="m", micro=False)
    sombres = {(x + 4, y + 4) for y, ligne in enumerate(attendu.matrix) for x, m in enumerate(ligne) if m}
    assert modules_svg(svg) == sombres
    assert f'width="{attendu.symbol_size()[0]}"' in svg
    autre = donnees_certificat(certificat(url_verification=URL.replace("Zx81", "Zx82")))["qr"]
    assert modules_svg(autre) != sombres


@pytest.mark.parametrize(
    ("genre", "modifs", "regle", "extrait"),
    [
        (G.CQPM, {"numero": ""}, "R-CERT-04", "le numéro du certificat"),
        (G.CQPM, {"numero": "2026 07 69 00042"}, "R-CERT-04", "format MC"),
        (G.CQPM, {"president_jury": " "}, "R-CERT-04", "président du jury"),
        (G.CQPM, {"signataire_uimm": ""}, "R-CERT-04", "second signataire"),
        (G.CQPM, {"titulaire": Titulaire("Lefèvre", "Zoé", datetime.date(1998, 3, 1), "")}, "R-CERT-04", "lieu"),
        (G.CQPM, {"categorie": ""}, "R-CERT-04", "catégorie"),
        (G.CQPM, {"categorie": "E"}, "R-CERT-04", "catégorie"),
        (G.BLOC, {"categorie": "B"}, "R-CERT-04", "catégorie"),
        (G.BLOC, {"numero_qualification": CQPM.numero}, "R-CERT-04", "M BDC"),
        (G.CQPM, {"numero_qualification": BLOC.numero}, "R-CERT-04", "MQ"),
        (G.CQPM_RNCP, {"rncp": None}, "R-GTP-03", "arrêté"),
        (G.BLOC, {"rncp": None}, "R-GTP-03", "arrêté"),
        (G.CQPM, {"rncp": RNCP}, "R-GTP-03", "arrêté"),
        (G.CQPI, {"cqpm_correspondant": ""}, "R-GTP-03", "CQPM obtenu"),
        (G.CQPM, {"url_verification": "cqpm.example/v/1"}, "R-CERT-04", "https"),
    ],
)
def test_incomplete_certificate_is_refused_citing_the_rule_R_CERT_04_R_GTP_03(genre, modifs, regle, extrait):
    with pytest.raises(RegleViolee) as e:
        rendre_certificat(certificat(genre, **modifs))
    assert e.value.rule == regle
    assert extrait in e.value.message and f"({regle})" in e.value.message


def test_fait_a_paris_is_the_gtp_seance_on_or_after_the_jury_R_CERT_04():
    verifier_certificat(certificat(date_seance_gtp=JURY))
    verifier_certificat(certificat(date_seance_gtp=JURY + datetime.timedelta(days=1)))
    with pytest.raises(RegleViolee) as e:
        verifier_certificat(certificat(date_seance_gtp=JURY - datetime.timedelta(days=1)))
    assert e.value.rule == "R-CERT-04" and e.value.champ == "date_seance_gtp"
    assert GTP > JURY


def test_holder_text_is_printed_as_it_is_R_CERT_04():
    c = certificat(titulaire=dataclasses.replace(certificat().titulaire, nom='#eval("1+1") $x$', prenoms="*Zoé*"))
    assert 'Délivré à : #EVAL("1+1") $X$ *Zoé*' in texte(rendre_certificat(c, verso=False))
