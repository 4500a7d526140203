"""From the company's import to the état récapitulatif, each actor in their own browser session:

a company contact downloads the import template, fills it with three employees for the CQPM of RNCP sheet 28245,
checks the preview and confirms (R-REG-01, R-ACC-02); four months later (time_machine moves the clock of the test
and of the live server) the exam centre, a UIMM territoriale, opens the inscription of one employee from
« Inscriptions », opens the evaluation dossier, chooses the modalities (R-EVAL-01), records the company's opinion
(R-EVAL-03), is refused a commission that met less than 3 months after the registration (R-REG-02), creates a
commission of two qualified members, records its results with one capacity not acquired (R-EVAL-04) and downloads
the état récapitulatif PDF. axe-core checks every page on the way.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cqpm.candidats.models import Inscription
from cqpm.comptes.enums import Role
from cqpm.core.dates import ajouter_mois
from cqpm.demo.fiche_28245 import charger_fiche_28245
from cqpm.evaluations.models import ResultatCapacite
from tests.conftest import verifier_accessibilite
from tests.factories import EntrepriseFactory, UtilisateurFactory
from tests.navigateur.test_demandes import se_connecter
from tests.navigateur.test_import_inscriptions import deposer, remplir

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARIS = ZoneInfo("Europe/Paris")
T = datetime.datetime(2026, 1, 12, 9, 30, tzinfo=PARIS)
PLUS_4_MOIS = datetime.datetime.combine(ajouter_mois(T.date(), 4), datetime.time(9, 30), tzinfo=PARIS)
SALARIES = [("BERNARD", "Léa"), ("GARCIA", "Hugo"), ("LEFÈVRE", "Chloé")]
LIEU = "Lyon, UIMM du Rhône"
EVALUE = f"{SALARIES[1][0]} {SALARIES[1][1]}"


def importer_la_cohorte(rh: Page, tmp_path: Path, siret: str) -> None:
    """The company contact's part: template, three employees, preview, confirmation."""
    se_connecter(rh, "rh")
    rh.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Inscriptions").click()
    rh.get_by_role("link", name="Importer une cohorte").click()
    expect(rh.get_by_role("heading", level=1)).to_have_text("Importer une cohorte")
    verifier_accessibilite(rh)
    with rh.expect_download() as telechargement:
        rh.get_by_role("link", name="Télécharger le modèle (XLSX)").click()
    chemin = tmp_path / "modele.xlsx"
    telechargement.value.save_as(chemin)
    modele = chemin.read_bytes()
    feuille = load_workbook(io.BytesIO(modele))["Inscriptions"]
    entetes = [c.value for c in feuille[1]]
    assert entetes[:2] == ["Nom de naissance", "Prénoms"]
    assert feuille.cell(row=2, column=entetes.index("SIRET de l'entreprise") + 1).value == siret

    deposer(rh, remplir(modele, SALARIES))
    expect(rh.get_by_role("heading", level=1)).to_have_text("Aperçu de l'import")
    for nom, prenoms in SALARIES:
        expect(rh.get_by_role("table")).to_contain_text(f"{nom} {prenoms}")
    expect(rh.get_by_role("status").last).to_contain_text("Aucune erreur")
    verifier_accessibilite(rh)
    rh.get_by_role("button", name=re.compile("Confirmer l'import de 3 inscriptions")).click()
    expect(rh.get_by_role("status").first).to_contain_text("3 inscriptions importées")
    verifier_accessibilite(rh)


def creer_commission(centre: Page, jour: datetime.date, membres: list[tuple[str, str]]) -> None:
    centre.get_by_role("link", name="Créer une commission d'évaluation").click()
    expect(centre.get_by_role("heading", level=1)).to_have_text("Nouvelle commission d'évaluation")
    verifier_accessibilite(centre)
    centre.get_by_label("Date de réunion").fill(jour.isoformat())
    centre.get_by_label("Lieu").fill(LIEU)
    for i, (nom, qualite) in enumerate(membres, start=1):
        centre.get_by_label(f"Membre {i} : nom").fill(nom)
        centre.get_by_label(f"Membre {i} : qualité et expérience").fill(qualite)
    centre.get_by_role("button", name="Créer la commission").click()
    expect(centre.get_by_role("status")).to_contain_text(f"La commission d'évaluation du {jour:%d/%m/%Y} est créée.")


def saisir_resultats(centre: Page, jour: datetime.date) -> None:
    """Every capacity acquired but the ninth, by the commission that met on `jour`."""
    resultats = centre.locator("#resultats form")
    resultats.get_by_label("Commission d'évaluation").select_option(
        label=f"Commission d'évaluation du {jour:%d/%m/%Y} ({LIEU})"
    )
    groupes = resultats.get_by_role("group")
    for i in range(groupes.count()):
        groupes.nth(i).get_by_label("Non acquise" if i == 8 else "Acquise", exact=True).check()
    centre.get_by_role("button", name="Enregistrer les résultats").click()


