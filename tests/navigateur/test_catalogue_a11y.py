"""Every public page passes axe-core (no serious or critical violation) and keeps the shared layout landmarks."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from cqpm.referentiels.enums import Categorie, Liste
from cqpm.referentiels.models import InscriptionListe, Qualification, ecriture_historique
from tests.conftest import verifier_accessibilite
from tests.factories import referentiel_complet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def qualification_revisee() -> Qualification:
    """A CQPM in its second version, so that a replaced version has its own page."""
    with ecriture_historique():
        v1 = referentiel_complet(
            qualification__intitule="Opérateur(trice) polyvalent d'équipe autonome",
            qualification__code_rncp="28245",
            qualification__codes_nsf=["200u"],
            qualification__codes_rome=["H2906"],
            categorie=Categorie.C_ETOILE,
        )
        referentiel_complet(
            qualification=v1.qualification,
            numero=2,
            date_decision=datetime.date(2020, 1, 10),
            date_application=datetime.date(2020, 1, 10),
        )
    qualification = Qualification.objects.get(pk=v1.qualification_id)
    InscriptionListe.objects.create(qualification=qualification, liste=Liste.A, debut=datetime.date(2015, 1, 1))
    return qualification


def verifier_page(page, chemin: str, statut: int = 200) -> None:  # type: ignore[no-untyped-def]
    reponse = page.goto(chemin)
    assert reponse.status == statut, chemin
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").count() == 1, f"{chemin} : un seul h1"
    assert page.locator("main#contenu").count() == 1
    verifier_accessibilite(page)


def test_every_public_page_is_accessible(page, qualification_revisee):
    pk = qualification_revisee.pk
    verifier_page(page, "/")
    verifier_page(page, "/catalogue/")
    verifier_page(page, "/catalogue/?q=operateur+polyvalent&categorie=C*")
    verifier_page(page, "/catalogue/?q=chaudronnier")
    verifier_page(page, "/catalogue/?categorie=Z")
    verifier_page(page, f"/catalogue/{pk}/")
    verifier_page(page, f"/catalogue/{pk}/version/1/")
    verifier_page(page, "/catalogue/999999/", statut=404)
    verifier_page(page, "/comptes/connexion/")


def test_live_results_are_accessible_and_announced(page, qualification_revisee):
    page.goto("/catalogue/")
    page.get_by_label("Rechercher une qualification").fill("polyvalent")
    expect(page.locator("#annonce")).to_contain_text("1 qualification")  # no eval: the CSP forbids it
    assert page.locator("#annonce").get_attribute("aria-live") == "polite"
    assert "q=polyvalent" in page.url
    verifier_accessibilite(page)
    page.get_by_label("Catégorie").select_option("D")
    expect(page.locator("#annonce")).to_contain_text("Aucune qualification")
    assert "categorie=D" in page.url
    verifier_accessibilite(page)


def test_skip_link_is_first_and_moves_focus_to_the_content(page, qualification_revisee):
    page.goto("/catalogue/")
    page.keyboard.press("Tab")
    lien = page.locator(":focus")
    assert lien.inner_text() == "Aller au contenu"
    assert lien.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"
