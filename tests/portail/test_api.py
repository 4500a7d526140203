"""The candidate space through the API (PORTAIL): staff invite by POST /candidats/{id}/invitation, a candidate
reads GET /moi/parcours — his own inscriptions only."""

from __future__ import annotations

import pytest
from django.test import Client

from cqpm.comptes.enums import Role
from cqpm.portail.models import Invitation
from tests.api.conftest import connecter, jeton_de, utilisateur
from tests.factories import (
    CandidatFactory,
    CompteCandidatFactory,
    EntrepriseFactory,
    InscriptionFactory,
    TerritorialeFactory,
)
from tests.portail.outils import creer_compte, lien_recu

pytestmark = pytest.mark.django_db

COURRIEL = "paul.durand@exemple.fr"


@pytest.fixture
def inscription():  # type: ignore[no-untyped-def]
    return InscriptionFactory(candidat__courriel=COURRIEL, centre_examen=TerritorialeFactory(departement="69"))


def inviter(client: Client, candidat_id: int, capture, **entetes):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(f"/api/v1/candidats/{candidat_id}/invitation", headers=entetes)


def test_the_exam_centre_invites_through_the_api_and_the_link_works_PORTAIL(
    client, inscription, serveur_smtp, taches_immediates, django_capture_on_commit_callbacks
):
    machine = jeton_de(utilisateur(Role.TERRITORIALE, inscription.centre_examen))
    reponse = inviter(client, inscription.candidat.pk, django_capture_on_commit_callbacks, **machine)
    assert reponse.status_code == 201, reponse.json()
    corps = reponse.json()
    assert corps["candidat_id"] == inscription.candidat.pk and corps["courriel"] == COURRIEL
    assert corps["expire_le"] > corps["envoyee_le"] and "jeton" not in str(corps)
    assert creer_compte(Client(), lien_recu(serveur_smtp, COURRIEL)).status_code == 302
    assert Invitation.objects.get().utilisee_le is not None


def test_inviting_outside_ones_scope_is_refused_PORTAIL(client, inscription, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    autre = jeton_de(utilisateur(Role.TERRITORIALE, TerritorialeFactory(departement="75")))
    assert inviter(client, inscription.candidat.pk, capture, **autre).json()["code"] == "introuvable"
    entreprise = jeton_de(utilisateur(Role.ENTREPRISE, inscription.entreprise))
    reponse = inviter(client, inscription.candidat.pk, capture, **entreprise)
    assert reponse.status_code == 403 and reponse.json()["rule"] == "ACCES"
    assert inviter(Client(), inscription.candidat.pk, capture).status_code == 401
    assert not Invitation.objects.exists()


def test_a_candidate_created_but_not_registered_by_the_centre_is_not_invited_PORTAIL(
    client, django_capture_on_commit_callbacks
):
    centre = TerritorialeFactory(departement="69")
    personnel = utilisateur(Role.TERRITORIALE, centre)
    candidat = CandidatFactory(courriel=COURRIEL, cree_par=personnel)
    reponse = inviter(client, candidat.pk, django_capture_on_commit_callbacks, **jeton_de(personnel))
    assert reponse.status_code == 403


def test_a_refusal_cites_the_rule_PORTAIL(client, django_capture_on_commit_callbacks):
    inscription = InscriptionFactory(candidat__courriel="")
    machine = jeton_de(utilisateur(Role.TERRITORIALE, inscription.centre_examen))
    reponse = inviter(client, inscription.candidat.pk, django_capture_on_commit_callbacks, **machine)
    assert reponse.status_code == 422
    assert reponse.json() | {"message": ""} == {
        "code": "courriel_absent",
        "rule": "PORTAIL",
        "message": "",
        "champ": "courriel",
    }


def test_a_candidate_reads_only_his_own_parcours_PORTAIL(client):
    moi, autre = CompteCandidatFactory(), CompteCandidatFactory()
    la_mienne = InscriptionFactory(candidat=moi.candidat)
    InscriptionFactory(candidat=autre.candidat)
    bloc = la_mienne.version.blocs.first()
    la_mienne.blocs.set([bloc])
    connecter(client, moi.utilisateur)
    (parcours,) = client.get("/api/v1/moi/parcours").json()
    assert parcours["inscription_id"] == la_mienne.pk
    assert parcours["intitule"] == la_mienne.qualification.intitule
    assert parcours["centre_examen"]["nom"] == la_mienne.centre_examen.nom
    assert parcours["blocs"] == [{"id": bloc.pk, "numero": bloc.numero, "intitule": bloc.intitule}]
    assert parcours["parcours"] == "formation_continue" and parcours["version"] == la_mienne.version.numero


def test_staff_have_no_parcours_and_visitors_must_log_in_PORTAIL(client):
    assert client.get("/api/v1/moi/parcours").status_code == 401
    connecter(client, utilisateur(Role.ENTREPRISE, EntrepriseFactory()))
    reponse = client.get("/api/v1/moi/parcours")
    assert reponse.status_code == 403 and reponse.json()["code"] == "acces_refuse"
