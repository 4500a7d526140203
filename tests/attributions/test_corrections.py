"""Corrections after issue (item 9 of the award issue): a motivated request with its proof, approved by the GTP
secretariat; the certificate is reissued under the same MC number, marked as such; every copy produced stays
listed; the verification shows the current data."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from cqpm.attributions import services
from cqpm.attributions.documents import pdf_certificat
from cqpm.attributions.enums import CanalTirage, StatutCorrection
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.core.errors import AccesRefuse, Introuvable, RegleViolee
from tests.api.conftest import connecter
from tests.attributions import outils
from tests.factories import TerritorialeFactory
from tests.jurys import outils as jo

pytestmark = pytest.mark.django_db

NAISSANCE = datetime.date(1990, 5, 18)


def url(code: str) -> str:
    return f"https://cqpm.example/verification/{code}/"


def demander(certificat, acteur, **modifs):
    champs = {
        "titulaire_nom": "Durand",
        "titulaire_prenoms": certificat.titulaire_prenoms,
        "date_naissance": NAISSANCE,
        "lieu_naissance": certificat.lieu_naissance,
        "motif": "Erreur de saisie du nom, acte de naissance joint.",
        "justificatif": ContentFile(outils.PDF, name="acte.pdf"),
        **modifs,
    }
    return services.demander_correction(certificat, acteur=acteur, **champs)


def texte(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_an_approved_correction_reissues_under_the_same_number_and_keeps_the_old_copies_listed():
    certificat, territoriale, gtp = outils.certificat_valide()
    _, premier = pdf_certificat(certificat.pk, acteur=territoriale, url_verification=url, canal=CanalTirage.PAGE)
    assert "Réédition" not in texte(premier)
    correction = demander(certificat, territoriale)
    assert correction.statut == StatutCorrection.DEMANDEE
    certificat.refresh_from_db()
    assert certificat.titulaire_nom != "DURAND"  # nothing changes before the secretariat's approval
    services.approuver_correction(correction, acteur=gtp)
    certificat.refresh_from_db()
    correction.refresh_from_db()
    assert (certificat.titulaire_nom, certificat.date_naissance, certificat.edition) == ("DURAND", NAISSANCE, 2)
    assert correction.ancien["edition"] == 1 and correction.ancien["titulaire_nom"] != "DURAND"
    numero = certificat.numero
    _, second = pdf_certificat(certificat.pk, acteur=gtp, url_verification=url, canal=CanalTirage.API)
    imprime = texte(second)
    assert "DURAND" in imprime and "Réédition n° 2" in imprime and numero.replace(" ", "") in imprime.replace(" ", "")
    assert list(certificat.tirages.values_list("edition", "canal")) == [(1, "page"), (2, "api")]
    v = services.verifier(certificat.jeton)
    assert "DURAND" in v.titulaire and v.date_naissance == NAISSANCE and v.edition == 2 and v.numero == numero
    assert EntreeAudit.objects.filter(action=EvenementAudit.CERTIFICAT_CORRECTION_APPROBATION).exists()


def test_a_correction_needs_a_motive_a_change_and_only_one_at_a_time():
    certificat, territoriale, _ = outils.certificat_valide()
    with pytest.raises(RegleViolee, match="Motivez"):
        demander(certificat, territoriale, motif="  ")
    with pytest.raises(RegleViolee, match="ne change rien"):
        demander(
            certificat, territoriale, titulaire_nom=certificat.titulaire_nom, date_naissance=certificat.date_naissance
        )
    with pytest.raises(RegleViolee, match="aucun ne peut être vide"):
        demander(certificat, territoriale, lieu_naissance=" ")
    with pytest.raises(RegleViolee, match="ni un PDF"):
        demander(certificat, territoriale, justificatif=ContentFile(b"pas un document", name="acte.pdf"))
    demander(certificat, territoriale)
    with pytest.raises(RegleViolee, match="attend déjà"):
        demander(certificat, territoriale, titulaire_nom="Dupond")


def test_only_the_secretariat_decides_and_a_refusal_says_why():
    certificat, territoriale, gtp = outils.certificat_valide()
    correction = demander(certificat, territoriale)
    with pytest.raises(AccesRefuse):
        services.approuver_correction(correction, acteur=territoriale)
    with pytest.raises(RegleViolee, match="Motivez"):
        services.refuser_correction(correction, motif="", acteur=gtp)
    services.refuser_correction(correction, motif="L'acte joint ne concerne pas le titulaire.", acteur=gtp)
    certificat.refresh_from_db()
    assert certificat.edition == 1 and certificat.titulaire_nom != "DURAND"
    with pytest.raises(RegleViolee, match="R-CERT-04"):
        services.approuver_correction(correction, acteur=gtp)  # decided once


def test_a_revoked_certificate_is_not_corrected():
    certificat, territoriale, gtp = outils.certificat_valide()
    correction = demander(certificat, territoriale)
    services.revoquer(certificat, motif="Fraude.", acteur=gtp)
    with pytest.raises(RegleViolee, match="révoqué"):
        services.approuver_correction(correction, acteur=gtp)


def test_another_territoriale_neither_asks_nor_sees_a_correction_ACCES():
    certificat, territoriale, _ = outils.certificat_valide()
    correction = demander(certificat, territoriale)
    autre = jo.territoriale(TerritorialeFactory(departement="38"))
    with pytest.raises((AccesRefuse, Introuvable)):
        demander(certificat, autre, titulaire_nom="Autre")
    with pytest.raises(Introuvable):
        services.correction_visible(correction.pk, autre)


def test_the_correction_through_the_pages_and_the_api(client: Client):
    certificat, territoriale, gtp = outils.certificat_valide()
    connecter(client, territoriale)
    champs = {
        "titulaire_nom": "Durand",
        "titulaire_prenoms": certificat.titulaire_prenoms,
        "date_naissance": "1990-05-18",
        "lieu_naissance": certificat.lieu_naissance,
        "motif": "Erreur de saisie du nom.",
    }
    fichier = ContentFile(outils.PDF, name="acte.pdf")
    reponse = client.post(
        f"/attributions/certificats/{certificat.pk}/correction/demander/", {**champs, "justificatif": fichier}
    )
    assert reponse.status_code == 302
    page = client.get(f"/attributions/certificats/{certificat.pk}/").content.decode()
    assert "Erreur de saisie du nom." in page and certificat.code_verification in page
    correction = certificat.corrections.get()
    assert (
        client.get(f"/attributions/certificats/{certificat.pk}/corrections/{correction.pk}/justificatif").status_code
        == 200
    )
    refus = client.post(f"/attributions/certificats/{certificat.pk}/correction/demander/", champs)
    assert refus.status_code == 422 and "justificatif" in refus.content.decode()
    api = connecter(Client(), gtp, verifie=True)  # the secretariat acts after its second factor
    reponse = api.post(f"/api/v1/corrections-certificats/{correction.pk}/approbation")
    assert reponse.status_code == 200 and reponse.json()["statut"] == "approuvee"
    lu = client.get(f"/api/v1/certificats/{certificat.pk}").json()
    assert (lu["edition"], lu["titulaire_nom"], lu["code_verification"]) == (2, "DURAND", certificat.code_verification)
