"""The evaluation in a real browser: the exam centre chooses the modalities of a candidate registered on the CQPM
of RNCP sheet 28245, creates a commission of two qualified members, records the results and downloads the état
récapitulatif (R-EVAL-01, R-EVAL-04, R-REG-02); every page is checked with axe-core."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from cqpm.comptes.enums import Role
from cqpm.evaluations.models import ResultatCapacite
from tests.conftest import verifier_accessibilite
from tests.factories import CandidatFactory, InscriptionFactory, UtilisateurFactory
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_exam_centre_evaluates_a_candidate_and_downloads_the_state_R_EVAL_01_R_EVAL_04(page, fiche_28245, tmp_path):  # type: ignore[no-untyped-def]
    aujourdhui = timezone.localdate()
    inscription = InscriptionFactory(
        candidat=CandidatFactory(nom="Berthier", prenoms="Alice"),
        version=fiche_28245.version_courante,
        qualification=fiche_28245,
        date_inscription=aujourdhui - datetime.timedelta(days=120),
    )
    UtilisateurFactory(username="centre", role=Role.TERRITORIALE, role__organisation=inscription.centre_examen)
    se_connecter(page, "centre")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Évaluations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluations du parcours de formation")
    verifier_accessibilite(page)

    page.get_by_role("link", name="BERTHIER Alice").click()
    page.get_by_role("button", name="Ouvrir le dossier d'évaluation").click()
    expect(page.get_by_role("status")).to_contain_text("Le dossier d'évaluation est ouvert.")
    verifier_accessibilite(page)

    modalites = page.locator("#modalites")
    for i in range(12):
        modalites.get_by_role("group").nth(i).get_by_label("Situation professionnelle réelle").check()
    modalites.get_by_role("group", name=re.compile("^C11 ")).get_by_label("Présentation de projets").check()
    page.get_by_role("button", name="Enregistrer les modalités").click()
    expect(page.get_by_role("status")).to_contain_text("Les modalités sont enregistrées.")
    expect(page.locator("#modalites table")).to_contain_text("Présentation de projets")
    verifier_accessibilite(page)

    page.get_by_role("link", name="Créer une commission d'évaluation").click()
    verifier_accessibilite(page)
    page.get_by_label("Date de réunion").fill(aujourdhui.isoformat())
    page.get_by_label("Lieu").fill("Lyon, UIMM du Rhône")
    page.get_by_label("Membre 1 : nom").fill("Paul Martin")
    page.get_by_label("Membre 1 : qualité et expérience").fill("Tuteur, 15 ans de conduite de ligne")
    page.get_by_role("button", name="Créer la commission").click()
    expect(page.get_by_role("alert")).to_contain_text("plusieurs membres qualifiés")
    verifier_accessibilite(page)
    page.get_by_label("Membre 2 : nom").fill("Léa Durand")
    page.get_by_label("Membre 2 : qualité et expérience").fill("Formatrice en production")
    page.get_by_role("button", name="Créer la commission").click()
    expect(page.get_by_role("status")).to_contain_text("est créée")

    resultats = page.locator("#resultats form")
    for i in range(12):
        groupe = resultats.get_by_role("group").nth(i)
        groupe.get_by_label("Non acquise" if i == 8 else "Acquise", exact=True).check()
    page.get_by_role("button", name="Enregistrer les résultats").click()
    expect(page.get_by_role("status")).to_contain_text("Les résultats sont enregistrés.")
    assert ResultatCapacite.objects.filter(acquise=True).count() == 11
    avis = page.locator("#avis")
    avis.get_by_label("Avis de l'entreprise").fill("Alice est autonome sur les deux postes.")
    avis.get_by_label("Auteur de l'avis").fill("M. Tuteur")
    avis.get_by_label("Avis donné le").fill(aujourdhui.isoformat())
    page.get_by_role("button", name="Enregistrer l'avis").click()
    expect(page.get_by_role("status")).to_contain_text("L'avis de l'entreprise est enregistré.")
    verifier_accessibilite(page)

    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger l'état récapitulatif (PDF)").click()
    chemin = Path(tmp_path) / "etat.pdf"
    telechargement.value.save_as(chemin)
    texte = "".join(p.extract_text() for p in PdfReader(chemin).pages)
    assert "BERTHIER" in texte and "Non acquise" in texte and "Paul Martin" in texte
