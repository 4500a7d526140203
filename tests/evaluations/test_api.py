"""The evaluation through the API: every step of the pages, refusals as `{code, rule, message}`."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from cqpm.comptes.enums import Role
from tests.api.conftest import jeton_de, utilisateur
from tests.evaluations.outils import aujourdhui, capacites, inscription
from tests.factories import EntrepriseFactory, TerritorialeFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def ok(reponse: Any, statut: int = 200) -> Any:
    assert reponse.status_code == statut, reponse.content
    return reponse.json()


def test_every_step_through_the_api_R_EVAL_01_R_EVAL_04(client: Client) -> None:
    i = inscription()
    en_tete = jeton_de(utilisateur(Role.TERRITORIALE, i.centre_examen))
    base = f"/api/v1/inscriptions/{i.pk}"

    def post(chemin: str, corps: dict[str, Any], statut: int = 200) -> Any:
        return ok(client.post(chemin, corps, content_type=JSON, headers=en_tete), statut)

    assert client.get(f"{base}/evaluation", headers=en_tete).status_code == 404
    dossier = post(f"{base}/evaluation", {}, 201)
    assert dossier["avis_exige"] is True
    caps = capacites(i)
    choix = [{"capacite_id": c.pk, "modalites": ["a_reelle"]} for c in caps]
    assert len(post(f"{base}/evaluation/modalites", {"choix": choix})["modalites"]) == len(caps)
    jour = aujourdhui().isoformat()
    assert post(f"{base}/evaluation/transmission", {"le": jour})["transmis_le"] == jour
    post(f"{base}/evaluation/recommandations", {"recommandations": "Audit réel.", "le": jour})
    post(f"{base}/evaluation/avis-entreprise", {"avis": "Autonome.", "auteur": "Mme Tutrice", "le": jour})
    post(f"{base}/evaluation/compensations", {"demandees": "Tiers temps", "demandees_le": jour})
    membres = [{"nom": "Paul", "qualite": "Tuteur"}]
    corps = {"centre_examen_id": i.centre_examen_id, "date": jour, "lieu": "Lyon", "membres": membres}
    refus = client.post("/api/v1/commissions-evaluation", corps, content_type=JSON, headers=en_tete)
    assert refus.status_code == 422 and refus.json()["rule"] == "R-EVAL-04"
    corps["membres"] = [*membres, {"nom": "Léa", "qualite": "Formatrice"}]
    commission = post("/api/v1/commissions-evaluation", corps, 201)
    assert len(commission["membres"]) == 2
    resultats = [{"capacite_id": c.pk, "acquise": True, "observations": "Conforme."} for c in caps]
    dossier = post(f"{base}/evaluation/resultats", {"commission_id": commission["id"], "resultats": resultats})
    assert all(r["acquise"] for r in dossier["resultats"])
    reportables = ok(client.get(f"{base}/acquis-reportables", headers=en_tete))
    assert [a["reprise"] for a in reportables] == [False] * len(caps)
    pdf = client.get(f"{base}/etat-recapitulatif", headers=en_tete)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert i.candidat.nom.upper() in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()


def test_refusals_cite_the_rule_R_EVAL_02_R_REG_02(client: Client) -> None:
    i = inscription(jours=10)
    en_tete = jeton_de(utilisateur(Role.TERRITORIALE, i.centre_examen))
    base = f"/api/v1/inscriptions/{i.pk}"
    ok(client.post(f"{base}/evaluation", {}, content_type=JSON, headers=en_tete), 201)
    c1 = capacites(i)[0]
    choix = {"choix": [{"capacite_id": c1.pk, "modalites": ["c_reconstituee"], "justification": "Ligne arrêtée."}]}
    refus = client.post(f"{base}/evaluation/modalites", choix, content_type=JSON, headers=en_tete)
    assert refus.status_code == 422 and refus.json()["rule"] == "R-EVAL-02"
    choix["choix"][0] |= {"modalites": ["a_reelle"], "justification": ""}
    ok(client.post(f"{base}/evaluation/modalites", choix, content_type=JSON, headers=en_tete))
    membres = [{"nom": "Paul", "qualite": "Tuteur"}, {"nom": "Léa", "qualite": "Formatrice"}]
    corps = {
        "centre_examen_id": i.centre_examen_id,
        "date": aujourdhui().isoformat(),
        "lieu": "Lyon",
        "membres": membres,
    }
    commission = ok(client.post("/api/v1/commissions-evaluation", corps, content_type=JSON, headers=en_tete), 201)
    resultats = {"commission_id": commission["id"], "resultats": [{"capacite_id": c1.pk, "acquise": True}]}
    refus = client.post(f"{base}/evaluation/resultats", resultats, content_type=JSON, headers=en_tete)
    assert refus.status_code == 422 and refus.json()["rule"] == "R-REG-02"


def test_scope_of_the_api(client: Client) -> None:
    i = inscription()
    autre = jeton_de(utilisateur(Role.TERRITORIALE, TerritorialeFactory(departement="13")))
    assert (
        client.post(f"/api/v1/inscriptions/{i.pk}/evaluation", {}, content_type=JSON, headers=autre).status_code == 404
    )
    entreprise = jeton_de(utilisateur(Role.ENTREPRISE, i.entreprise))
    refus = client.post(f"/api/v1/inscriptions/{i.pk}/evaluation", {}, content_type=JSON, headers=entreprise)
    assert refus.status_code == 403
    etrangere = jeton_de(utilisateur(Role.ENTREPRISE, EntrepriseFactory()))
    assert client.get(f"/api/v1/candidats/{i.candidat_id}/acquis-anterieurs", headers=etrangere).status_code == 404


def test_earlier_jury_recorded_through_the_api_R_EVAL_06(client: Client) -> None:
    i = inscription()
    en_tete = jeton_de(utilisateur(Role.TERRITORIALE, i.centre_examen))
    c1 = capacites(i)[0]
    corps = {"capacite_id": c1.pk, "date_jury": "2020-01-01", "bloc_certifie": True}
    acquis = ok(
        client.post(f"/api/v1/candidats/{i.candidat_id}/acquis-anterieurs", corps, content_type=JSON, headers=en_tete),
        201,
    )
    assert acquis["bloc_certifie"] and acquis["cqpm_rncp"] is False
    reportables = ok(client.get(f"/api/v1/inscriptions/{i.pk}/acquis-reportables", headers=en_tete))
    assert reportables[0]["reprise"] and "bloc certifié" in reportables[0]["raison"]
