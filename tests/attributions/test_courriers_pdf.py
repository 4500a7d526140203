"""The letters recorded after the GTP's decision, and the Annex 5 request, rendered from the records (R-LET-01 to
04, R-GTP-01), through the documents module, the pages and the API."""

import pytest
from django.test import Client

from cqpm.attributions import documents, services
from cqpm.attributions.enums import NatureCourrier
from cqpm.attributions.models import Courrier
from cqpm.comptes.enums import Role
from cqpm.core.dates import ajouter_mois
from cqpm.documents.attributions import LettreAcquisitionPartielle, LettreAttribution, LettreNonAdmission
from cqpm.documents.rendu import date_longue
from tests.api.conftest import connecter, jeton_de, utilisateur
from tests.attributions import outils
from tests.documents.test_etat_recapitulatif import texte
from tests.factories import TerritorialeFactory

pytestmark = pytest.mark.django_db


def _decidee(valider=True, **kwargs):
    demande, territoriale = outils.envoyee(**kwargs)
    gtp = outils.secretariat()
    services.inscrire_a_seance(demande, seance=outils.seance(outils.jour_seance()), acteur=gtp)
    for cible in demande.cibles.all():
        services.decider(cible, valider=valider, motif="" if valider else "Pièces non conformes.", acteur=gtp)
    return demande, territoriale


def test_the_award_letters_name_the_certification_and_the_seance_R_LET_01():
    demande, territoriale = _decidee()
    for courrier in Courrier.objects.filter(nature=NatureCourrier.ATTRIBUTION):
        lettre = documents.lettre(courrier)
        assert isinstance(lettre, LettreAttribution)
        assert lettre.date_seance_gtp == outils.jour_seance() and lettre.signataire.nom == "Paul Président"
        _, pdf = documents.pdf_courrier(courrier.pk, acteur=territoriale)
        lu = texte(pdf)
        assert demande.jury.qualification.intitule in lu and date_longue(outils.jour_seance()) in lu


def test_a_partial_acquisition_letter_gives_the_retention_deadline_and_the_passeport_site_R_LET_03_R_LET_04():
    demande, territoriale = _decidee(valider=False)  # every capacity acquired, the CQPM not awarded
    courrier = Courrier.objects.get(nature=NatureCourrier.ACQUISITION_PARTIELLE)
    lettre = documents.lettre(courrier)
    assert isinstance(lettre, LettreAcquisitionPartielle)
    assert lettre.fin_conservation == ajouter_mois(demande.jury.date, 24)
    lu = texte(documents.pdf_courrier(courrier.pk, acteur=territoriale)[1])
    assert date_longue(lettre.fin_conservation) in lu and "moncompteformation.gouv.fr" in lu


def test_a_non_admission_letter_is_rendered_R_LET_02():
    j, _, acteur = outils.jury_signe((False,) * 6, decision="NA")
    demande = services.creer_demande(j, acteur=acteur)
    outils.complete(demande, acteur)
    services.envoyer(demande, acteur=acteur)
    gtp = outils.secretariat()
    services.inscrire_a_seance(demande, seance=outils.seance(outils.jour_seance()), acteur=gtp)
    services.cloturer(demande, acteur=gtp)
    courrier = Courrier.objects.get()
    assert isinstance(documents.lettre(courrier), LettreNonAdmission)
    assert texte(documents.pdf_courrier(courrier.pk, acteur=acteur)[1])


def test_the_annex_5_letter_is_generated_from_the_request_R_GTP_01(client: Client):
    demande, territoriale = outils.envoyee()
    lettre = documents.attestation(demande)
    assert [q.numero for q in lettre.qualifications] == [demande.jury.qualification.numero]
    connecter(client, territoriale)
    page = client.get(f"/attributions/{demande.pk}/attestation.pdf")
    assert page.status_code == 200 and demande.jury.qualification.numero in texte(page.content)
    api = Client().get(f"/api/v1/attributions/{demande.pk}/attestation.pdf", headers=jeton_de(territoriale))
    assert api.status_code == 200 and api["Content-Type"] == "application/pdf"


def test_letters_and_certificates_download_from_page_and_api_only_in_the_perimeter(client: Client):
    demande, territoriale = _decidee()
    courrier = Courrier.objects.filter(nature=NatureCourrier.ATTRIBUTION).first()
    certificat = demande.cibles.get().certificat
    connecter(client, territoriale)
    assert f"/attributions/courriers/{courrier.pk}.pdf" in client.get(f"/attributions/{demande.pk}/").content.decode()
    assert client.get(f"/attributions/courriers/{courrier.pk}.pdf").status_code == 200
    entete = jeton_de(territoriale)
    assert Client().get(f"/api/v1/courriers/{courrier.pk}.pdf", headers=entete).status_code == 200
    assert Client().get(f"/api/v1/certificats/{certificat.pk}.pdf", headers=entete).status_code == 200
    autre = jeton_de(utilisateur(Role.TERRITORIALE, TerritorialeFactory(departement="13")))
    for chemin in (
        f"/api/v1/courriers/{courrier.pk}.pdf",
        f"/api/v1/certificats/{certificat.pk}.pdf",
        f"/api/v1/attributions/{demande.pk}/attestation.pdf",
    ):
        assert Client().get(chemin, headers=autre).status_code == 404, chemin


def test_the_document_pages_answer_404_outside_the_perimeter(client: Client):
    demande, _ = _decidee()
    courrier = Courrier.objects.filter(nature=NatureCourrier.ATTRIBUTION).first()
    certificat = demande.cibles.get().certificat
    connecter(client, utilisateur(Role.TERRITORIALE, TerritorialeFactory(departement="13")))
    for chemin in (
        f"/attributions/courriers/{courrier.pk}.pdf",
        f"/attributions/certificats/{certificat.pk}.pdf",
        f"/attributions/{demande.pk}/attestation.pdf",
        "/attributions/certificats/999999.pdf",
    ):
        assert client.get(chemin).status_code == 404, chemin
