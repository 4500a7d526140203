"""The lifecycle of referentials through the API: a creation from filing to the GTP's decision and its MQ number,
the dossier checklist, scoping of requests between territoriales, attachments checked by content.
Every step goes through the API, the projet de référentiel included (`PUT /demandes/{id}/projet`).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cqpm.comptes.enums import Role
from cqpm.cycle_de_vie.models import Demande
from cqpm.cycle_de_vie.rules import SECTIONS_CREATION
from cqpm.referentiels.numeros import parse_mq
from tests.api.conftest import jeton_de, utilisateur
from tests.api.test_projet import PROJET
from tests.cycle_de_vie.outils import DOSSIER_CREATION, PDF, personnel, reseau

__all__ = ["reseau"]

pytestmark = pytest.mark.django_db

JSON = "application/json"


def ok(reponse: Any, statut: int = 200) -> Any:
    assert reponse.status_code == statut, reponse.content
    return reponse.json()


@pytest.fixture
def agent_69(reseau) -> Any:  # type: ignore[no-untyped-def]
    return personnel(reseau["69"])


@pytest.fixture
def territoriale(agent_69: Any) -> dict[str, str]:
    """The Authorization header of a staff member of the UIMM territoriale 69 (a machine client)."""
    return jeton_de(agent_69)


def deposer(client: Client, entete: dict[str, str], demandeur: Any, **dossier: Any) -> dict[str, Any]:
    corps = {"type": "creation", "demandeurs": [demandeur.pk], "intitule": "Opérateur(trice) de découpe laser"}
    return ok(client.post("/api/v1/demandes", {**corps, **dossier}, content_type=JSON, headers=entete), 201)


def test_full_creation_path_through_the_api_R_LC_CRE_01_to_05(
    client: Client, secretariat: Client, reseau, territoriale: dict[str, str], agent_69: Any
) -> None:  # type: ignore[no-untyped-def]
    api = Client()
    cree = deposer(api, territoriale, reseau["69"])
    assert cree["statut"] == "brouillon" and cree["origine"] == "territoriales"
    assert cree["projet_version"] == 1 and cree["numero"] is None
    assert [d["departement"] for d in cree["demandeurs"]] == ["69"]
    id = cree["id"]

    dossier = ok(api.patch(f"/api/v1/demandes/{id}/dossier", DOSSIER_CREATION, content_type=JSON, headers=territoriale))
    textes = {s["cle"]: s["texte"] for s in dossier["dossier"]}
    assert all(textes[s] == DOSSIER_CREATION[s] for s in SECTIONS_CREATION)
    ok(api.put(f"/api/v1/demandes/{id}/projet", PROJET, content_type=JSON, headers=territoriale))
    assert ok(api.get(f"/api/v1/demandes/{id}", headers=territoriale))["manques"] == []

    soumise = ok(api.post(f"/api/v1/demandes/{id}/soumettre", headers=territoriale))
    assert soumise["statut"] == "soumise" and soumise["soumise_le"] is not None

    complete = ok(secretariat.post(f"/api/v1/demandes/{id}/complete"))
    assert complete["statut"] == "complete" and complete["complete_le"] is not None

    aujourdhui = timezone.localdate().isoformat()
    avis = {"date": aujourdhui, "avis": "favorable", "commentaire": "Opportunité confirmée."}
    avec_avis = ok(secretariat.post(f"/api/v1/demandes/{id}/avis-cncp", avis, content_type=JSON))
    assert avec_avis["avis_cncp"] == {"date": aujourdhui, "avis": "favorable", "commentaire": "Opportunité confirmée."}

    seance = ok(secretariat.post("/api/v1/seances", {"date": aujourdhui, "lieu": "Paris"}, content_type=JSON), 201)
    inscription = {"demande_id": id}
    point = ok(secretariat.post(f"/api/v1/seances/{seance['id']}/ordre-du-jour", inscription, content_type=JSON), 201)
    assert point["issue"] == "a_examiner" and point["demande_id"] == id
    agenda = ok(secretariat.get(f"/api/v1/seances/{seance['id']}"))
    assert [p["demande_id"] for p in agenda["points"]] == [id]

    decision = {"demande_id": id, "favorable": True, "motif": "Besoin avéré.", "categorie": "B"}
    decidee = ok(secretariat.post(f"/api/v1/seances/{seance['id']}/decisions", decision, content_type=JSON), 201)
    assert decidee["favorable"] and decidee["categorie"] == "B" and decidee["date"] == aujourdhui
    numero = parse_mq(decidee["numero"])
    jour = timezone.localdate()
    assert (numero.annee, numero.mois, numero.departements) == (jour.year, jour.month, ("69",))

    fiche = ok(api.get(f"/api/v1/demandes/{id}", headers=territoriale))
    assert fiche["statut"] == "decidee" and fiche["decidee_le"] == aujourdhui
    assert fiche["numero"] == decidee["numero"] and fiche["decision"]["numero"] == decidee["numero"]
    assert ok(client.get(f"/api/v1/qualifications/{fiche['qualification_id']}"))["numero"] == decidee["numero"]


def test_incomplete_dossier_is_refused_with_each_missing_item_R_LC_CRE_02(
    secretariat: Client, reseau, territoriale: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    api = Client()
    id = deposer(api, territoriale, reseau["69"], historique="Une histoire.")["id"]
    manques = ok(api.get(f"/api/v1/demandes/{id}", headers=territoriale))["manques"]
    assert {"besoins_entreprises", "projet.blocs"} <= {m["champ"] for m in manques}
    ok(api.post(f"/api/v1/demandes/{id}/soumettre", headers=territoriale))

    reponse = secretariat.post(f"/api/v1/demandes/{id}/complete")

    assert reponse.status_code == 422
    erreur = reponse.json()
    assert (erreur["code"], erreur["rule"]) == ("dossier_incomplet", "R-LC-CRE-02")
    assert erreur["details"] == manques and "historique" not in {d["champ"] for d in erreur["details"]}
    assert Demande.objects.get(pk=id).statut == "soumise"


def test_a_territoriale_cannot_see_nor_act_on_another_territoriales_request_R_LC_CRE_01(
    reseau, territoriale: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    api = Client()
    id = deposer(api, territoriale, reseau["69"])["id"]
    autre = jeton_de(personnel(reseau["13"]))

    assert ok(api.get("/api/v1/demandes", headers=autre))["count"] == 0
    assert [d["id"] for d in ok(api.get("/api/v1/demandes", headers=territoriale))["items"]] == [id]
    assert api.get(f"/api/v1/demandes/{id}", headers=autre).json()["code"] == "introuvable"
    assert api.post(f"/api/v1/demandes/{id}/soumettre", headers=autre).status_code == 404
    assert api.post(f"/api/v1/demandes/{id}/retirer", {}, content_type=JSON, headers=autre).status_code == 404
    assert Demande.objects.get(pk=id).statut == "brouillon"


def test_a_territoriale_cannot_file_for_another_one_R_LC_CRE_01(reseau, territoriale: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    corps = {"type": "creation", "demandeurs": [reseau["13"].pk], "intitule": "Soudeur"}
    reponse = Client().post("/api/v1/demandes", corps, content_type=JSON, headers=territoriale)
    assert reponse.status_code == 403 and reponse.json()["code"] == "acces_refuse"
    assert not Demande.objects.exists()


def test_secretariat_roles_do_not_act_through_a_token(reseau, territoriale: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Without the second factor, the secretariat's token has no national role: it cannot create a séance."""
    jeton = jeton_de(utilisateur(Role.SECRETARIAT_GTP))
    corps = {"date": timezone.localdate().isoformat(), "lieu": "Paris"}
    assert Client().post("/api/v1/seances", corps, content_type=JSON, headers=jeton).status_code == 403
    assert Client().post("/api/v1/seances", corps, content_type=JSON, headers=territoriale).status_code == 403


