"""The candidate space in a real browser: the exam centre invites a candidate, the link taken from the e-mail the
SMTP server received opens his account, he logs in and sees his inscription; a stranger signs up. Every page is
checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cqpm.comptes.enums import Role
from tests.conftest import verifier_accessibilite
from tests.factories import InscriptionFactory, TerritorialeFactory, UtilisateurFactory
from tests.portail.outils import MOT_DE_PASSE, liens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE_PERSONNEL = "motdepasse-de-test-1"


def se_connecter(page, identifiant: str, mot_de_passe: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()


def choisir_identifiants(page, identifiant: str, mot_de_passe: str = MOT_DE_PASSE) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Identifiant").fill(identifiant)
    page.get_by_label("Mot de passe", exact=True).fill(mot_de_passe)
    page.get_by_label("Confirmation du mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Créer mon compte").click()


def test_the_exam_centre_invites_and_the_candidate_opens_his_space_PORTAIL(page, serveur_smtp, taches_immediates):  # type: ignore[no-untyped-def]
    centre = TerritorialeFactory(departement="69", nom="UIMM Rhône")
    inscription = InscriptionFactory(
        candidat__nom="Dupont", candidat__prenoms="Jean", candidat__courriel="jean@exemple.fr", centre_examen=centre
    )
    UtilisateurFactory(username="centre", role=Role.TERRITORIALE, role__organisation=centre)

    page.goto("/comptes/connexion/")
    se_connecter(page, "centre", MOT_DE_PASSE_PERSONNEL)
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Espaces candidats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Espaces candidats")
    verifier_accessibilite(page)
    page.get_by_role("button", name="Inviter Jean DUPONT").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation envoyée à jean@exemple.fr")
    expect(page.get_by_role("table")).to_contain_text("Invité le")
    verifier_accessibilite(page)
    page.get_by_role("button", name=re.compile("Se déconnecter")).click()

    (lien,) = liens(serveur_smtp, "jean@exemple.fr")
    page.goto(lien)
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer mon espace candidat")
    verifier_accessibilite(page)
    choisir_identifiants(page, "jean.dupont", mot_de_passe="court")
    expect(page.get_by_label("Mot de passe", exact=True)).to_have_attribute("aria-invalid", "true")
    verifier_accessibilite(page)
    choisir_identifiants(page, "jean.dupont")

    expect(page.get_by_role("status")).to_contain_text("Votre espace candidat est créé")
    verifier_accessibilite(page)
    se_connecter(page, "jean.dupont", MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    parcours = page.get_by_role("region", name=re.compile(re.escape(inscription.qualification.intitule)))
    expect(parcours).to_contain_text("UIMM Rhône")
    expect(parcours).to_contain_text("Le CQPM entier")
    expect(page.get_by_role("link", name="Mon espace")).to_have_attribute("aria-current", "page")
    verifier_accessibilite(page)

    page.goto(lien)
    expect(page.get_by_role("alert")).to_contain_text("Ce lien a déjà servi")
    verifier_accessibilite(page)


def test_a_candidate_without_account_signs_up_PORTAIL(page, serveur_smtp, taches_immediates):  # type: ignore[no-untyped-def]
    page.goto("/comptes/connexion/")
    page.get_by_role("link", name="Demandez votre espace candidat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demander mon espace candidat")
    verifier_accessibilite(page)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_label("Adresse électronique")).to_have_attribute("aria-invalid", "true")
    verifier_accessibilite(page)

    page.get_by_label("Adresse électronique").fill("lea@exemple.fr")
    page.get_by_label("Nom de naissance").fill("Martin")
    page.get_by_label("Prénoms").fill("Léa")
    page.get_by_label("Date de naissance").fill("1994-03-08")
    page.get_by_label("Commune de naissance").fill("Villeurbanne")
    page.get_by_label("Département de naissance").fill("69")
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("status")).to_contain_text("Demande enregistrée")
    verifier_accessibilite(page)

    (lien,) = liens(serveur_smtp, "lea@exemple.fr")
    page.goto(lien)
    choisir_identifiants(page, "lea.martin")
    se_connecter(page, "lea.martin", MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_text("Vous n'avez encore aucune inscription.")).to_be_visible()
    verifier_accessibilite(page)
