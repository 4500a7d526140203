"""Login in a real browser: password, then TOTP for the secretariat; the admin is closed to everybody else."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from tests.conftest import verifier_accessibilite
from tests.factories import TerritorialeFactory, UtilisateurFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE = "motdepasse-de-test-1"


def saisir_identifiants(page, username, suite="/admin/"):
    page.goto(f"/comptes/connexion/?next={suite}")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()


def test_secretariat_logs_in_with_password_then_totp_and_reaches_the_admin(page):
    secretariat = UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP)
    appareil = TOTPDevice.objects.create(user=secretariat, name="Téléphone", confirmed=True)
    page.goto("/comptes/connexion/?next=/admin/")
    verifier_accessibilite(page)
    saisir_identifiants(page, "anne")
    expect(page).to_have_url(re.compile(r"/comptes/connexion/code/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer votre connexion")
    verifier_accessibilite(page)
    page.get_by_label("Code à usage unique").fill(code_du_moment(appareil))
    page.get_by_role("button", name="Valider le code").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="Référentiels et catalogue")).to_be_visible()


def test_wrong_code_error_is_announced_with_the_field(page):
    secretariat = UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP)
    appareil = TOTPDevice.objects.create(user=secretariat, name="Téléphone", confirmed=True)
    saisir_identifiants(page, "anne")
    faux = f"{(int(code_du_moment(appareil)) + 1) % 1_000_000:06d}"
    page.get_by_label("Code à usage unique").fill(faux)
    page.get_by_role("button", name="Valider le code").click()
    champ = page.get_by_label("Code à usage unique")
    expect(champ).to_have_attribute("aria-invalid", "true")
    expect(champ).to_have_accessible_description(re.compile("Code incorrect ou expiré"))
    verifier_accessibilite(page)


def test_gtp_member_without_device_enrols_by_scanning_or_typing_the_secret(page):
    membre = UtilisateurFactory(username="marc", role=Role.MEMBRE_GTP)
    saisir_identifiants(page, "marc", suite="/catalogue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer la double authentification")
    expect(page.get_by_role("img", name=re.compile("Code QR"))).to_be_visible()
    verifier_accessibilite(page)
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    appareil = TOTPDevice.objects.get(user=membre, confirmed=False)
    assert secret in appareil.config_url
    page.get_by_label("Code à usage unique").fill(code_du_moment(appareil))
    page.get_by_role("button", name="Activer et continuer").click()
    expect(page).to_have_url(re.compile(r"/catalogue/$"))
    appareil.refresh_from_db()
    assert appareil.confirmed


def test_territoriale_staff_cannot_open_the_admin(page):
    UtilisateurFactory(username="terr", role=Role.TERRITORIALE, role__organisation=TerritorialeFactory())
    saisir_identifiants(page, "terr", suite="/")
    expect(page.get_by_role("button", name=re.compile("Se déconnecter"))).to_be_visible()
    reponse = page.goto("/admin/")
    assert reponse is not None and reponse.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    expect(page.get_by_text("ne permet pas l'action « Administrer le site »")).to_be_visible()
    verifier_accessibilite(page)


def test_locked_out_page_is_french_and_accessible(page):
    UtilisateurFactory(username="paul")
    for _ in range(5):
        page.goto("/comptes/connexion/")
        page.get_by_label("Identifiant").fill("paul")
        page.get_by_label("Mot de passe").fill("mauvais-mot-de-passe")
        page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compte temporairement verrouillé")
    verifier_accessibilite(page)
