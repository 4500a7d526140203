"""The bulk import through the API: preview without writing (200), all or nothing (201 / 422 whose details place
each error on its row, column and rule), the XLSX template."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cqpm.candidats import import_masse
from cqpm.candidats.models import Inscription
from cqpm.comptes.enums import Role
from tests.api.conftest import jeton_de
from tests.candidats.outils import agent
from tests.candidats.test_import import rangee, rh, salaries, xlsx

pytestmark = pytest.mark.django_db
__all__ = ["rh"]

URL = "/api/v1/inscriptions/import"


def envoyer(client: Client, entetes: dict[str, str], contenu: bytes, apercu: bool = False):  # type: ignore[no-untyped-def]
    fichier = SimpleUploadedFile("cohorte.xlsx", contenu, content_type=import_masse.TYPE_XLSX)
    adresse = f"{URL}?apercu=true" if apercu else URL
    return client.post(adresse, data={"fichier": fichier}, headers=entetes)


def test_preview_then_import_through_the_api_R_REG_01(client, cadre, rh):
    entetes = jeton_de(rh)
    contenu = xlsx(salaries(cadre.qualification, cadre.entreprise)).getvalue()
    apercu = envoyer(client, entetes, contenu, apercu=True)
    assert apercu.status_code == 200, apercu.content
    assert apercu.json()["valide"] and not apercu.json()["importe"]
    assert not Inscription.objects.exists()
    reponse = envoyer(client, entetes, contenu)
    assert reponse.status_code == 201, reponse.content
    ids = [ligne["inscription_id"] for ligne in reponse.json()["lignes"]]
    assert sorted(ids) == sorted(Inscription.objects.values_list("pk", flat=True))


def test_one_wrong_row_answers_422_with_the_row_column_and_rule_R_ACC_02(client, cadre, rh):
    rangees = [rangee(cadre.qualification, cadre.entreprise), rangee(cadre.qualification, cadre.entreprise)]
    rangees[1] = {**rangees[1], "nom": "Roux", "apprenti": "Oui"}
    reponse = envoyer(client, jeton_de(rh), xlsx(rangees).getvalue())
    assert reponse.status_code == 422
    corps = reponse.json()
    assert corps["code"] == "import_refuse" and corps["rule"] == "R-ACC-02"
    assert corps["details"] == [
        {
            "champ": "ligne 3, colonne « Dispositif de financement »",
            "message": corps["details"][0]["message"],
            "rule": "R-ACC-02",
        }
    ]
    assert not Inscription.objects.exists()


def test_a_file_that_is_no_spreadsheet_is_refused(client, cadre, rh):
    reponse = envoyer(client, jeton_de(rh), b"%PDF-1.7\x00binaire")
    assert reponse.status_code == 422 and reponse.json()["code"] == "fichier_invalide"


def test_the_template_is_served_to_those_who_register_ACCES(client, cadre, rh):
    reponse = client.get("/api/v1/inscriptions/modele-import", headers=jeton_de(rh))
    assert reponse.status_code == 200 and reponse["Content-Type"] == import_masse.TYPE_XLSX
    assert reponse.content.startswith(b"PK")
    jury = agent(cadre.centre, Role.MEMBRE_JURY)
    assert client.get("/api/v1/inscriptions/modele-import", headers=jeton_de(jury)).status_code == 403
    assert envoyer(client, jeton_de(jury), b"x").status_code == 403
