"""The projet de référentiel editor page (/demandes/<pk>/projet/): formsets without JavaScript, refusals with their
rule, the link from the request's page only for who may write."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import TypeDemande
from tests.cycle_de_vie.outils import DOSSIER_CREATION, creation_complete, personnel

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(reseau):  # type: ignore[no-untyped-def]
    return personnel(reseau["69"])


@pytest.fixture
def demande(reseau, agent):  # type: ignore[no-untyped-def]
    return services.creer_demande(
        TypeDemande.CREATION, acteur=agent, demandeurs=[reseau["69"]], intitule="Découpe laser", **DOSSIER_CREATION
    )


def formulaire(activites: list[tuple[str, str]], blocs: list[tuple[int, str]], capacites: list[dict[str, Any]]) -> dict:
    donnees: dict[str, Any] = {
        "intitule": "Découpe laser",
        "mission": "Le titulaire réalise des pièces par découpe laser.",
        "conditions_admissibilite": "Toutes les capacités sont acquises.",
    }
    for prefixe, lignes in (("activites", activites), ("blocs", blocs), ("capacites", capacites)):
        donnees |= {f"{prefixe}-TOTAL_FORMS": str(len(lignes)), f"{prefixe}-INITIAL_FORMS": "0"}
    for i, (code, libelle) in enumerate(activites):
        donnees |= {f"activites-{i}-code": code, f"activites-{i}-libelle": libelle}
    for i, (numero, intitule) in enumerate(blocs):
        donnees |= {f"blocs-{i}-numero": str(numero), f"blocs-{i}-intitule": intitule}
    for i, c in enumerate(capacites):
        donnees |= {f"capacites-{i}-{k}": v for k, v in c.items()}
    return donnees


def capacite(bloc: int, numero: int, modalites: list[str] | None = None) -> dict[str, Any]:
    return {
        "bloc": str(bloc),
        "numero": str(numero),
        "intitule": f"Capacité {numero}",
        "conditions_realisation": "En atelier.",
        "criteres_evaluation": "Les cotes sont respectées.",
        "modalites": modalites if modalites is not None else ["a_reelle", "d_avis_entreprise"],
    }


def test_the_editor_saves_the_projet_and_the_gaps_go_R_REF_01(client: Client, demande, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    page = client.get(f"/demandes/{demande.pk}/").content.decode()
    assert "Modifier le projet de référentiel" in page
    page = client.get(f"/demandes/{demande.pk}/projet/").content.decode()
    assert "Ce qui manque au projet" in page and "(R-REF-01)" in page
    assert 'name="categorie"' not in page and "fixée par le GTP" in page
    donnees = formulaire([("A1", "Préparer"), ("A2", "Découper")], [(1, "Découpe")], [capacite(1, 1), capacite(1, 2)])
    reponse = client.post(f"/demandes/{demande.pk}/projet/", donnees, follow=True)
    assert reponse.status_code == 200
    texte = reponse.content.decode()
    assert "Le projet de référentiel est enregistré." in texte and "ne présente aucun manque" in texte
    assert services.manques(demande) == []
    assert [c.numero for c in demande.projet.capacites.all()] == [1, 2]


def test_add_a_row_works_without_javascript_and_saves_nothing(client: Client, demande, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    donnees = formulaire([("A1", "Préparer")], [], []) | {"ajouter": "activites"}
    reponse = client.post(f"/demandes/{demande.pk}/projet/", donnees)
    assert reponse.status_code == 200
    texte = reponse.content.decode()
    assert 'name="activites-1-code"' in texte and 'value="Préparer"' in texte
    assert not demande.projet.activites.exists()


def test_the_page_shows_every_refusal_with_its_rule_R_REF_03(client: Client, demande, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    donnees = formulaire(
        [("A1", "Préparer"), ("A1", "Doublon")], [(2, "Découpe")], [capacite(2, 1, ["d_avis_entreprise"])]
    )
    reponse = client.post(f"/demandes/{demande.pk}/projet/", donnees)
    assert reponse.status_code == 422
    texte = reponse.content.decode()
    assert 'role="alert"' in texte
    for regle in ("R-REF-01", "R-REF-02", "R-REF-03"):
        assert f"({regle})" in texte
    assert not demande.projet.activites.exists()


def test_a_capacity_in_an_unknown_bloc_is_refused_R_REF_03(client: Client, demande, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    reponse = client.post(f"/demandes/{demande.pk}/projet/", formulaire([], [(1, "Découpe")], [capacite(4, 1)]))
    assert reponse.status_code == 422
    assert "Le bloc n° 4 ne figure pas" in reponse.content.decode()


def test_a_started_row_must_be_finished(client: Client, demande, agent) -> None:  # type: ignore[no-untyped-def]
    client.force_login(agent)
    reponse = client.post(f"/demandes/{demande.pk}/projet/", formulaire([("A1", "")], [], []))
    assert reponse.status_code == 422
    assert 'id="id_activites-0-libelle_erreurs"' in reponse.content.decode()


def test_the_secretariat_may_fix_the_category_R_CAT_01(client: Client, demande, secretariat) -> None:  # type: ignore[no-untyped-def]
    from tests.api.conftest import connecter

    connecter(client, secretariat, verifie=True)
    page = client.get(f"/demandes/{demande.pk}/projet/").content.decode()
    assert 'name="categorie"' in page
    donnees = formulaire([], [], []) | {"categorie": "B"}
    assert client.post(f"/demandes/{demande.pk}/projet/", donnees).status_code == 302
    demande.projet.refresh_from_db()
    assert demande.projet.categorie == "B"


def test_another_territoriale_does_not_see_the_editor_R_LC_CRE_01(client: Client, demande, reseau) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personnel(reseau["13"]))
    assert client.get(f"/demandes/{demande.pk}/projet/").status_code == 404


def test_a_complete_request_offers_no_editor_R_LC_CRE_02(client: Client, reseau, secretariat) -> None:  # type: ignore[no-untyped-def]
    demande = creation_complete(reseau, secretariat, avis=False)
    client.force_login(demande.signataires.get().signe_par)
    assert "Modifier le projet de référentiel" not in client.get(f"/demandes/{demande.pk}/").content.decode()
    reponse = client.get(f"/demandes/{demande.pk}/projet/")
    assert reponse.status_code == 200 and "(R-LC-CRE-02)" in reponse.content.decode()
    assert 'name="activites-TOTAL_FORMS"' not in reponse.content.decode()
