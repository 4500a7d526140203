"""The request pages: the list and the file of a request, filtered by role and scope like the API."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.comptes.enums import Role
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.cycle_de_vie.models import Demande
from tests.cycle_de_vie.outils import DOSSIER_CREATION, Reseau, creation_complete, personnel
from tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def connecter(client: Client, compte: Any) -> Client:
    """Log in; a double-factor role is also OTP-confirmed in the session, as the code page does."""
    client.force_login(compte)
    appareil, _ = TOTPDevice.objects.get_or_create(user=compte, name="Test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()
    return client


def texte(reponse: Any) -> str:
    return html.unescape(reponse.content.decode())


def brouillon(reseau: Reseau, departement: str, intitule: str) -> tuple[Demande, Any]:
    agent = personnel(reseau[departement])
    demande = services.creer_demande(
        TypeDemande.CREATION, acteur=agent, demandeurs=[reseau[departement]], intitule=intitule, **DOSSIER_CREATION
    )
    return demande, agent


def test_territoriale_lists_only_its_own_requests_R_LC_CRE_01(client: Client, reseau: Reseau) -> None:
    a_moi, agent = brouillon(reseau, "69", "Soudeur laser")
    brouillon(reseau, "13", "Chaudronnier naval")
    reponse = connecter(client, agent).get("/demandes/")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Soudeur laser" in contenu and f"/demandes/{a_moi.pk}/" in contenu
    assert "Chaudronnier naval" not in contenu


def test_request_of_another_territoriale_answers_404(client: Client, reseau: Reseau) -> None:
    _, agent = brouillon(reseau, "69", "Soudeur laser")
    autre, _ = brouillon(reseau, "13", "Chaudronnier naval")
    assert connecter(client, agent).get(f"/demandes/{autre.pk}/").status_code == 404


@pytest.mark.parametrize("role", [Role.SECRETARIAT_GTP, Role.MEMBRE_GTP])
def test_national_roles_see_every_request(client: Client, reseau: Reseau, role: Role) -> None:
    brouillon(reseau, "69", "Soudeur laser")
    autre, _ = brouillon(reseau, "13", "Chaudronnier naval")
    client = connecter(client, UtilisateurFactory(role=role))
    assert "Soudeur laser" in client.get("/demandes/").content.decode()
    assert "Chaudronnier naval" in client.get(f"/demandes/{autre.pk}/").content.decode()


def test_roles_without_the_right_are_refused_and_anonymous_sent_to_login(client: Client, reseau: Reseau) -> None:
    demande, _ = brouillon(reseau, "69", "Soudeur laser")
    reponse = client.get(f"/demandes/{demande.pk}/")
    assert reponse.status_code == 302 and "/comptes/connexion/" in reponse["Location"]
    entreprise = UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=reseau.entreprise)
    assert connecter(client, entreprise).get("/demandes/").status_code == 403


def test_menu_shows_requests_only_to_those_who_may_see_them(client: Client, reseau: Reseau) -> None:
    _, agent = brouillon(reseau, "69", "Soudeur laser")
    assert 'href="/demandes/"' not in client.get("/").content.decode()
    assert 'href="/demandes/"' in connecter(client, agent).get("/").content.decode()


def test_list_query_count_does_not_grow_with_requests(client: Client, reseau: Reseau, secretariat: Any) -> None:
    client = connecter(client, secretariat)
    brouillon(reseau, "69", "Soudeur laser")
    with CaptureQueriesContext(connection) as une:
        client.get("/demandes/")
    for i, departement in enumerate(("13", "75", "59")):
        brouillon(reseau, departement, f"Qualification {i}")
    with CaptureQueriesContext(connection) as quatre:
        reponse = client.get("/demandes/")
    assert reponse.content.decode().count("Demande n°") == 4
    assert len(quatre) == len(une) <= 10


def test_detail_shows_dossier_missing_items_and_cncp_opinion_R_LC_CRE_02(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande, agent = brouillon(reseau, "69", "Soudeur laser")
    contenu = texte(connecter(client, agent).get(f"/demandes/{demande.pk}/"))
    assert "Brouillon" in contenu and "UIMM territoriale 69" in contenu
    assert DOSSIER_CREATION["besoins_entreprises"] in contenu
    assert "Projet de référentiel" in contenu  # the draft still lacks its parts (R-REF-01)
    assert services.manques(demande)[0]["message"] in contenu

    complete = creation_complete(reseau, secretariat, departements=("13",), intitule="Chaudronnier naval")
    contenu = texte(connecter(client, secretariat).get(f"/demandes/{complete.pk}/"))
    assert "Dossier complet" in contenu and "Avis favorable" in contenu
    assert "Le dossier ne présente aucun manque." in contenu
