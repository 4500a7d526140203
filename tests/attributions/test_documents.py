"""The certificate PDF built from the records (R-GTP-03, R-CERT-04): what was fixed at validation, the jury's
president, the category; its QR code leads to the public verification page."""

import pytest
from django.test import Client

from cqpm.attributions import documents, services
from cqpm.attributions.models import Certificat
from cqpm.documents.attributions import GenreCertificat
from tests.api.conftest import connecter
from tests.attributions import outils

pytestmark = pytest.mark.django_db


def _certificat(**kwargs):
    demande, territoriale = outils.envoyee(**kwargs)
    gtp = outils.secretariat()
    services.inscrire_a_seance(demande, seance=outils.seance(outils.jour_seance()), acteur=gtp)
    for cible in demande.cibles.all():
        services.decider(cible, valider=True, acteur=gtp)
    return territoriale


def test_the_certificate_prints_what_the_award_fixed_R_CERT_04():
    _certificat()
    c = Certificat.objects.get()
    d = documents.certificat(c, url_verification=f"https://cqpm.example/verification/{c.jeton}/")
    assert (d.genre, d.numero, d.date_seance_gtp, d.date_jury) == (
        GenreCertificat.CQPM,
        c.numero,
        c.fait_le,
        c.date_jury,
    )
    assert d.president_jury == "Paul Président"
    assert d.categorie == c.cible.candidat.inscription.version.categorie


def test_the_cqpi_certificate_names_the_cqpm_obtained_R_GTP_03():
    _certificat(cqpi=outils.cqpi())
    c = Certificat.objects.get(nature="cqpi")
    d = documents.certificat(c, url_verification="https://cqpm.example/v/")
    assert d.cqpm_correspondant == c.cible.demande.jury.qualification.intitule
    assert d.numero_qualification.startswith("MQ ")


def test_the_exam_centre_downloads_the_pdf_R_CERT_04(client: Client):
    territoriale = _certificat()
    c = Certificat.objects.get()
    connecter(client, territoriale)
    reponse = client.get(f"/attributions/certificats/{c.pk}.pdf")
    assert reponse.status_code == 200 and reponse.content.startswith(b"%PDF")
