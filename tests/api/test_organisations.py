"""Organisations through the API: the list is scoped by role (ACCES), the territoriales' directory is public."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from cqpm.comptes.enums import Role
from cqpm.comptes.models import Habilitation
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from tests.api.conftest import connecter, jeton_de, utilisateur
from tests.factories import BrancheSyndicaleFactory, EntrepriseFactory, OrganisationFactory, TerritorialeFactory

pytestmark = pytest.mark.django_db


@dataclass
class Monde:
    lyon: Organisation
    marseille: Organisation
    entreprise: Organisation
    autre_entreprise: Organisation
    organisme: Organisation
    branche: Organisation


@pytest.fixture
def monde() -> Monde:
    return Monde(
        lyon=TerritorialeFactory(departement="69"),
        marseille=TerritorialeFactory(departement="13"),
        entreprise=EntrepriseFactory(),
        autre_entreprise=EntrepriseFactory(),
        organisme=OrganisationFactory(type=TypeOrganisation.ORGANISME_FORMATION),
        branche=BrancheSyndicaleFactory(),
    )


def ids(reponse) -> set[int]:  # type: ignore[no-untyped-def]
    assert reponse.status_code == 200, reponse.content
    return {o["id"] for o in reponse.json()["items"]}


@pytest.mark.parametrize("role", [Role.SECRETARIAT_GTP, Role.MEMBRE_GTP])
def test_secretariat_and_gtp_members_see_every_organisation(client: Client, monde: Monde, role: Role) -> None:
    connecter(client, utilisateur(role), verifie=True)
    assert ids(client.get("/api/v1/organisations", {"page_size": 100})) == set(
        Organisation.objects.values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    ("role", "sienne"),
    [
        (Role.TERRITORIALE, "lyon"),
        (Role.ENTREPRISE, "entreprise"),
        (Role.ORGANISME_FORMATION, "organisme"),
        (Role.BRANCHE_SYNDICALE, "branche"),
    ],
)
def test_scoped_roles_see_only_their_own_organisation(client: Client, monde: Monde, role: Role, sienne: str) -> None:
    organisation = getattr(monde, sienne)
    reponse = client.get("/api/v1/organisations", headers=jeton_de(utilisateur(role, organisation)))
    assert ids(reponse) == {organisation.pk}
    assert reponse.json()["count"] == 1


def test_contact_of_two_companies_sees_both(client: Client, monde: Monde) -> None:
    contact = utilisateur(Role.ENTREPRISE, monde.entreprise)
    Habilitation.objects.create(utilisateur=contact, role=Role.ENTREPRISE, organisation=monde.autre_entreprise)
    assert ids(client.get("/api/v1/organisations", headers=jeton_de(contact))) == {
        monde.entreprise.pk,
        monde.autre_entreprise.pk,
    }


def test_type_filter_stays_inside_the_scope(client: Client, monde: Monde) -> None:
    connecter(client, utilisateur(Role.SECRETARIAT_GTP), verifie=True)
    assert ids(client.get("/api/v1/organisations", {"type": "territoriale"})) == {monde.lyon.pk, monde.marseille.pk}
    entete = jeton_de(utilisateur(Role.ENTREPRISE, monde.entreprise))
    assert ids(client.get("/api/v1/organisations", {"type": "territoriale"}, headers=entete)) == set()


def test_unverified_secretariat_sees_nothing_more_than_its_other_roles(client: Client, monde: Monde) -> None:
    connecter(client, utilisateur(Role.SECRETARIAT_GTP))
    reponse = client.get("/api/v1/organisations")
    assert reponse.status_code == 403
    assert "code à usage unique" in reponse.json()["message"]


def test_role_without_organisation_access_is_refused(client: Client, monde: Monde) -> None:
    reponse = client.get("/api/v1/organisations", headers=jeton_de(utilisateur(Role.MEMBRE_JURY)))
    assert reponse.status_code == 403
    assert reponse.json()["code"] == "acces_refuse"


def test_organisations_are_not_public(client: Client, monde: Monde) -> None:
    assert client.get("/api/v1/organisations").status_code == 401


def test_territoriales_directory_is_public_and_ordered_by_departement(client: Client, monde: Monde) -> None:
    TerritorialeFactory(departement="2A")
    Organisation.objects.filter(pk=monde.marseille.pk).update(active=False)
    reponse = client.get("/api/v1/territoriales")
    assert reponse.status_code == 200
    assert [t["departement"] for t in reponse.json()["items"]] == ["2A", "69"]
    assert set(reponse.json()["items"][0]) == {"id", "nom", "departement", "region", "adresse", "email"}
