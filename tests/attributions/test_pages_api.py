"""The award through the pages and the API: each step, flags for the secretariat, perimeter (404), the public
verification page and API (valid / revoked / unknown, anonymous, no enumeration by number)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cqpm.attributions.enums import NaturePiece
from cqpm.attributions.models import Certificat, DemandeAttribution
from cqpm.comptes.enums import Role
from tests.api.conftest import connecter, jeton_de
from tests.attributions import outils
from tests.factories import TerritorialeFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def ok(reponse: Any, statut: int = 200) -> Any:
    assert reponse.status_code == statut, reponse.content
    return reponse.json() if reponse["Content-Type"].startswith(JSON) else reponse.content.decode()


def test_the_whole_award_through_the_pages_R_GTP_01_R_GTP_02_R_ID_04(client: Client) -> None:
    j, _, centre = outils.jury_signe()
    connecter(client, centre)
    assert client.post("/attributions/", {"jury": j.pk}).status_code == 302
    demande = DemandeAttribution.objects.get()
    refus = client.post(f"/attributions/{demande.pk}/etape/envoyer/")
    assert refus.status_code == 422 and "R-GTP-01" in refus.content.decode()
    assert "Incomplète" in ok(client.get("/attributions/"))
    for nature in NaturePiece:
        fichier = SimpleUploadedFile(f"{nature.value}.pdf", outils.PDF, content_type="application/pdf")
        reponse = client.post(f"/attributions/{demande.pk}/etape/piece/", {"nature": nature.value, "fichier": fichier})
        assert reponse.status_code == 302
    assert client.post(f"/attributions/{demande.pk}/etape/envoyer/").status_code == 302
    client.logout()
    gtp = UtilisateurFactory(role=Role.SECRETARIAT_GTP)
    connecter(client, gtp, verifie=True)
    seance = outils.seance()
    assert client.post(f"/attributions/{demande.pk}/etape/seance/", {"seance": seance.pk}).status_code == 302
    assert "0 sur 1" in ok(client.get(f"/attributions/seances/{seance.pk}/"))
    cible = demande.cibles.get()
    assert client.post(f"/attributions/{demande.pk}/etape/valider/", {"cible": cible.pk}).status_code == 302
    certificat = Certificat.objects.get()
    page = ok(client.get(f"/attributions/{demande.pk}/"))
    assert certificat.numero in page
    client.logout()
    verification = ok(client.get(f"/verification/{certificat.jeton}/"))
    assert "Certificat valide" in verification and certificat.numero in verification
    # What the certificate prints (birth date and place included, R-CERT-04), as the holder's paper shows it.
    assert "1990" in verification and certificat.code_verification in verification
    assert certificat.titulaire_nom in verification


def test_another_territoriale_gets_404_ACCES(client: Client) -> None:
    demande, _ = outils.envoyee()
    autre = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=TerritorialeFactory(departement="38"))
    connecter(client, autre)
    assert client.get(f"/attributions/{demande.pk}/").status_code == 404
    assert client.get(f"/api/v1/attributions/{demande.pk}", headers=jeton_de(autre)).status_code == 404


def test_the_api_flags_and_validates_R_GTP_01_R_GTP_02(client: Client) -> None:
    j, _, centre = outils.jury_signe()
    en_tete = jeton_de(centre)
    d = ok(client.post("/api/v1/attributions", {"jury_id": j.pk}, content_type=JSON, headers=en_tete), 201)
    assert d["incomplete"] and len(d["pieces_manquantes"]) == 4
    refus = client.post(f"/api/v1/attributions/{d['id']}/envoi", {}, content_type=JSON, headers=en_tete)
    assert refus.status_code == 422 and refus.json()["rule"] == "R-GTP-01"
    for nature in NaturePiece:
        fichier = SimpleUploadedFile(f"{nature.value}.pdf", outils.PDF, content_type="application/pdf")
        ok(
            client.post(
                f"/api/v1/attributions/{d['id']}/pieces", {"nature": nature.value, "fichier": fichier}, headers=en_tete
            )
        )
    d = ok(client.post(f"/api/v1/attributions/{d['id']}/envoi", {}, content_type=JSON, headers=en_tete))
    assert d["statut"] == "envoyee" and not d["en_retard"]
    gtp = connecter(Client(), UtilisateurFactory(role=Role.SECRETARIAT_GTP), verifie=True)
    seance = outils.seance()
    ok(gtp.post(f"/api/v1/attributions/{d['id']}/seance", {"seance_id": seance.pk}, content_type=JSON))
    cible = d["cibles"][0]["id"]
    c = ok(gtp.post(f"/api/v1/attributions/cibles/{cible}/decision", {"valider": True}, content_type=JSON))
    assert c["decision"] == "validee" and c["certificat"].startswith("MC ")
    assert ok(gtp.get(f"/api/v1/seances/{seance.pk}/validation-attributions")) == {"decidees": 1, "total": 1}


def test_public_verification_api_valid_revoked_unknown_R_CERT_04(client: Client) -> None:
    demande, _ = outils.envoyee()
    gtp = outils.secretariat()
    from cqpm.attributions import services

    services.inscrire_a_seance(demande, seance=outils.seance(), acteur=gtp)
    services.decider(demande.cibles.get(), valider=True, acteur=gtp)
    certificat = Certificat.objects.get()
    v = ok(client.get(f"/api/v1/verification/{certificat.jeton}"))
    assert v["statut"] == "valide" and v["numero"] == certificat.numero
    imprime = {"nature", "qualification", "numero_qualification", "numero", "titulaire", "date_naissance"}
    imprime |= {"lieu_naissance", "date_jury", "attribue_le", "code", "edition", "reedite_le"}
    assert set(v) == imprime | {"statut", "revoque_le", "motif_revocation"}  # what it prints, nothing else
    assert v["code"] == certificat.code_verification
    tape = certificat.code_verification.lower().replace("-", " ")  # as typed from the paper
    assert ok(client.get(f"/api/v1/verification/{tape}"))["numero"] == certificat.numero
    services.revoquer(certificat, motif="Fraude aux évaluations.", acteur=gtp)
    v = ok(client.get(f"/api/v1/verification/{certificat.jeton}"))
    assert v["statut"] == "revoque" and v["motif_revocation"] == "Fraude aux évaluations."
    assert "révoqué" in ok(client.get(f"/verification/{certificat.jeton}/"))
    assert client.get("/api/v1/verification/inconnu").status_code == 404
    assert client.get("/verification/inconnu/").status_code == 404


def test_the_secretariat_revokes_from_the_page_and_the_centre_copies_R_CERT_02(client: Client) -> None:
    from cqpm.attributions import services

    demande, centre = outils.envoyee()
    gtp = UtilisateurFactory(role=Role.SECRETARIAT_GTP)
    services.inscrire_a_seance(demande, seance=outils.seance(outils.jour_seance()), acteur=outils.secretariat())
    services.decider(demande.cibles.get(), valider=True, acteur=outils.secretariat())
    certificat = Certificat.objects.get()
    connecter(client, centre)
    etape = f"/attributions/{demande.pk}/etape"
    assert client.post(f"{etape}/remettre/", {"certificat": certificat.pk, "mode": "main_propre"}).status_code == 302
    assert client.post(f"{etape}/copie/", {"certificat": certificat.pk, "motif": "Perte."}).status_code == 302
    assert certificat.copies.count() == 1
    assert client.post(f"{etape}/revoquer/", {"certificat": certificat.pk, "motif": "Fraude."}).status_code == 422
    client.logout()
    connecter(client, gtp, verifie=True)
    assert client.post(f"{etape}/revoquer/", {"certificat": certificat.pk, "motif": "Fraude."}).status_code == 302
    certificat.refresh_from_db()
    assert certificat.revoque