def test_attachment_type_is_read_from_its_content_R_LC_CRE_02(
    reseau, territoriale: dict[str, str], settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    api = Client()
    id = deposer(api, territoriale, reseau["69"])["id"]
    faux = SimpleUploadedFile("rapport.pdf", b"#!/bin/sh\necho pas un PDF\n", content_type="application/pdf")

    refuse = api.post(f"/api/v1/demandes/{id}/pieces", {"fichier": faux}, headers=territoriale)

    assert refuse.status_code == 422
    assert (refuse.json()["code"], refuse.json()["champ"]) == ("type_piece_refuse", "fichier")
    vrai = SimpleUploadedFile("rapport d'opportunité.pdf", PDF, content_type="application/octet-stream")
    piece = ok(api.post(f"/api/v1/demandes/{id}/pieces", {"fichier": vrai}, headers=territoriale), 201)
    assert (piece["type"], piece["nom"]) == ("pdf", "rapport d'opportunité.pdf")
    assert [p["id"] for p in ok(api.get(f"/api/v1/demandes/{id}", headers=territoriale))["pieces"]] == [piece["id"]]


def test_withdrawn_request_stays_archived_R_ARCH_04(reseau, territoriale: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    api = Client()
    id = deposer(api, territoriale, reseau["69"])["id"]
    retiree = ok(
        api.post(f"/api/v1/demandes/{id}/retirer", {"motif": "Doublon."}, content_type=JSON, headers=territoriale)
    )
    assert retiree["statut"] == "retiree" and retiree["motif_retrait"] == "Doublon."
    reponse = api.patch(f"/api/v1/demandes/{id}/dossier", {"motif": "x"}, content_type=JSON, headers=territoriale)
    assert reponse.status_code == 422 and reponse.json()["rule"] == "R-ARCH-04"


def test_unknown_organisation_or_inconsistent_request_is_a_422_not_a_500(reseau, territoriale: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    api = Client()
    inconnue = {"type": "creation", "demandeurs": [10**12], "intitule": "Soudeur"}
    reponse = api.post("/api/v1/demandes", inconnue, content_type=JSON, headers=territoriale)
    assert reponse.status_code == 422 and reponse.json()["champ"] == "demandeurs"
    sans_qualification = {"type": "revision", "demandeurs": [reseau["69"].pk]}
    reponse = api.post("/api/v1/demandes", sans_qualification, content_type=JSON, headers=territoriale)
    assert reponse.status_code == 422 and reponse.json()["code"] == "demande_incoherente"
