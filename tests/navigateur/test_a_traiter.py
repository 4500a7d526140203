"""Each role logs in, lands on « À traiter », and opens the first thing waiting for it (issue 10, navigation)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from cqpm.gtp import services as gtp
from tests.conftest import verifier_accessibilite
from tests.cycle_de_vie.outils import Reseau, creation_complete, reseau, secretariat
from tests.factories import BrancheSyndicaleFactory, CompteCandidatFactory, InscriptionFactory, UtilisateurFactory

__all__ = ["reseau", "secretariat"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOT_DE_PASSE = "motdepasse-de-test-1"


def arriver_sur_a_traiter(page: Page, utilisateur: Any, *, totp: bool = False) -> None:
    """Log in without a `next`: the landing page is « À traiter »."""
    page.goto("/comptes/connexion/")
    page.get_by_label("Identifiant").fill(utilisateur.username)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    if totp:
        appareil = TOTPDevice.objects.get(user=utilisateur)
        page.get_by_label("Code à usage unique").fill(code_du_moment(appareil))
        page.get_by_role("button", name="Valider le code").click()
    expect(page).to_have_url(re.compile(r"/a-traiter/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("À traiter")
    verifier_accessibilite(page)


def premier_element(page: Page, rubrique: str) -> None:
    section = page.get_by_role("region", name=re.compile(re.escape(rubrique)))
    section.get_by_role("listitem").first.get_by_role("link").click()


def test_the_secretariat_opens_the_first_complete_request(page: Page, reseau: Reseau, secretariat: Any) -> None:
    demande = creation_complete(reseau, secretariat, intitule="Soudeur(se) laser")
    TOTPDevice.objects.filter(user=secretariat).update(confirmed=True)
    arriver_sur_a_traiter(page, secretariat, totp=True)
    premier_element(page, "Dossiers complets à inscrire à l'ordre du jour")
    expect(page).to_have_url(re.compile(rf"/demandes/{demande.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Soudeur(se) laser")


def test_a_gtp_member_opens_the_next_seance(page: Page, reseau: Reseau, secretariat: Any) -> None:
    import datetime

    seance = gtp.creer_seance(date=datetime.date(2027, 1, 14), lieu="Paris, salle Wagram", acteur=secretariat)
    membre = UtilisateurFactory(role=Role.MEMBRE_GTP)
    TOTPDevice.objects.create(user=membre, name="Téléphone", confirmed=True)
    arriver_sur_a_traiter(page, membre, totp=True)
    premier_element(page, "Séances du GTP à tenir")
    expect(page).to_have_url(re.compile(rf"/seances/{seance.pk}/$"))


def test_the_exam_centre_opens_the_first_evaluation_file_to_open(page: Page) -> None:
    inscription = InscriptionFactory()
    agent = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=inscription.centre_examen)
    arriver_sur_a_traiter(page, agent)
    premier_element(page, "Dossiers d'évaluation à ouvrir")
    expect(page).to_have_url(re.compile(rf"/evaluations/inscriptions/{inscription.pk}/$"))


def test_a_candidate_opens_his_space_from_his_path_in_progress(page: Page) -> None:
    inscription = InscriptionFactory()
    compte = CompteCandidatFactory(candidat=inscription.candidat)
    arriver_sur_a_traiter(page, compte.utilisateur)
    premier_element(page, "Vos parcours en cours")
    expect(page).to_have_url(re.compile(r"/espace/$"))


def test_a_union_contact_with_nothing_waiting_is_told_so(page: Page) -> None:
    branche = BrancheSyndicaleFactory()
    arriver_sur_a_traiter(page, UtilisateurFactory(role=Role.BRANCHE_SYNDICALE, role__organisation=branche))
    expect(page.get_by_text("Rien ne vous attend pour l'instant.")).to_have_count(1)
