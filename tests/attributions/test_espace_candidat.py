"""The holder in his space (item 8 of the award issue): his certificates and the letters addressed to him, as PDF,
on the page and through the API; never another candidate's; a revoked certificate is no longer delivered."""

import pytest
from django.test import Client

from cqpm.attributions import services
from cqpm.attributions.enums import CanalTirage, DestinataireCourrier
from cqpm.attributions.models import Courrier
from tests.api.conftest import connecter
from tests.attributions import outils
from tests.factories import CompteCandidatFactory

pytestmark = pytest.mark.django_db


def titulaire_connecte(client: Client):
    certificat, _, gtp = outils.certificat_valide()
    compte = CompteCandidatFactory(candidat=certificat.cible.candidat.inscription.candidat)
    connecter(client, compte.utilisateur)
    return certificat, gtp


def test_the_holder_downloads_his_certificate_and_letters_from_his_space(client: Client):
    certificat, _ = titulaire_connecte(client)
    espace = client.get("/espace/").content.decode()
    assert "Certificats et courriers" in espace and certificat.code_verification in espace
    reponse = client.get(f"/attributions/mes-documents/certificats/{certificat.pk}.pdf")
    assert reponse.status_code == 200 and reponse.content.startswith(b"%PDF")
    assert list(certificat.tirages.values_list("canal", flat=True)) == [CanalTirage.PORTAIL]
    a_lui = Courrier.objects.get(candidat=certificat.cible.candidat, destinataire=DestinataireCourrier.CANDIDAT)
    assert client.get(f"/attributions/mes-documents/courriers/{a_lui.pk}.pdf").status_code == 200
    a_l_entreprise = Courrier.objects.get(destinataire=DestinataireCourrier.ENTREPRISE)  # the company's copy
    assert client.get(f"/attributions/mes-documents/courriers/{a_l_entreprise.pk}.pdf").status_code == 404
    documents = client.get("/api/v1/moi/documents").json()
    assert [c["numero"] for c in documents["certificats"]] == [certificat.numero]
    assert [c["id"] for c in documents["courriers"]] == [a_lui.pk]
    assert client.get(f"/api/v1/moi/certificats/{certificat.pk}.pdf").status_code == 200


def test_another_candidate_never_reaches_it(client: Client):
    certificat, _ = titulaire_connecte(Client())
    connecter(client, CompteCandidatFactory().utilisateur)
    assert client.get(f"/attributions/mes-documents/certificats/{certificat.pk}.pdf").status_code == 404
    assert client.get(f"/api/v1/moi/certificats/{certificat.pk}.pdf").status_code == 404
    assert client.get("/api/v1/moi/documents").json() == {"certificats": [], "courriers": []}


def test_a_revoked_certificate_is_no_longer_delivered_R_CERT_04(client: Client):
    certificat, gtp = titulaire_connecte(client)
    services.revoquer(certificat, motif="Fraude aux évaluations.", acteur=gtp)
    reponse = client.get(f"/attributions/mes-documents/certificats/{certificat.pk}.pdf")
    assert reponse.status_code == 422 and "révoqué" in reponse.content.decode()
    assert "Fraude aux évaluations." in client.get("/espace/").content.decode()
    assert client.get(f"/api/v1/moi/certificats/{certificat.pk}.pdf").status_code == 422


def test_a_visitor_is_sent_to_log_in():
    certificat, _, _ = outils.certificat_valide()
    assert Client().get(f"/attributions/mes-documents/certificats/{certificat.pk}.pdf").status_code == 302
    assert Client().get("/api/v1/moi/documents").status_code == 401
