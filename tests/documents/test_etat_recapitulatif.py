"""The état récapitulatif des évaluations (R-EVAL-04) and the PDF rendering it goes through."""

from __future__ import annotations

import dataclasses
import datetime
import io
import re

import pytest
from pypdf import PdfReader

from cqpm.core.errors import RegleViolee
from cqpm.documents.etat_recapitulatif import (
    BlocEvalue,
    Candidat,
    CapaciteEvaluee,
    MembreCommission,
    rendre_etat_recapitulatif,
)
from cqpm.documents.rendu import date_longue, rendre_pdf
from tests.documents.exemples import REELLE, A, N, etat


def texte(pdf: bytes) -> str:
    """The extracted text, whitespace collapsed (table cells wrap)."""
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_statement_is_a_pdf_with_the_cpnefp_heading_R_EVAL_04():
    pdf = rendre_etat_recapitulatif(etat())
    assert pdf.startswith(b"%PDF")
    lu = texte(pdf)
    assert "Commission Paritaire Nationale de l'Emploi et de la formation professionnelle de la Métallurgie" in lu
    assert "ÉTAT RÉCAPITULATIF DES ÉVALUATIONS" in lu
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "État récapitulatif des évaluations"


def test_statement_shows_centre_candidate_qualification_and_commission_R_EVAL_04():
    lu = texte(rendre_etat_recapitulatif(etat()))
    for attendu in [
        "Pôle formation UIMM Lyon-Rhône",
        "LEFÈVRE Zoé Éloïse",
        "1er mars 1998 à Saint-Étienne (42), France",
        "Technicien(ne) en maintenance industrielle",
        "MQ 2005 12 69 0198 R",
        "version 2",
        "11 juin 2025 et 12 juin 2025",
        "Jean Dupont — Tuteur, Mécanique du Rhône",
        "Aïcha Benali",
    ]:
        assert attendu in lu


def test_each_capacity_has_its_number_modalities_result_and_observations_R_EVAL_04():
    lu = texte(rendre_etat_recapitulatif(etat()))
    assert "Bloc 1 — Préparer et réaliser la maintenance" in lu and "Bloc 2 — Améliorer les équipements" in lu
    assert re.search(r"C1 Analyser une demande d'intervention Situation professionnelle réelle Avis de l'entreprise "
                     r"Acquise Très méthodique\.", lu)  # fmt: skip
    assert "C2 Diagnostiquer une panne électrique Situation professionnelle réelle Non acquise Oubli" in lu
    assert "Capacités acquises : 1 / 2." in lu
    assert "Capacités acquises : 2 / 3, dont 1 reprise d'un jury antérieur (R-EVAL-06)." in lu


def test_capacity_from_an_earlier_jury_shows_that_jurys_date_R_EVAL_06():
    lu = texte(rendre_etat_recapitulatif(etat()))
    assert "C3 Proposer une amélioration — Acquise Reprise du jury du 5 novembre 2024 (R-EVAL-06)" in lu


def test_only_validated_capacities_are_carried_over_R_EVAL_06():
    reprise_ratee = CapaciteEvaluee(1, "Capacité", N, (REELLE,), jury_anterieur=datetime.date(2024, 1, 1))
    with pytest.raises(RegleViolee) as exc:
        rendre_etat_recapitulatif(etat(blocs=(BlocEvalue(1, "Bloc", (reprise_ratee,)),)))
    assert exc.value.rule == "R-EVAL-06" and exc.value.code == "reprise_non_acquise"


def test_company_opinion_is_shown_when_given_R_EVAL_03():
    assert "Avis favorable : autonome sur la ligne 3." in texte(rendre_etat_recapitulatif(etat()))
    assert "Avis de l'entreprise (R-EVAL-03)" not in texte(rendre_etat_recapitulatif(etat(avis_entreprise=None)))


def test_granted_compensations_are_listed_R_EVAL_05():
    assert "Tiers-temps pour l'épreuve écrite (accordé le 20 mai 2025)" in texte(rendre_etat_recapitulatif(etat()))
    assert "Aucun aménagement demandé." in texte(rendre_etat_recapitulatif(etat(amenagements=())))


def test_commission_of_one_member_is_refused_R_EVAL_04():
    with pytest.raises(RegleViolee) as exc:
        rendre_etat_recapitulatif(etat(commission=(MembreCommission("Seul"),)))
    assert exc.value.rule == "R-EVAL-04" and exc.value.code == "commission_incomplete"


def test_statement_without_evaluation_date_is_refused_R_EVAL_04():
    with pytest.raises(RegleViolee) as exc:
        rendre_etat_recapitulatif(etat(dates_evaluation=()))
    assert exc.value.code == "etat_sans_date"


def test_only_carried_over_capacities_need_no_commission_R_EVAL_06():
    reprise = CapaciteEvaluee(1, "Capacité reprise", A, jury_anterieur=datetime.date(2024, 1, 1))
    pdf = rendre_etat_recapitulatif(
        etat(blocs=(BlocEvalue(1, "Bloc", (reprise,)),), commission=(), dates_evaluation=())
    )
    assert "Aucune évaluation nouvelle : toutes les capacités sont reprises" in texte(pdf)


@pytest.mark.parametrize(
    "nom",
    [
        '#eval("1+1") $x^2$ *gras* _penché_ [crochet] <etiquette> @ref \\ `code` // commentaire',
        '#set page(paper: "a5")',
        '"); #panic("injection") //',
    ],
)
def test_typst_special_characters_in_user_text_are_printed_as_they_are(nom):
    capacite = CapaciteEvaluee(1, nom, A, (REELLE,), observations=nom)
    pdf = rendre_etat_recapitulatif(
        etat(
            candidat=Candidat(nom, nom, datetime.date(2000, 1, 2)),
            blocs=(BlocEvalue(1, nom, (capacite,)),),
            avis_entreprise=None,
        )
    )
    lu = texte(pdf)
    assert lu.count(nom) >= 4  # prénoms, bloc title, capacity, observations — never interpreted
    assert nom.upper() in lu  # the family name
    page = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(page.width), round(page.height)) == (595, 842)  # still A4: no `#set page` was run


def test_long_statement_is_paginated_page_x_of_y():
    capacites = tuple(
        CapaciteEvaluee(n, f"Capacité numéro {n} " + "très longue " * 8, A, (REELLE,)) for n in range(1, 61)
    )
    pdf = rendre_etat_recapitulatif(etat(blocs=(BlocEvalue(1, "Bloc unique", capacites),)))
    total = pages(pdf)
    assert total >= 3
    lu = texte(pdf)
    for n in range(1, total + 1):
        assert f"Page {n} / {total}" in lu
    assert "C60 Capacité numéro 60" in lu


def test_rendering_refuses_unknown_or_shared_templates():
    for nom in ["inconnu", "_entete", "../modeles/etat_recapitulatif", "Etat_recapitulatif"]:
        with pytest.raises(ValueError):
            rendre_pdf(nom, {})


def test_dates_are_written_the_french_way():
    assert date_longue(datetime.date(2025, 3, 1)) == "1er mars 2025"
    assert date_longue(datetime.date(2024, 8, 15)) == "15 août 2024"
    assert dataclasses.replace(etat(), lieu="").lieu == ""
