"""The register through the API: the public catalogue, the sheet of fiche 28245, export and import (R-REF-03)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from cqpm.audit.models import EntreeAudit
from cqpm.comptes.enums import Role
from cqpm.referentiels.echange import exporter_version
from cqpm.referentiels.enums import StatutQualification
from cqpm.referentiels.models import AncienNumero, Qualification, VersionReferentiel
from tests.api.conftest import connecter, jeton_de, utilisateur
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

NUMERO = "MQ 2005 12 69 0198 R"


def json_ok(reponse, statut: int = 200) -> Any:  # type: ignore[no-untyped-def]
    assert reponse.status_code == statut, reponse.content
    return reponse.json()


def projet() -> Qualification:
    return QualificationFactory(
        intitule="Opérateur(trice) polyvalent en projet",
        statut=StatutQualification.PROJET,
        numero=None,
        sequence=None,
        date_creation=None,
    )


def test_catalogue_is_public_and_finds_by_words_or_number(client: Client, fiche_28245: Qualification) -> None:
    for q in ("operateur polyvalent", "MQ200512690198R", "mq 2005 12 69 0198 r", "28245", "H2906"):
        page = json_ok(client.get("/api/v1/qualifications", {"q": q}))
        assert [i["id"] for i in page["items"]] == [fiche_28245.pk], q
    item = page["items"][0]
    assert item | {"id": 0} == {
        "id": 0,
        "type": "CQPM",
        "numero": NUMERO,
        "intitule": fiche_28245.intitule,
        "statut": "en_vigueur",
        "categorie": "B",
        "code_rncp": "28245",
        "listes": ["A"],
    }


def test_catalogue_filters_by_category_list_and_date_R_LIST_03(client: Client, fiche_28245: Qualification) -> None:
    assert json_ok(client.get("/api/v1/qualifications", {"categorie": "B", "liste": "A"}))["count"] == 1
    assert json_ok(client.get("/api/v1/qualifications", {"categorie": "C*"}))["count"] == 0
    avant_creation = {"liste": "A", "le": "2005-01-01"}
    assert json_ok(client.get("/api/v1/qualifications", avant_creation))["count"] == 0


def test_drafts_are_hidden_from_the_public_but_not_from_the_verified_secretariat(client: Client) -> None:
    brouillon = projet()
    assert json_ok(client.get("/api/v1/qualifications", {"q": "polyvalent"}))["count"] == 0
    assert client.get(f"/api/v1/qualifications/{brouillon.pk}").json()["code"] == "introuvable"
    connecter(client, utilisateur(Role.SECRETARIAT_GTP), verifie=True)
    assert json_ok(client.get("/api/v1/qualifications", {"q": "polyvalent"}))["count"] == 1
    assert json_ok(client.get(f"/api/v1/qualifications/{brouillon.pk}"))["statut"] == "projet"


def test_sheet_of_fiche_28245_is_complete_R_REF_04(client: Client, fiche_28245: Qualification) -> None:
    fiche = json_ok(client.get(f"/api/v1/qualifications/{fiche_28245.pk}"))
    assert fiche["numero"] == NUMERO
    assert fiche["rncp"] | {"inscrite": None} == {
        "code": "28245",
        "date_arrete": "2017-04-07",
        "date_jo": "2017-04-21",
        "debut": "2017-04-21",
        "fin": "2022-04-21",
        "inscrite": None,
    }
    assert fiche["codes_nsf"] == ["200u"] and fiche["codes_rome"] == ["H2906"]
    assert fiche["attributions_annuelles_moyennes"] == 284
    assert [c["departement"] for c in fiche["centres_ressources"]] == ["69"]
    assert [i["liste"] for i in fiche["listes"]] == ["A"] and fiche["listes_en_cours"] == ["A"]
    version = fiche["version"]
    assert [a["code"] for a in version["activites"]] == ["A1", "A2", "A3", "A4"]
    blocs = version["blocs"]
    assert [b["intitule"] for b in blocs] == [
        "Réalisation d'une production sur plusieurs postes",
        "Contribution à la performance de l'équipe",
    ]
    assert [[c["code"] for c in b["capacites"]] for b in blocs] == [
        [f"C{n}" for n in range(1, 8)],
        [f"C{n}" for n in range(8, 13)],
    ]
    assert blocs[0]["code_rncp"] == "RNCP28245BC01"
    assert {m["code"] for m in blocs[0]["capacites"][0]["modalites"]} >= {"a_reelle", "d_avis_entreprise"}
    assert [v["numero"] for v in fiche["historique"]] == [1]


def test_former_number_still_leads_to_the_qualification_R_ID_03(client: Client, fiche_28245: Qualification) -> None:
    AncienNumero.objects.create(
        qualification=fiche_28245, numero="MQ 2005 12 38 0198 R", remplace_le=datetime.date(2010, 1, 1)
    )
    for numero in (NUMERO, "MQ 2005 12 38 0198 R", "M BDC0001 2005 12 69 0198 R"):
        fiche = json_ok(client.get(f"/api/v1/qualifications/numero/{numero}"))
        assert fiche["id"] == fiche_28245.pk, numero
    assert fiche["anciens_numeros"] == [{"numero": "MQ 2005 12 38 0198 R", "remplace_le": "2010-01-01"}]
    assert client.get("/api/v1/qualifications/numero/MQ 2005 12 69 9999").json()["code"] == "introuvable"


def test_a_decided_version_stays_readable_R_REF_03(client: Client, fiche_28245: Qualification) -> None:
    assert json_ok(client.get(f"/api/v1/qualifications/{fiche_28245.pk}/versions/1"))["version"]["numero"] == 1
    assert client.get(f"/api/v1/qualifications/{fiche_28245.pk}/versions/9").status_code == 404


def test_export_gives_the_exchange_document(client: Client, fiche_28245: Qualification, territoriale_69) -> None:  # type: ignore[no-untyped-def]
    adresse = f"/api/v1/qualifications/{fiche_28245.pk}/versions/1/export"
    assert client.get(adresse).status_code == 401
    assert client.get(adresse, headers=jeton_de(utilisateur(Role.CANDIDAT))).status_code == 403
    document = json_ok(client.get(adresse, headers=jeton_de(utilisateur(Role.TERRITORIALE, territoriale_69))))
    assert document == exporter_version(VersionReferentiel.objects.get(qualification=fiche_28245, numero=1))


def document_28245(qualification: Qualification) -> dict[str, Any]:
    return exporter_version(VersionReferentiel.objects.get(qualification=qualification, numero=1))


def test_secretariat_imports_a_new_version(secretariat: Client, fiche_28245: Qualification) -> None:
    document = document_28245(fiche_28245)
    document["version"]["numero"] = 2
    cree = json_ok(secretariat.post("/api/v1/referentiels/import", document, content_type="application/json"), 201)
    assert cree == {"qualification_id": fiche_28245.pk, "numero": NUMERO, "version": 2}
    assert EntreeAudit.objects.filter(action="version.import", objet_type="referentiels.VersionReferentiel").exists()


def test_capacity_in_two_blocs_refuses_the_whole_file_R_REF_03(secretariat: Client, fiche_28245: Qualification) -> None:
    document = document_28245(fiche_28245)
    document["version"]["numero"] = 2
    blocs = document["version"]["blocs"]
    blocs[1]["capacites"].append(dict(blocs[0]["capacites"][0]))
    versions, journal = VersionReferentiel.objects.count(), EntreeAudit.objects.count()

    reponse = secretariat.post("/api/v1/referentiels/import", document, content_type="application/json")

    assert reponse.status_code == 422, reponse.content
    corps = reponse.json()
    assert corps["code"] == "fichier_invalide"
    assert "rien n'a été enregistré" in corps["message"]
    en_cause = [d for d in corps["details"] if d["rule"] == "R-REF-03"]
    assert en_cause and en_cause[0]["champ"] == "version.blocs[1].capacites[5].numero"
    assert (VersionReferentiel.objects.count(), EntreeAudit.objects.count()) == (versions, journal)


def test_bad_file_names_every_wrong_field(secretariat: Client) -> None:
    reponse = secretariat.post(
        "/api/v1/referentiels/import", {"format": "autre", "version": []}, content_type="application/json"
    )
    assert reponse.status_code == 422
    assert {d["champ"] for d in reponse.json()["details"]} >= {"qualification"}


def test_import_is_for_the_secretariat_only(client: Client, fiche_28245: Qualification, territoriale_69) -> None:  # type: ignore[no-untyped-def]
    document = document_28245(fiche_28245)
    for entete in (
        jeton_de(utilisateur(Role.TERRITORIALE, territoriale_69)),
        jeton_de(utilisateur(Role.SECRETARIAT_GTP)),  # a token never carries the second factor
    ):
        reponse = client.post("/api/v1/referentiels/import", document, content_type="application/json", headers=entete)
        assert reponse.status_code == 403
        assert reponse.json()["rule"] == "ACCES"
    assert client.post("/api/v1/referentiels/import", document, content_type="application/json").status_code == 401


@pytest.mark.parametrize(
    ("numero", "attendu"),
    [
        (
            "mq 2011 03 2a 971 0012 ri",
            {"genre": "cqpm", "numero": "MQ 2011 03 2A 971 0012 R I", "departements": ["2A", "971"], "sequence": 12},
        ),
        (
            "M BDC0002 2005 12 69 0198 R",
            {"genre": "bloc", "sequence_bloc": 2, "numero_cqpm": NUMERO, "rncp": True, "cqpi": False},
        ),
        ("MC 2024 06 69 00012", {"genre": "certificat", "annee": 2024, "mois": 6, "departements": ["69"]}),
    ],
)
def test_numbers_are_parsed_into_their_parts_R_ID_05(client: Client, numero: str, attendu: dict[str, Any]) -> None:
    analyse = json_ok(client.get("/api/v1/numeros/analyse", {"numero": numero}))
    assert analyse | attendu == analyse


@pytest.mark.parametrize(
    ("numero", "raison"),
    [
        ("MQ 2005 12 20 0198", "département « 20 » n'existe pas"),
        ("M BDC0001 2005 12 69 0198", "suffixe R est obligatoire"),
        ("XX 2005", "ni MQ, ni M BDC, ni MC"),
    ],
)
def test_malformed_numbers_are_refused_with_the_reason_R_ID_05(client: Client, numero: str, raison: str) -> None:
    reponse = client.get("/api/v1/numeros/analyse", {"numero": numero})
    assert reponse.status_code == 422
    corps = reponse.json()
    assert (corps["code"], corps["rule"]) == ("numero_invalide", "R-ID-05")
    assert raison in corps["message"]
