"""The projet de référentiel of a request through the API: `GET` and `PUT /api/v1/demandes/{id}/projet`."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import TypeDemande
from tests.api.conftest import jeton_de
from tests.cycle_de_vie.outils import DOSSIER_CREATION, personnel, reseau

__all__ = ["reseau"]

pytestmark = pytest.mark.django_db

JSON = "application/json"

CAPACITE = {
    "intitule": "Régler une machine de découpe laser",
    "conditions_realisation": "À partir d'un dossier de fabrication.",
    "criteres_evaluation": "Les cotes du plan sont respectées.",
    "modalites": ["a_reelle", "d_avis_entreprise"],
}
PROJET = {
    "mission": "Le titulaire réalise des pièces par découpe laser.",
    "conditions_admissibilite": "Toutes les capacités sont acquises.",
    "activites": [{"code": "A1", "libelle": "Préparation"}, {"code": "A2", "libelle": "Découpe"}],
    "blocs": [
        {"numero": 1, "intitule": "Découpe", "capacites": [{**CAPACITE, "numero": 1}, {**CAPACITE, "numero": 2}]}
    ],
}


@pytest.fixture
def agent(reseau) -> Any:  # type: ignore[no-untyped-def]
    return personnel(reseau["69"])


@pytest.fixture
def demande(reseau, agent):  # type: ignore[no-untyped-def]
    return services.creer_demande(
        TypeDemande.CREATION, acteur=agent, demandeurs=[reseau["69"]], intitule="Découpe laser", **DOSSIER_CREATION
    )


def put(demande: Any, entete: dict[str, str], corps: dict[str, Any]) -> Any:
    return Client().put(f"/api/v1/demandes/{demande.pk}/projet", corps, content_type=JSON, headers=entete)


def test_the_requester_fills_the_projet_and_its_gaps_disappear_R_REF_01(demande, agent) -> None:  # type: ignore[no-untyped-def]
    entete = jeton_de(agent)
    lu = Client().get(f"/api/v1/demandes/{demande.pk}/projet", headers=entete).json()
    assert lu["statut"] == "brouillon" and lu["activites"] == [] and lu["manques"]
    reponse = put(demande, entete, PROJET)
    assert reponse.status_code == 200, reponse.content
    projet = reponse.json()
    assert projet["manques"] == [] and [a["code"] for a in projet["activites"]] == ["A1", "A2"]
    assert [c["code"] for c in projet["blocs"][0]["capacites"]] == ["C1", "C2"]
    assert [m["code"] for m in projet["blocs"][0]["capacites"][0]["modalites"]] == ["a_reelle", "d_avis_entreprise"]
    fiche = Client().get(f"/api/v1/demandes/{demande.pk}", headers=entete).json()
    assert not [m for m in fiche["manques"] if m["champ"].startswith("projet.")]
    # An absent part stays as it is.
    assert put(demande, entete, {"interactions": "Avec le bureau des méthodes."}).json()["mission"] == PROJET["mission"]


def test_refusals_come_together_with_their_rule_R_REF_03(demande, agent) -> None:  # type: ignore[no-untyped-def]
    corps = {**PROJET, "categorie": "A", "blocs": [{**PROJET["blocs"][0], "numero": 2}]}
    reponse = put(demande, jeton_de(agent), corps)
    assert reponse.status_code == 422
    erreur = reponse.json()
    assert erreur["code"] == "projet_invalide"
    assert {d["rule"] for d in erreur["details"]} == {"R-CAT-01", "R-REF-03"}
    assert Client().get(f"/api/v1/demandes/{demande.pk}/projet", headers=jeton_de(agent)).json()["mission"] == ""


def test_another_territoriale_is_refused_R_LC_CRE_01(demande, reseau) -> None:  # type: ignore[no-untyped-def]
    intrus = jeton_de(personnel(reseau["13"]))
    assert put(demande, intrus, PROJET).status_code == 404
    assert Client().get(f"/api/v1/demandes/{demande.pk}/projet", headers=intrus).status_code == 404


def test_the_secretariat_fixes_the_category_R_CAT_01(demande, secretariat: Client) -> None:  # type: ignore[no-untyped-def]
    reponse = secretariat.put(f"/api/v1/demandes/{demande.pk}/projet", {"categorie": "C*"}, content_type=JSON)
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["categorie"] == "C*"


def test_invalid_bodies_are_refused_before_any_rule(demande, agent) -> None:  # type: ignore[no-untyped-def]
    corps = {"activites": [{"code": "A" * 11, "libelle": "x"}], "blocs": [{"numero": 0, "intitule": "x"}]}
    reponse = put(demande, jeton_de(agent), corps)
    assert reponse.status_code == 422 and reponse.json()["code"] == "requete_invalide"


def test_a_request_without_projet_answers_404(reseau, fiche_28245) -> None:  # type: ignore[no-untyped-def]
    territoriale = fiche_28245.centres_ressources.get()
    agent = personnel(territoriale)
    veille = services.creer_demande(
        TypeDemande.MISE_EN_VEILLE,
        acteur=agent,
        demandeurs=[territoriale],
        qualification=fiche_28245,
        motif="Plus aucun candidat depuis cinq ans.",
    )
    assert Client().get(f"/api/v1/demandes/{veille.pk}/projet", headers=jeton_de(agent)).status_code == 404
    reponse = put(veille, jeton_de(agent), {"mission": "x"})
    assert reponse.status_code == 422 and reponse.json()["code"] == "sans_projet"
