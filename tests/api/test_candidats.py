"""Candidates and inscriptions through the API: create, find duplicates, register, read within one's scope, cancel,
merge; refusals answer `{code, rule, message}` citing the rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cqpm.comptes.enums import Role
from cqpm.organisations.enums import TypeOrganisation
from tests.api.conftest import jeton_de, utilisateur
from tests.factories import (
    CandidatFactory,
    EntrepriseFactory,
    OrganisationFactory,
    TerritorialeFactory,
    referentiel_complet,
)

pytestmark = pytest.mark.django_db

JSON = "application/json"
ETAT_CIVIL = {
    "nom": "Dupré",
    "prenoms": "Léa Marie",
    "date_naissance": "1992-03-14",
    "commune_naissance": "Saint-Étienne",
    "departement_naissance": "42",
}


def ok(reponse: Any, statut: int = 200) -> Any:
    assert reponse.status_code == statut, reponse.content
    return reponse.json()


@pytest.fixture
def monde(db: None) -> dict[str, Any]:
    centre = TerritorialeFactory(departement="69")
    return {
        "centre": centre,
        "qualification": referentiel_complet().qualification,
        "entreprise": EntrepriseFactory(),
        "territoriale": jeton_de(utilisateur(Role.TERRITORIALE, centre)),
    }


def corps_inscription(monde: dict[str, Any], candidat_id: int, **autres: Any) -> dict[str, Any]:
    return {
        "candidat_id": candidat_id,
        "qualification_id": monde["qualification"].pk,
        "centre_examen_id": monde["centre"].pk,
        "parcours": "formation_continue",
        "voie": "entreprise",
        "financement": "PF",
        "type_beneficiaire": "salarie_metallurgie",
        "origine": "SL",
        "entreprise_id": monde["entreprise"].pk,
        **autres,
    }


def test_register_a_candidate_through_the_api_R_REG_01_R_REG_03(monde: dict[str, Any]) -> None:
    api, entete = Client(), monde["territoriale"]
    CandidatFactory(nom="DUPRE", date_naissance="1992-03-14")  # registered elsewhere: not visible here
    cree = ok(api.post("/api/v1/candidats", ETAT_CIVIL, content_type=JSON, headers=entete), 201)
    assert cree["nom"] == "Dupré" and cree["doublons"] == [] and cree["fusionne_dans"] is None
    corps = corps_inscription(monde, cree["id"])
    inscrite = ok(api.post("/api/v1/inscriptions", corps, content_type=JSON, headers=entete), 201)
    version = monde["qualification"].version_courante
    assert inscrite["version"] == version.numero and inscrite["blocs"] == [] and inscrite["statut"] == "en_cours"
    assert inscrite["centre_examen"] == {"id": monde["centre"].pk, "nom": monde["centre"].nom}
    liste = ok(api.get("/api/v1/inscriptions", headers=entete))
    assert liste["count"] == 1 and liste["items"][0]["id"] == inscrite["id"]
    assert ok(api.get(f"/api/v1/inscriptions/{inscrite['id']}", headers=entete))["financement"] == "PF"
    candidats = ok(api.get("/api/v1/candidats", {"nom": "dupre"}, headers=entete))
    assert [c["id"] for c in candidats["items"]] == [cree["id"]]
    annulee = ok(
        api.post(
            f"/api/v1/inscriptions/{inscrite['id']}/annuler", {"motif": "Erreur"}, content_type=JSON, headers=entete
        )
    )
    assert annulee["statut"] == "annulee" and annulee["motif_annulation"] == "Erreur"


def test_a_refused_registration_cites_its_rule_R_ACC_02(monde: dict[str, Any]) -> None:
    api, entete = Client(), monde["territoriale"]
    cree = ok(api.post("/api/v1/candidats", ETAT_CIVIL, content_type=JSON, headers=entete), 201)
    corps = corps_inscription(monde, cree["id"], apprenti=True)
    erreur = ok(api.post("/api/v1/inscriptions", corps, content_type=JSON, headers=entete), 422)
    assert erreur["rule"] == "R-ACC-02" and erreur["code"] == "apprenti_hors_cpf" and "(R-ACC-02)" in erreur["message"]
    corps = corps_inscription(monde, cree["id"], parcours="formation_initiale")
    assert ok(api.post("/api/v1/inscriptions", corps, content_type=JSON, headers=entete), 422)["rule"] == "API"
    incomplet = {**ETAT_CIVIL, "commune_naissance": ""}
    erreur = ok(api.post("/api/v1/candidats", incomplet, content_type=JSON, headers=entete), 422)
    assert erreur["rule"] == "R-REG-04" and erreur["champ"] == "commune_naissance"


def test_other_organisations_do_not_see_the_inscription_ACCES(monde: dict[str, Any]) -> None:
    api, entete = Client(), monde["territoriale"]
    cree = ok(api.post("/api/v1/candidats", ETAT_CIVIL, content_type=JSON, headers=entete), 201)
    inscrite = ok(
        api.post("/api/v1/inscriptions", corps_inscription(monde, cree["id"]), content_type=JSON, headers=entete), 201
    )
    voisine = jeton_de(utilisateur(Role.TERRITORIALE, TerritorialeFactory(departement="13")))
    assert ok(api.get(f"/api/v1/inscriptions/{inscrite['id']}", headers=voisine), 404)["code"] == "introuvable"
    assert ok(api.get(f"/api/v1/candidats/{cree['id']}", headers=voisine), 404)["code"] == "introuvable"
    assert ok(api.get("/api/v1/inscriptions", headers=voisine))["count"] == 0
    entreprise = jeton_de(utilisateur(Role.ENTREPRISE, monde["entreprise"]))
    assert ok(api.get("/api/v1/inscriptions", headers=entreprise))["count"] == 1
    organisme = OrganisationFactory(type=TypeOrganisation.ORGANISME_FORMATION)
    assert (
        ok(api.get("/api/v1/inscriptions", headers=jeton_de(utilisateur(Role.ORGANISME_FORMATION, organisme))))["count"]
        == 0
    )
    jury = jeton_de(utilisateur(Role.MEMBRE_JURY))
    assert ok(api.get("/api/v1/inscriptions", headers=jury), 403)["rule"] == "ACCES"
    assert ok(api.get("/api/v1/inscriptions"), 401)["code"] == "non_authentifie"


def test_duplicates_and_merge_through_the_api(monde: dict[str, Any], secretariat: Client) -> None:
    api, entete = Client(), monde["territoriale"]
    premier = ok(api.post("/api/v1/candidats", ETAT_CIVIL, content_type=JSON, headers=entete), 201)
    second = ok(api.post("/api/v1/candidats", {**ETAT_CIVIL, "nom": "DUPRE"}, content_type=JSON, headers=entete), 201)
    assert [d["id"] for d in second["doublons"]] == [premier["id"]]
    assert [d["id"] for d in ok(api.get(f"/api/v1/candidats/{premier['id']}/doublons", headers=entete))] == [
        second["id"]
    ]
    ailleurs = ok(secretariat.post("/api/v1/candidats", {**ETAT_CIVIL, "nom": "dupre"}, content_type=JSON), 201)
    assert {d["id"] for d in ailleurs["doublons"]} == {premier["id"], second["id"]}
    ok(api.post("/api/v1/inscriptions", corps_inscription(monde, second["id"]), content_type=JSON, headers=entete), 201)
    fusion = {"doublon_id": second["id"]}
    entreprise = jeton_de(utilisateur(Role.ENTREPRISE, monde["entreprise"]))
    refus = ok(
        api.post(
            f"/api/v1/candidats/{second['id']}/fusion",
            {"doublon_id": second["id"]},
            content_type=JSON,
            headers=entreprise,
        ),
        403,
    )
    assert refus["rule"] == "ACCES"  # a company sees its employee but never merges
    cache = ok(api.post(f"/api/v1/candidats/{ailleurs['id']}/fusion", fusion, content_type=JSON, headers=entete), 404)
    assert cache["code"] == "introuvable"  # created by the secretariat, not registered here: not visible
    conserve = ok(secretariat.post(f"/api/v1/candidats/{premier['id']}/fusion", fusion, content_type=JSON))
    assert conserve["id"] == premier["id"]
    assert ok(api.get(f"/api/v1/candidats/{second['id']}", headers=entete))["fusionne_dans"] == premier["id"]
    inscriptions = ok(api.get("/api/v1/inscriptions", {"candidat": premier["id"]}, headers=entete))
    assert inscriptions["count"] == 1
