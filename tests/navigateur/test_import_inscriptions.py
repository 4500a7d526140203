"""A company's contact imports a cohort in a real browser: downloads the template, fills it with three employees
for the CQPM of RNCP sheet 28245, sees the preview, confirms and finds his three inscriptions; a file with one wrong
row imports nothing. Every page is checked with axe-core."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from cqpm.candidats.models import Inscription
from cqpm.comptes.enums import Role
from tests.conftest import verifier_accessibilite
from tests.factories import EntrepriseFactory, UtilisateurFactory
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SALARIES = [("BERNARD", "Léa"), ("GARCIA", "Hugo"), ("LEFÈVRE", "Chloé")]


def remplir(modele: bytes, salaries: list[tuple[str, str]], **changements: Any) -> bytes:
    """The downloaded template, its example row replaced by one row per employee (openpyxl, as a user's sheet)."""
    classeur = load_workbook(io.BytesIO(modele))
    feuille = classeur["Inscriptions"]
    entetes = [c.value for c in feuille[1]]
    exemple = {entete: c.value for entete, c in zip(entetes, feuille[2], strict=True)}
    for n, (nom, prenoms) in enumerate(salaries, start=2):
        valeurs = {**exemple, "Nom de naissance": nom, "Prénoms": prenoms, **changements.get(nom, {})}
        for i, entete in enumerate(entetes, start=1):
            feuille.cell(row=n, column=i, value=valeurs[entete])
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def deposer(page, contenu: bytes) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Fichier de la cohorte").set_input_files(
        files=[{"name": "cohorte.xlsx", "mimeType": "application/octet-stream", "buffer": contenu}]
    )
    page.get_by_role("button", name="Voir l'aperçu").click()


def test_a_company_imports_a_cohort_all_or_nothing_R_REG_01_R_ACC_02(page, fiche_28245, tmp_path: Path):  # type: ignore[no-untyped-def]
    entreprise = EntrepriseFactory(nom="Forges de Vénissieux", siret="73282932000074")
    UtilisateurFactory(username="rh", role=Role.ENTREPRISE, role__organisation=entreprise)
    se_connecter(page, "rh")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Inscriptions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscriptions des candidats")
    verifier_accessibilite(page)

    page.get_by_role("link", name="Importer une cohorte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer une cohorte")
    verifier_accessibilite(page)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger le modèle (XLSX)").click()
    chemin = tmp_path / "modele.xlsx"
    telechargement.value.save_as(chemin)
    modele = chemin.read_bytes()
    feuille = load_workbook(io.BytesIO(modele))["Inscriptions"]
    entetes = [c.value for c in feuille[1]]
    siret = feuille.cell(row=2, column=entetes.index("SIRET de l'entreprise") + 1).value
    assert siret == entreprise.siret  # its own SIRET

    deposer(page, remplir(modele, SALARIES))
    expect(page.get_by_role("heading", level=1)).to_have_text("Aperçu de l'import")
    tableau = page.get_by_role("table")
    for nom, prenoms in SALARIES:
        expect(tableau).to_contain_text(f"{nom} {prenoms}")
    expect(page.get_by_role("status").last).to_contain_text("Aucune erreur")
    assert not Inscription.objects.exists()
    verifier_accessibilite(page)

    page.get_by_role("button", name=re.compile("Confirmer l'import de 3 inscriptions")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inscriptions des candidats")
    expect(page.get_by_role("status").first).to_contain_text("3 inscriptions importées")
    lignes = page.get_by_role("table").get_by_role("row")
    expect(lignes).to_have_count(4)
    for nom, prenoms in SALARIES:
        expect(page.get_by_role("link", name=f"{nom} {prenoms}")).to_be_visible()
    verifier_accessibilite(page)

    page.get_by_role("link", name=f"{SALARIES[0][0]} {SALARIES[0][1]}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{SALARIES[0][0]} {SALARIES[0][1]}")
    verifier_accessibilite(page)

    page.goto("/inscriptions/import/")
    autres = [("MOREAU", "Inès"), ("PETIT", "Noé"), ("ROUX", "Zoé")]
    deposer(page, remplir(modele, autres, PETIT={"Apprenti": "Oui"}))
    alerte = page.get_by_role("alert")
    expect(alerte).to_contain_text("rien n'est importé")
    expect(alerte).to_contain_text("Ligne 3, colonne « Dispositif de financement »")
    expect(alerte).to_contain_text("R-ACC-02")
    expect(page.get_by_role("button", name=re.compile("Confirmer"))).to_have_count(0)
    verifier_accessibilite(page)
    assert Inscription.objects.count() == 3
