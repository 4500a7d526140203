"""GTP séance pages in a real browser: the secretariat plans today's séance, puts a complete creation request on its
agenda and records the favourable decision in category B, which numbers the new CQPM; every page is checked with
axe-core."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from cqpm.cycle_de_vie.models import Decision
from tests.conftest import verifier_accessibilite
from tests.cycle_de_vie.outils import creation_complete, reseau
from tests.factories import UtilisateurFactory, verifie_par_otp
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["reseau"]


def test_secretariat_plans_a_seance_and_records_a_creation_R_LC_DEC_01_R_LC_CRE_04_R_ID_01(page, reseau):  # type: ignore[no-untyped-def]
    anne = verifie_par_otp(UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP))
    demande = creation_complete(reseau, anne, intitule="Opérateur(trice) de découpe laser")
    se_connecter(page, "anne")
    page.get_by_label("Code à usage unique").fill(code_du_moment(TOTPDevice.objects.get(user=anne)))
    page.get_by_role("button", name="Valider le code").click()

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Séances du GTP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Séances du GTP « Qualifications »")
    verifier_accessibilite(page)

    page.get_by_role("link", name="Nouvelle séance").click()
    verifier_accessibilite(page)
    page.get_by_label("Date de la séance").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Planifier la séance").click()
    expect(page.get_by_label("Lieu")).to_have_accessible_description(re.compile("Indiquez le lieu de la séance."))
    verifier_accessibilite(page)
    page.get_by_label("Lieu").fill("56 avenue de Wagram, Paris")
    page.get_by_role("button", name="Planifier la séance").click()
    expect(page.get_by_role("status")).to_contain_text("est planifiée")
    verifier_accessibilite(page)

    page.get_by_label("Demande à inscrire").select_option(str(demande.pk))
    page.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    expect(page.get_by_role("status")).to_contain_text("inscrite au point 1")
    expect(page.get_by_role("table")).to_contain_text("Opérateur(trice) de découpe laser")
    verifier_accessibilite(page)

    page.get_by_label("Favorable", exact=True).check()
    page.get_by_role("button", name="Enregistrer la décision sur le point 1").click()
    categorie = page.get_by_label("Catégorie")
    expect(categorie).to_have_attribute("aria-invalid", "true")
    expect(categorie).to_have_accessible_description(re.compile(r"\(R-LC-CRE-04, R-CAT-01\)"))
    verifier_accessibilite(page)

    page.get_by_label("Favorable", exact=True).check()
    page.get_by_label("Catégorie").select_option("B")
    page.get_by_label("Liste B (avis positif du GTP)").check()
    page.get_by_role("button", name="Enregistrer la décision sur le point 1").click()
    expect(page.get_by_role("status")).to_contain_text("Décision favorable enregistrée")
    numero = Decision.objects.get().numero
    assert numero
    expect(page.get_by_role("status")).to_contain_text(f"en catégorie B, sous le numéro {numero}")
    expect(page.get_by_role("table")).to_contain_text("Décidé (favorable)")
    expect(page.locator("#point-1 .numero")).to_have_text(numero)
    verifier_accessibilite(page)
