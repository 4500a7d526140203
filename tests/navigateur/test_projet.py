"""The projet de référentiel editor in a real browser: a territoriale files a creation request, fills its projet
(two activities, one bloc of two capacities with their modalities) and the request's page no longer lists a gap
of the projet (R-REF-01); every page is checked with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cqpm.comptes.enums import Role
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.models import Demande
from tests.conftest import verifier_accessibilite
from tests.factories import TerritorialeFactory, UtilisateurFactory
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def remplir_capacite(page, rang: int, numero: int, intitule: str, modalites: list[str]) -> None:  # type: ignore[no-untyped-def]
    ligne = page.get_by_role("group", name=f"Capacité {rang}", exact=True)
    ligne.get_by_label("Numéro du bloc").fill("1")
    ligne.get_by_label("Numéro de la capacité").fill(str(numero))
    ligne.get_by_label("Intitulé de la capacité").fill(intitule)
    ligne.get_by_label("Conditions de réalisation").fill("À partir d'un dossier de fabrication.")
    ligne.get_by_label("Critères d'évaluation").fill("Les cotes du plan sont respectées.")
    for modalite in modalites:
        ligne.get_by_label(modalite).check()


def test_territoriale_fills_the_projet_of_its_creation_request_R_REF_01(page):  # type: ignore[no-untyped-def]
    territoriale = TerritorialeFactory(departement="69", nom="UIMM Rhône")
    UtilisateurFactory(username="terr", role=Role.TERRITORIALE, role__organisation=territoriale)
    se_connecter(page, "terr", suite="/demandes/nouvelle/")
    page.get_by_label("Titre du CQPM").fill("Opérateur(trice) de découpe laser")
    page.get_by_role("button", name="Enregistrer la demande").click()
    expect(page.get_by_role("status")).to_contain_text("enregistrée en brouillon")
    expect(page.locator("#manques")).to_contain_text("Projet de référentiel")

    page.get_by_role("link", name="Modifier le projet de référentiel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Projet de référentiel")
    expect(page.locator("#manques-projet")).to_contain_text("(R-REF-01)")
    verifier_accessibilite(page)

    page.get_by_label("Mission(s) et activités visées").fill("Le titulaire réalise des pièces par découpe laser.")
    page.get_by_label("Conditions d'admissibilité").fill("Toutes les capacités sont acquises.")
    activite = page.get_by_role("group", name="Activité 1", exact=True)
    activite.get_by_label("Code").fill("A1")
    activite.get_by_label("Libellé de l'activité").fill("Préparer la découpe")
    page.get_by_role("button", name="Ajouter une ligne d'activité").click()
    activite = page.get_by_role("group", name="Activité 2", exact=True)
    expect(activite).to_be_visible()
    expect(page.get_by_role("group", name="Activité 1", exact=True).get_by_label("Code")).to_have_value("A1")
    verifier_accessibilite(page)
    activite.get_by_label("Code").fill("A2")
    activite.get_by_label("Libellé de l'activité").fill("Découper les pièces")

    bloc = page.get_by_role("group", name="Bloc 1", exact=True)
    bloc.get_by_label("Numéro du bloc").fill("1")
    bloc.get_by_label("Intitulé du bloc").fill("Réaliser une découpe laser")
    remplir_capacite(page, 1, 1, "Régler la machine", ["Situation professionnelle réelle"])
    page.get_by_role("button", name="Ajouter une ligne de capacité").click()
    remplir_capacite(
        page, 2, 2, "Contrôler les pièces", ["Situation professionnelle reconstituée", "Avis de l'entreprise"]
    )
    page.get_by_role("button", name="Enregistrer le projet").last.click()
    expect(page.get_by_role("status")).to_contain_text("Le projet de référentiel est enregistré.")
    expect(page.locator("#manques-projet")).to_contain_text("ne présente aucun manque")
    verifier_accessibilite(page)

    page.get_by_role("link", name="Retour à la demande").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opérateur(trice) de découpe laser")
    expect(page.locator("#manques")).not_to_contain_text("Projet de référentiel")
    verifier_accessibilite(page)
    demande = Demande.objects.get()
    assert not [m for m in services.manques(demande) if m["champ"].startswith("projet.")]
    assert [c.numero for c in demande.projet.capacites.all()] == [1, 2]
