"""The jury through the API: every step, refusals as `{code, rule, message}`, codes before the signature."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from cqpm.comptes.enums import Role
from cqpm.jurys.models import DemandeDesignation
from tests.api.conftest import connecter, jeton_de, utilisateur
from tests.documents.test_etat_recapitulatif import texte
from tests.jurys.outils import convoque, evaluee, jours, jury, unions

pytestmark = pytest.mark.django_db

JSON = "application/json"


def ok(reponse: Any, statut: int = 200) -> Any:
    assert reponse.status_code == statut, reponse.content
    if reponse["Content-Type"] == "application/pdf" or not reponse.content:
        return reponse.content
    return reponse.json()


def test_every_step_through_the_api_R_JURY_01_to_R_JURY_10(client: Client) -> None:
    branches = unions(2)
    i, _ = evaluee()
    centre = jeton_de(utilisateur(Role.TERRITORIALE, i.centre_examen))
    date = jours(-1)

    def post(chemin: str, corps: dict[str, Any], statut: int = 200, en_tete: Any = centre) -> Any:
        return ok(client.post(f"/api/v1{chemin}", corps, content_type=JSON, headers=en_tete), statut)

    j = post(
        "/jurys",
        {
            "centre_examen_id": i.centre_examen_id,
            "qualification_id": i.qualification_id,
            "date": str(date),
            "lieu": "Lyon",
            "periodicite": "semestrielle",
        },
        201,
    )
    base = f"/jurys/{j['id']}"
    trop_tard = client.post(
        f"/api/v1{base}/designations",
        {"le": str(date - datetime.timedelta(days=14))},
        content_type=JSON,
        headers=centre,
    )
    assert trop_tard.status_code == 422 and trop_tard.json()["rule"] == "R-JURY-01"
    post(f"{base}/designations", {"le": str(date - datetime.timedelta(days=16))})
    for n, branche in enumerate(branches):
        contact = jeton_de(utilisateur(Role.BRANCHE_SYNDICALE, branche))
        (demande,) = ok(client.get("/api/v1/demandes-designation", headers=contact))
        membre = {"nom": f"Syndiqué {n}", "organisme": "Forges", "fonction": "Technicien"}
        post(f"/demandes-designation/{demande['id']}/membres", membre, 201, contact)
        refus = client.post(
            f"/api/v1/demandes-designation/{demande['id']}/membres", membre, content_type=JSON, headers=contact
        )
        assert refus.json()["rule"] == "R-JURY-03"
    compte = utilisateur(Role.MEMBRE_JURY)
    president = post(
        f"{base}/membres-patronaux",
        {"nom": "Paul Président", "organisme": "Méca", "fonction": "DG", "utilisateur_id": compte.pk},
        201,
    )
    post(f"{base}/membres-patronaux", {"nom": "Marc Patron", "organisme": "Méca", "fonction": "DRH"}, 201)
    invite = post(f"{base}/invites", {"nom": "Théo Tuteur", "organisme": "Méca", "fonction": "Tuteur"}, 201)
    assert invite["voix_deliberative"] is False
    post(f"{base}/president", {"membre_id": president["id"]})
    detail = post(f"{base}/candidats", {"inscription_id": i.pk}, 201)
    (candidat,) = detail["candidats"]
    assert candidat["nom"] == candidat["code"]
    refus = client.post(
        f"/api/v1{base}/convocations",
        {"le": str(date - datetime.timedelta(days=15))},
        content_type=JSON,
        headers=centre,
    )
    assert refus.json()["rule"] == "R-JURY-07"
    assert post(f"{base}/cprefp", {})["informations"][0]["motif"] == "initiale"
    assert post(f"{base}/convocations", {"le": str(date - datetime.timedelta(days=15))})["etat"] == "convoque"
    cbase = f"{base}/candidats/{candidat['id']}"
    post(f"{cbase}/presence", {"presence": "present"})
    refus = client.post(
        f"/api/v1{cbase}/votes", {"membre_id": invite["id"], "decision": "A"}, content_type=JSON, headers=centre
    )
    assert refus.json()["rule"] == "R-JURY-04"
    for m in ok(client.get(f"/api/v1{base}", headers=centre))["membres"]:
        if m["voix_deliberative"]:
            post(f"{cbase}/votes", {"membre_id": m["id"], "decision": "A"}, 201)
    assert post(f"{base}/deliberation", {})["candidats"][0]["decision"] == "A"
    avant = texte(ok(client.get(f"/api/v1{base}/pv.pdf", headers=centre)))
    assert candidat["code"] in avant and i.candidat.nom.upper() not in avant
    assert client.post(f"/api/v1{base}/signature", headers=jeton_de(compte)).status_code == 403  # no second factor
    session = connecter(Client(), compte, verifie=True)
    signe = ok(session.post(f"/api/v1{base}/signature", content_type=JSON))
    assert signe["etat"] == "signe" and signe["candidats"][0]["nom"].startswith(i.candidat.nom.upper())
    assert i.candidat.nom.upper() in texte(ok(client.get(f"/api/v1{base}/pv.pdf", headers=centre)))
    assert "Paul Président" in texte(ok(client.get(f"/api/v1{base}/emargement.pdf", headers=centre)))
    apres = client.post(
        f"/api/v1{cbase}/votes", {"membre_id": president["id"], "decision": "NA"}, content_type=JSON, headers=centre
    )
    assert apres.status_code == 422 and apres.json()["rule"] == "R-JURY-09"
    assert DemandeDesignation.objects.count() == 2


def test_another_centre_sees_no_jury(client: Client) -> None:
    unions(1)
    i, acteur = evaluee()
    j = jury(acteur, inscription=i)
    autre = jeton_de(utilisateur(Role.ENTREPRISE, i.entreprise))
    assert client.get(f"/api/v1/jurys/{j.pk}", headers=autre).status_code == 404
    assert client.get("/api/v1/jurys", headers=autre).json() == []


def test_a_member_added_after_the_convocations_is_convened_through_the_api_R_JURY_08(client: Client) -> None:
    unions(1)
    i, acteur = evaluee()
    j, _ = convoque(acteur, i, date=jours(15))
    centre = jeton_de(utilisateur(Role.TERRITORIALE, i.centre_examen))
    base = f"/api/v1/jurys/{j.pk}"
    nouveau = ok(
        client.post(
            f"{base}/membres-patronaux",
            {"nom": "Rita Retard", "organisme": "Méca", "fonction": "DRH", "courriel": "rita@exemple.fr"},
            content_type=JSON,
            headers=centre,
        ),
        201,
    )
    url = f"{base}/membres/{nouveau['id']}/convocation"
    refus = client.post(url, {}, content_type=JSON, headers=centre)
    assert refus.status_code == 422 and refus.json()["rule"] == "R-JURY-07"
    ok(client.post(f"{base}/cprefp", {}, content_type=JSON, headers=centre))
    assert ok(client.post(url, {}, content_type=JSON, headers=centre))["nom"] == "Rita Retard"
    autre = jeton_de(utilisateur(Role.ENTREPRISE, i.entreprise))
    assert client.post(url, {}, content_type=JSON, headers=autre).status_code == 404
