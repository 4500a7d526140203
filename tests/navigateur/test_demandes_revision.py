"""A revision of fiche 28245 through the pages, in a real browser: the territoriale resource centre files it,
attaches a PDF, rewrites its dossier and submits it; every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cqpm.comptes.enums import Role
from cqpm.cycle_de_vie.enums import StatutDemande, TypeDemande
from cqpm.cycle_de_vie.models import SECTIONS_RAPPORT, Demande
from cqpm.cycle_de_vie.rules import SECTIONS_REVISION
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from tests.conftest import verifier_accessibilite
from tests.cycle_de_vie.outils import PDF
from tests.factories import UtilisateurFactory
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_territoriale_files_attaches_edits_and_submits_a_revision_of_28245_R_LC_REV_01_R_LC_REV_03(  # type: ignore[no-untyped-def]
    page, fiche_28245, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    territoriale = Organisation.objects.get(type=TypeOrganisation.TERRITORIALE, departement="69")
    territoriale.region = "Auvergne-Rhône-Alpes"
    territoriale.save()
    Organisation.objects.create(type=TypeOrganisation.CPREFP, nom="CPREFP AURA", region="Auvergne-Rhône-Alpes")
    UtilisateurFactory(username="terr", role=Role.TERRITORIALE, role__organisation=territoriale)
    se_connecter(page, "terr", suite="/demandes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes sur les référentiels")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Déposer une demande de réactivation").click()
    expect(page.get_by_label("Réactivation combinée avec une révision du référentiel")).not_to_be_checked()
    verifier_accessibilite(page)
    page.go_back()

    page.get_by_role("link", name="Déposer une demande de révision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle demande de révision d'un CQPM")
    verifier_accessibilite(page)
    page.get_by_label("CQPM concerné").select_option(label=str(fiche_28245))
    page.get_by_label(SECTIONS_RAPPORT["historique"]).fill("Créé en 2005, révisé en 2017.")
    page.get_by_role("button", name="Enregistrer la demande").click()
    expect(page.get_by_role("status")).to_contain_text("enregistrée en brouillon")
    expect(page.get_by_role("heading", level=1)).to_have_text(fiche_28245.intitule)
    expect(page.locator("#ecart")).to_contain_text("ne change encore aucune capacité")
    verifier_accessibilite(page)

    page.get_by_label("Fichier à joindre").set_input_files(
        files=[{"name": "note.exe.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + bytes(64)}]
    )
    page.get_by_role("button", name="Joindre la pièce").click()
    expect(page.get_by_label("Fichier à joindre")).to_have_accessible_description(
        re.compile("n'est ni un PDF ni un document bureautique")
    )
    verifier_accessibilite(page)
    page.get_by_label("Fichier à joindre").set_input_files(
        files=[{"name": "lettre de soutien.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Joindre la pièce").click()
    expect(page.get_by_role("status")).to_contain_text("« lettre de soutien.pdf » est jointe au dossier")
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="lettre de soutien.pdf").click()
    assert telechargement.value.suggested_filename == "lettre de soutien.pdf"
    verifier_accessibilite(page)

    page.get_by_role("link", name="Modifier le dossier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier le dossier")
    verifier_accessibilite(page)
    for section in SECTIONS_REVISION[1:]:
        page.get_by_label(SECTIONS_RAPPORT[section]).fill(f"Partie « {section} » de la révision.")
    page.get_by_role("button", name="Enregistrer le dossier").click()
    expect(page.get_by_role("status")).to_contain_text("Le dossier est enregistré.")
    expect(page.locator("#dossier")).to_contain_text("Partie « positionnement » de la révision.")

    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_role("status")).to_contain_text("La demande est soumise au secrétariat du GTP.")
    expect(page.locator("#cprefp")).to_contain_text("CPREFP AURA")
    verifier_accessibilite(page)
    demande = Demande.objects.get()
    assert (demande.type, demande.statut) == (TypeDemande.REVISION, StatutDemande.SOUMISE)
    assert demande.historique == "Créé en 2005, révisé en 2017." and demande.pieces.count() == 1
