"""The foundation's whole journey in one browser session, as issue 3 states it: a visitor finds fiche 28245 in the
catalogue and reads its blocs, then the secretariat logs in (password + TOTP) and works in the admin, every page
checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from tests.conftest import verifier_accessibilite
from tests.factories import UtilisateurFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_catalogue_search_fiche_28245_then_secretariat_admin_R_REF_04(page, fiche_28245):
    page.goto("/catalogue/")
    page.get_by_label("Rechercher une qualification").fill("operateur polyvalent")
    page.locator("#resultats").get_by_role("link", name=re.compile("Opérateur\\(trice\\) polyvalent")).click()
    page.wait_for_url(f"**/catalogue/{fiche_28245.pk}/")
    bloc1 = page.get_by_role("region", name=re.compile("^Bloc 1 — Réalisation d'une production sur plusieurs postes"))
    bloc2 = page.get_by_role("region", name=re.compile("^Bloc 2 — Contribution à la performance de l'équipe"))
    assert bloc1.locator(".capacite-code").all_inner_texts() == [f"C{n}" for n in range(1, 8)]
    assert bloc2.locator(".capacite-code").all_inner_texts() == [f"C{n}" for n in range(8, 13)]

    secretariat = UtilisateurFactory(username="secretariat", role=Role.SECRETARIAT_GTP)
    appareil = TOTPDevice.objects.create(user=secretariat, name="Téléphone", confirmed=True)
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Identifiant").fill("secretariat")
    page.get_by_label("Mot de passe").fill("motdepasse-de-test-1")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label("Code à usage unique").fill(code_du_moment(appareil))
    page.get_by_role("button", name="Valider le code").click()

    page.goto("/admin/")
    expect(page.get_by_role("link", name="Référentiels et catalogue")).to_be_visible()
    verifier_accessibilite(page)
    page.goto("/admin/referentiels/qualification/")
    expect(page.get_by_role("link", name=re.compile("Opérateur\\(trice\\) polyvalent"))).to_be_visible()
    verifier_accessibilite(page)
    page.get_by_role("link", name=re.compile("Opérateur\\(trice\\) polyvalent")).click()
    expect(page.get_by_text("MQ 2005 12 69 0198 R").first).to_be_visible()
    verifier_accessibilite(page)
    page.goto("/admin/audit/entreeaudit/")
    verifier_accessibilite(page)
    page.goto(f"/admin/comptes/utilisateur/{secretariat.pk}/change/")
    expect(page.get_by_role("heading", name=re.compile("habilitations", re.IGNORECASE))).to_be_visible()
    verifier_accessibilite(page)
