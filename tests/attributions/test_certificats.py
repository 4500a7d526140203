"""Certificates after the award: delivery (R-CERT-01), certified true copies (R-CERT-02), questionnaire (R-CERT-03),
revocation, public verification by token (R-CERT-04 data)."""

import datetime

import pytest

from cqpm.attributions import services
from cqpm.attributions.enums import Destinataire, ModeRemise
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.candidats.models import Inscription
from cqpm.core.errors import AccesRefuse, Introuvable, RegleViolee
from tests.attributions import outils
from tests.factories import TerritorialeFactory
from tests.jurys import outils as jo

pytestmark = pytest.mark.django_db


valide = outils.certificat_valide


def test_an_employee_certificate_goes_to_the_company_R_CERT_01():
    certificat, territoriale, _ = valide()
    certificat = services.remettre(
        certificat, mode=ModeRemise.RECOMMANDE_AR, le=datetime.date(2026, 12, 1), acteur=territoriale
    )
    assert (certificat.destinataire, certificat.mode_remise, certificat.remis_le) == (
        Destinataire.ENTREPRISE,
        ModeRemise.RECOMMANDE_AR,
        datetime.date(2026, 12, 1),
    )
    assert certificat.questionnaire_remis
    with pytest.raises(RegleViolee) as refus:
        services.remettre(certificat, mode=ModeRemise.MAIN_PROPRE, acteur=territoriale)
    assert refus.value.code == "deja_remis"


def test_a_job_seeker_receives_it_himself_R_CERT_01():
    certificat, territoriale, _ = valide()
    Inscription.objects.filter(pk=certificat.cible.candidat.inscription_id).update(
        type_beneficiaire="demandeur_emploi", entreprise=None, origine="DE", voie="directe", financement="CPF"
    )
    certificat = services.remettre(certificat, mode=ModeRemise.MAIN_PROPRE, acteur=territoriale)
    assert certificat.destinataire == Destinataire.CANDIDAT


def test_certified_copies_are_numbered_and_logged_R_CERT_02():
    certificat, territoriale, _ = valide()
    premiere = services.copie_certifiee(certificat, motif="Perte lors d'un déménagement.", acteur=territoriale)
    seconde = services.copie_certifiee(certificat, motif="Nouvelle perte.", acteur=territoriale)
    assert (premiere.rang, seconde.rang) == (1, 2)
    assert EntreeAudit.objects.filter(action=EvenementAudit.CERTIFICAT_COPIE).count() == 2


def test_questionnaire_answers_follow_the_handed_questionnaire_R_CERT_03():
    certificat, territoriale, _ = valide()
    with pytest.raises(RegleViolee) as refus:
        services.transmettre_reponses(certificat, reponses={"situation": "CDI"}, acteur=territoriale)
    assert refus.value.code == "questionnaire_non_remis"
    services.remettre(certificat, mode=ModeRemise.LETTRE_SIMPLE, acteur=territoriale)
    certificat = services.transmettre_reponses(certificat, reponses={"situation": "CDI"}, acteur=territoriale)
    assert certificat.reponses_questionnaire == {"situation": "CDI"}
    assert certificat.reponses_transmises_le is not None


def test_only_the_secretariat_revokes_and_says_why_R_CERT_04():
    certificat, territoriale, gtp = valide()
    with pytest.raises(AccesRefuse):
        services.revoquer(certificat, motif="Fraude", acteur=territoriale)
    certificat = services.revoquer(certificat, motif="Fraude aux évaluations.", acteur=gtp)
    assert certificat.revoque and certificat.revoque_par == gtp
    assert EntreeAudit.objects.filter(action=EvenementAudit.CERTIFICAT_REVOCATION).exists()


def test_another_territoriale_cannot_reach_the_certificate_ACCES():
    certificat, _, _ = valide()
    autre = jo.territoriale(TerritorialeFactory(departement="38"))
    with pytest.raises(Introuvable):
        services.certificat_visible(certificat.pk, autre)


def test_verification_by_token_valid_revoked_unknown_R_CERT_04():
    certificat, _, gtp = valide()
    v = services.verifier(certificat.jeton)
    assert (v.statut, v.numero, v.attribue_le) == ("valide", certificat.numero, outils.jour_seance())
    assert certificat.titulaire_nom in v.titulaire
    services.revoquer(certificat, motif="Fraude aux évaluations.", acteur=gtp)
    v = services.verifier(certificat.jeton)
    assert (v.statut, v.motif_revocation) == ("revoque", "Fraude aux évaluations.")
    assert services.verifier(certificat.numero).statut == "inconnu"  # no look-up by number
    assert services.verifier("x" * 500).statut == "inconnu"