def test_company_imports_centre_evaluates_and_prints_the_state_R_REG_02_R_EVAL_01_R_EVAL_03_R_EVAL_04(  # type: ignore[no-untyped-def]
    page, nouvelle_page, tmp_path
):
    with time_machine.travel(T, tick=True):
        charger_fiche_28245()
        entreprise = EntrepriseFactory(nom="Forges de Vénissieux", siret="73282932000074")
        UtilisateurFactory(username="rh", role=Role.ENTREPRISE, role__organisation=entreprise)
        importer_la_cohorte(page, tmp_path, entreprise.siret)
    inscription = Inscription.objects.get(candidat__prenoms=SALARIES[1][1])
    assert Inscription.objects.count() == 3 and inscription.date_inscription == T.date()

    with time_machine.travel(PLUS_4_MOIS, tick=True):
        aujourdhui = PLUS_4_MOIS.date()
        UtilisateurFactory(username="centre", role=Role.TERRITORIALE, role__organisation=inscription.centre_examen)
        centre = nouvelle_page()
        se_connecter(centre, "centre")
        centre.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Inscriptions").click()
        expect(centre.get_by_role("heading", level=1)).to_have_text("Inscriptions des candidats")
        verifier_accessibilite(centre)
        centre.get_by_role("link", name=EVALUE).click()
        expect(centre.get_by_role("heading", level=1)).to_have_text(EVALUE)
        verifier_accessibilite(centre)
        centre.get_by_role("link", name="Dossier d'évaluation et résultats de la commission").click()
        expect(centre.locator("#inscription")).to_contain_text("Pas avant le 12 avril 2026")
        verifier_accessibilite(centre)
        centre.get_by_role("button", name="Ouvrir le dossier d'évaluation").click()
        expect(centre.get_by_role("status")).to_contain_text("Le dossier d'évaluation est ouvert.")
        verifier_accessibilite(centre)

        groupes = centre.locator("#modalites form").get_by_role("group")
        for i in range(groupes.count()):
            groupes.nth(i).get_by_label("Situation professionnelle réelle").check()
        centre.get_by_role("button", name="Enregistrer les modalités").click()
        expect(centre.get_by_role("status")).to_contain_text("Les modalités sont enregistrées.")
        verifier_accessibilite(centre)

        avis = centre.locator("#avis")  # salaried with the employer's agreement: the opinion is required (R-EVAL-03)
        avis.get_by_label("Avis de l'entreprise").fill("Hugo conduit seul la ligne de découpe depuis février.")
        avis.get_by_label("Auteur de l'avis").fill("M. Lambert, tuteur")
        avis.get_by_label("Avis donné le").fill(aujourdhui.isoformat())
        centre.get_by_role("button", name="Enregistrer l'avis").click()
        expect(centre.get_by_role("status")).to_contain_text("L'avis de l'entreprise est enregistré.")

        trop_tot = ajouter_mois(T.date(), 2)
        creer_commission(centre, trop_tot, [("Paul Martin", "Tuteur"), ("Léa Durand", "Formatrice")])
        saisir_resultats(centre, trop_tot)
        choix = centre.locator("#resultats").get_by_label("Commission d'évaluation")
        expect(choix).to_have_attribute("aria-invalid", "true")
        expect(choix).to_have_accessible_description(re.compile(r"pas avant le .*\(R-REG-02\)"))
        verifier_accessibilite(centre)
        assert not ResultatCapacite.objects.exists()

        creer_commission(
            centre,
            aujourdhui,
            [("Paul Martin", "Tuteur, 15 ans de conduite de ligne"), ("Léa Durand", "Formatrice en production")],
        )
        verifier_accessibilite(centre)
        saisir_resultats(centre, aujourdhui)
        expect(centre.get_by_role("status")).to_contain_text("Les résultats sont enregistrés.")
        expect(centre.locator("#resultats table")).to_contain_text("Non acquise")
        verifier_accessibilite(centre)

        with centre.expect_download() as telechargement:
            centre.get_by_role("link", name="Télécharger l'état récapitulatif (PDF)").click()
        chemin = tmp_path / "etat.pdf"
        telechargement.value.save_as(chemin)
    resultats = ResultatCapacite.objects.filter(dossier__inscription=inscription)
    assert resultats.filter(acquise=False).count() == 1 and resultats.filter(acquise=True).count() >= 1
    texte = "".join(p.extract_text() for p in PdfReader(chemin).pages)
    assert "GARCIA" in texte and "Hugo" in texte
    assert "Acquise" in texte and "Non acquise" in texte
