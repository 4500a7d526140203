"""Every error of the API is JSON `{code, rule, message}` in French, never an HTML page nor a bare 500."""

from __future__ import annotations

import logging

import pytest
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.test import Client

from cqpm.comptes.enums import Role
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.referentiels.models import Qualification
from tests.api.conftest import connecter, utilisateur

pytestmark = pytest.mark.django_db


def erreur(reponse, statut: int, code: str, rule: str) -> dict:  # type: ignore[no-untyped-def]
    assert reponse.status_code == statut, reponse.content
    assert reponse["Content-Type"].startswith("application/json")
    corps = reponse.json()
    assert corps["code"] == code
    assert corps["rule"] == rule
    assert corps["message"]
    return corps


def test_malformed_number_is_a_rule_error_R_ID_05(client: Client) -> None:
    corps = erreur(
        client.get("/api/v1/numeros/analyse", {"numero": "MQ 2005 13 69 0245"}), 422, "numero_invalide", "R-ID-05"
    )
    assert "mois « 13 » n'existe pas" in corps["message"]
    assert corps["champ"] == "numero"


def test_invalid_parameters_are_listed_in_french(client: Client) -> None:
    corps = erreur(
        client.get("/api/v1/qualifications", {"page": "0", "categorie": "Z"}), 422, "requete_invalide", "API"
    )
    assert {d["champ"] for d in corps["details"]} == {"query.page", "query.categorie"}
    assert "paramètre « page » : doit être supérieur ou égal à 1" in corps["message"]
    assert "paramètre « categorie » : valeur non admise" in corps["message"]


def test_missing_parameter_is_named(client: Client) -> None:
    corps = erreur(client.get("/api/v1/numeros/analyse"), 422, "requete_invalide", "API")
    assert corps["details"] == [{"champ": "query.numero", "message": "obligatoire, absent de la requête"}]


def test_nul_character_is_refused_before_reaching_the_database(client: Client) -> None:
    corps = erreur(client.get("/api/v1/qualifications", {"q": "a\x00b"}), 422, "requete_invalide", "API")
    assert corps["details"][0]["champ"] == "query.q"


def test_protected_operation_without_credentials_answers_401(client: Client) -> None:
    reponse = client.get("/api/v1/moi")
    corps = erreur(reponse, 401, "non_authentifie", "ACCES")
    assert "Authorization: Bearer" in corps["message"]
    assert reponse["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_answers_401_even_on_a_public_operation(client: Client) -> None:
    erreur(
        client.get("/api/v1/territoriales", headers={"Authorization": "Bearer cqpm_000000000000_faux"}),
        401,
        "non_authentifie",
        "ACCES",
    )


def test_role_that_may_not_act_answers_403_with_the_reason(client: Client) -> None:
    connecter(client, utilisateur(Role.CANDIDAT))
    corps = erreur(client.get("/api/v1/organisations"), 403, "acces_refuse", "ACCES")
    assert "Consulter une organisation" in corps["message"]


def test_unknown_qualification_answers_404(client: Client) -> None:
    erreur(client.get("/api/v1/qualifications/999999"), 404, "introuvable", "ACCES")


@pytest.mark.parametrize("chemin", ["/api/v1/", "/api/v1/inexistant", "/api/v1/qualifications/1/inconnu"])
def test_unknown_address_under_the_api_answers_json_404(client: Client, chemin: str) -> None:
    erreur(client.get(chemin), 404, "introuvable", "API")


def test_wrong_method_answers_json_405(client: Client) -> None:
    reponse = client.put("/api/v1/territoriales")
    corps = erreur(reponse, 405, "methode_non_autorisee", "API")
    assert "PUT" in corps["message"]
    assert reponse["Allow"] == "GET"


def test_unparsable_body_answers_400(secretariat: Client) -> None:
    reponse = secretariat.post("/api/v1/jetons", data="{pas du json", content_type="application/json")
    erreur(reponse, 400, "requete_invalide", "API")


def test_session_write_without_csrf_token_is_refused_in_french(territoriale_69) -> None:  # type: ignore[no-untyped-def]
    client = connecter(Client(enforce_csrf_checks=True), utilisateur(Role.TERRITORIALE, territoriale_69))
    corps = erreur(
        client.post("/api/v1/jetons", {"nom": "Script"}, content_type="application/json"), 403, "csrf_refuse", "ACCES"
    )
    assert "X-CSRFToken" in corps["message"]


def test_unexpected_exception_is_logged_and_answered_as_json_500(client: Client, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    def panne(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("panne simulée")

    monkeypatch.setattr("cqpm.referentiels.api.parse_numero", panne)
    with caplog.at_level(logging.ERROR, logger="cqpm.api"):
        corps = erreur(
            client.get("/api/v1/numeros/analyse", {"numero": "MQ 2005 12 69 0245"}), 500, "erreur_interne", "API"
        )
    assert corps["message"].startswith("Erreur interne")
    assert "panne simulée" not in corps["message"]
    assert any("panne simulée" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


@pytest.mark.parametrize(
    ("exception", "statut", "code", "rule"),
    [
        (Http404("interne"), 404, "introuvable", "API"),
        (Qualification.DoesNotExist("interne"), 404, "introuvable", "API"),
        (AccesRefuse("Accès refusé : essai."), 403, "acces_refuse", "ACCES"),
        (RegleViolee("R-REF-03", "Refus (R-REF-03).", code="structure"), 422, "structure", "R-REF-03"),
        (MultiPartParserError("sans frontière"), 400, "requete_invalide", "API"),
    ],
)
def test_each_kind_of_exception_has_its_json_answer(  # type: ignore[no-untyped-def]
    client: Client, monkeypatch, exception: Exception, statut: int, code: str, rule: str
) -> None:
    def echec(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise exception

    monkeypatch.setattr("cqpm.referentiels.api.parse_numero", echec)
    corps = erreur(client.get("/api/v1/numeros/analyse", {"numero": "MQ 2005 12 69 0245"}), statut, code, rule)
    assert "interne" not in corps["message"]


def test_openapi_documents_the_error_schema(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert set(schema["components"]["schemas"]["Erreur"]["required"]) == {"code", "rule", "message"}
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation["responses"]["422"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Erreur"
            }


def test_openapi_documents_400_on_every_operation_that_reads_a_body(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    avec_corps = [op for ops in schema["paths"].values() for op in ops.values() if "requestBody" in op]
    assert avec_corps
    for operation in avec_corps:
        assert (operation["responses"].get("400") or operation["responses"][400])["content"]["application/json"][
            "schema"
        ] == {"$ref": "#/components/schemas/Erreur"}


def test_openapi_publishes_the_bounds_of_input_dates(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    seance = schemas["SeanceIn"]["properties"]["date"]
    assert (seance["formatMinimum"], seance["formatMaximum"]) == ("1950-01-01", "2999-12-31")
    naissance = schemas["CandidatIn"]["properties"]["date_naissance"]
    assert naissance["formatMinimum"] == "1900-01-01"


def test_an_impossible_date_is_said_not_to_exist(secretariat: Client) -> None:
    reponse = secretariat.post(
        "/api/v1/seances", data={"date": "2026-02-30", "lieu": "Paris"}, content_type="application/json"
    )
    corps = erreur(reponse, 422, "requete_invalide", "API")
    assert corps["details"][0]["message"] == "cette date n'existe pas : le mois n'a pas autant de jours"
