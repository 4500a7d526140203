"""Request pages in a real browser: a territoriale files and submits a creation request, the secretariat is told
what the dossier lacks; every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from cqpm.cycle_de_vie.enums import StatutDemande
from cqpm.cycle_de_vie.models import SECTIONS_RAPPORT, Demande
from cqpm.cycle_de_vie.rules import SECTIONS_CREATION
from tests.conftest import verifier_accessibilite
from tests.factories import TerritorialeFactory, UtilisateurFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE = "motdepasse-de-test-1"


def se_connecter(page, username, suite="/"):  # type: ignore[no-untyped-def]
    page.goto(f"/comptes/connexion/?next={suite}")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()


def test_territoriale_files_and_submits_a_creation_request_R_LC_CRE_01_R_LC_CRE_02(page):  # type: ignore[no-untyped-def]
    territoriale = TerritorialeFactory(departement="69", nom="UIMM Rhône")
    UtilisateurFactory(username="terr", role=Role.TERRITORIALE, role__organisation=territoriale)
    se_connecter(page, "terr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Demandes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes sur les référentiels")
    verifier_accessibilite(page)

    page.get_by_role("link", name="Déposer une demande de création").click()
    verifier_accessibilite(page)
    page.get_by_role("button", name="Enregistrer la demande").click()
    titre = page.get_by_label("Titre du CQPM")
    expect(titre).to_have_attribute("aria-invalid", "true")
    expect(titre).to_have_accessible_description(re.compile(r"Le titre du CQPM est absent \(R-REF-01\)\."))
    verifier_accessibilite(page)

    titre.fill("Opérateur(trice) de découpe laser")
    for section in SECTIONS_CREATION:
        page.get_by_label(SECTIONS_RAPPORT[section]).fill(f"Partie « {section} » du rapport.")
    page.get_by_role("button", name="Enregistrer la demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opérateur(trice) de découpe laser")
    expect(page.get_by_role("status")).to_contain_text("enregistrée en brouillon")
    verifier_accessibilite(page)

    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_role("status")).to_contain_text("La demande est soumise au secrétariat du GTP.")
    expect(page.get_by_role("button", name="Soumettre")).to_have_count(0)
    assert Demande.objects.get().statut == StatutDemande.SOUMISE
    page.get_by_role("link", name="Demandes", exact=True).first.click()
    expect(page.get_by_role("table")).to_contain_text("Soumise au secrétariat du GTP")
    verifier_accessibilite(page)


def test_secretariat_is_shown_what_the_dossier_lacks_R_LC_CRE_02(page):  # type: ignore[no-untyped-def]
    territoriale = TerritorialeFactory(departement="69", nom="UIMM Rhône")
    UtilisateurFactory(username="terr", role=Role.TERRITORIALE, role__organisation=territoriale)
    se_connecter(page, "terr", suite="/demandes/nouvelle/")
    page.get_by_label("Titre du CQPM").fill("Soudeur laser")
    page.get_by_role("button", name="Enregistrer la demande").click()
    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_role("status")).to_contain_text("soumise")
    page.get_by_role("button", name=re.compile("Se déconnecter")).click()

    secretariat = UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP)
    appareil = TOTPDevice.objects.create(user=secretariat, name="Téléphone", confirmed=True)
    demande = Demande.objects.get()
    se_connecter(page, "anne", suite=f"/demandes/{demande.pk}/")
    page.get_by_label("Code à usage unique").fill(code_du_moment(appareil))
    page.get_by_role("button", name="Valider le code").click()
    page.get_by_role("button", name="Déclarer complète").click()
    refus = page.get_by_role("alert")
    expect(refus).to_contain_text("est incomplet")
    expect(refus).to_contain_text("Besoins des entreprises")
    verifier_accessibilite(page)
