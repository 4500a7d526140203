"""The GTP validates per target in a séance (R-GTP-02); a validation awards the numbered certificate (R-GTP-03,
R-ID-04, R-CERT-04); once every target is decided, the letters are recorded (R-LET-01 to 04)."""

import datetime

import pytest
from django.db import transaction

from cqpm.attributions import codes, services
from cqpm.attributions.enums import DecisionGtp, NatureCertificat, NatureCourrier, StatutDemande
from cqpm.attributions.models import Certificat, Courrier
from cqpm.attributions.tasks import valider_seance
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.candidats.enums import StatutInscription
from cqpm.core.dates import ajouter_annees, ajouter_mois
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.core.models import CourrielEnvoye
from cqpm.evaluations.models import AcquisAnterieur
from cqpm.referentiels.numeros import parse_mc
from tests.attributions import outils

pytestmark = pytest.mark.django_db


def _en_seance(date=None, **kwargs):
    demande, acteur = outils.envoyee(**kwargs)
    gtp = outils.secretariat()
    s = outils.seance(date or outils.jour_seance())
    return services.inscrire_a_seance(demande, seance=s, acteur=gtp), gtp, acteur


def test_validation_awards_a_numbered_certificate_R_GTP_03_R_ID_04_R_CERT_04(django_capture_on_commit_callbacks):
    demande, gtp, _ = _en_seance()
    cible = demande.cibles.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.decider(cible, valider=True, acteur=gtp)
    certificat = Certificat.objects.get(cible=cible)
    assert certificat.numero == f"MC {outils.jour_seance():%Y %m} 69 00001"
    assert parse_mc(certificat.numero).sequence == certificat.sequence == 1
    assert certificat.nature == NatureCertificat.CQPM
    assert certificat.fait_le == outils.jour_seance()
    assert certificat.date_jury == demande.jury.date
    candidat = cible.candidat.inscription.candidat
    assert certificat.titulaire_nom == candidat.nom.upper()
    assert certificat.lieu_naissance == "Lyon (69)"
    assert certificat.numero_qualification == demande.jury.qualification.numero
    assert codes.normaliser(certificat.jeton) == certificat.jeton  # a short typeable code (item 11)
    cible.refresh_from_db()
    assert cible.decision == DecisionGtp.VALIDEE and cible.decidee_par == gtp
    assert EntreeAudit.objects.filter(action=EvenementAudit.ATTRIBUTION_DECISION, objet_id=str(cible.pk)).exists()


def test_a_rncp_cqpm_gets_the_annex_9_certificate_R_GTP_03():
    demande, gtp, _ = _en_seance(rncp=True)
    services.decider(demande.cibles.get(), valider=True, acteur=gtp)
    assert Certificat.objects.get().nature == NatureCertificat.CQPM_RNCP


def test_numbers_follow_each_other_and_restart_each_year_R_ID_04():
    premiere, gtp, _ = _en_seance(outils.jour_seance())
    services.decider(premiere.cibles.get(), valider=True, acteur=gtp)
    with transaction.atomic():
        assert services.numero_certificat(outils.jour_seance(), "69").sequence == 2
        annee = outils.jour_seance().year + 1
        assert str(services.numero_certificat(datetime.date(annee, 1, 5), "2A")) == f"MC {annee} 01 2A 00001"


def test_not_validating_needs_a_motive_and_awards_nothing_R_GTP_02():
    demande, gtp, _ = _en_seance()
    cible = demande.cibles.get()
    with pytest.raises(RegleViolee) as refus:
        services.decider(cible, valider=False, motif="  ", acteur=gtp)
    assert refus.value.code == "motif_manquant"
    services.decider(cible, valider=False, motif="Feuille de présence non signée.", acteur=gtp)
    cible.refresh_from_db()
    assert cible.decision == DecisionGtp.NON_VALIDEE and not Certificat.objects.exists()
    courrier = Courrier.objects.get()
    assert courrier.nature == NatureCourrier.ACQUISITION_PARTIELLE  # every capacity acquired, CQPM not awarded


def test_only_the_gtp_secretariat_validates_ACCES():
    demande, _, territoriale = _en_seance()
    with pytest.raises(AccesRefuse):
        services.decider(demande.cibles.get(), valider=True, acteur=territoriale)


def test_a_request_outside_a_seance_is_not_decided_R_GTP_02():
    demande, _ = outils.envoyee()
    with pytest.raises(RegleViolee) as refus:
        services.decider(demande.cibles.get(), valider=True, acteur=outils.secretariat())
    assert refus.value.code == "demande_hors_seance"


def test_award_letters_go_to_candidate_and_company_R_LET_01(django_capture_on_commit_callbacks):
    demande, gtp, _ = _en_seance()
    cible = demande.cibles.get()
    candidat = cible.candidat.inscription.candidat
    candidat.courriel = "laureat@exemple.fr"
    candidat.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.decider(cible, valider=True, acteur=gtp)
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.EXAMINEE
    assert set(Courrier.objects.values_list("nature", "destinataire")) == {
        (NatureCourrier.ATTRIBUTION, "candidat"),
        (NatureCourrier.ATTRIBUTION, "entreprise"),
    }
    assert CourrielEnvoye.objects.filter(destinataires=["laureat@exemple.fr"]).exists()


def test_non_admission_letter_is_dated_the_day_of_the_seance_R_LET_02():
    j, _, acteur = outils.jury_signe((False,) * 6, decision="NA")
    demande = services.creer_demande(j, acteur=acteur)
    outils.complete(demande, acteur)
    services.envoyer(demande, acteur=acteur)
    gtp = outils.secretariat()
    s = outils.seance(outils.jour_seance())
    services.inscrire_a_seance(demande, seance=s, acteur=gtp)
    assert valider_seance.call(s.pk, gtp.pk) == 0  # no target: the task closes the request
    courrier = Courrier.objects.get()
    assert (courrier.nature, courrier.date, courrier.conservation_jusqu_au) == (
        NatureCourrier.NON_ADMISSION,
        outils.jour_seance(),
        None,
    )


@pytest.mark.parametrize("rncp", [False, True])
def test_partial_letter_carries_the_retention_deadline_R_LET_03_R_LET_04(rncp):
    demande, gtp, _ = _en_seance(acquises=(True, True, False, False, False, False), rncp=rncp)
    assert not demande.cibles.exists()
    services.cloturer(demande, acteur=gtp)
    courrier = Courrier.objects.get()
    date_jury = demande.jury.date
    attendu = ajouter_annees(date_jury, 5) if rncp else ajouter_mois(date_jury, 24)
    assert courrier.nature == NatureCourrier.ACQUISITION_PARTIELLE
    assert courrier.conservation_jusqu_au == attendu
    assert [c["numero"] for c in courrier.capacites] == [1, 2]


def test_a_certified_bloc_never_expires_R_LET_04():
    demande, gtp, _ = _en_seance(acquises=(True, True, True, True, False, False), rncp=True)
    cible = demande.cibles.get()
    services.decider(cible, valider=True, acteur=gtp)
    assert Certificat.objects.get().nature == NatureCertificat.BLOC
    acquis = AcquisAnterieur.objects.filter(candidat=cible.candidat.inscription.candidat)
    assert {a.capacite.numero: a.bloc_certifie for a in acquis} == {1: True, 2: True, 3: True, 4: False}
    courrier = Courrier.objects.get(nature=NatureCourrier.ACQUISITION_PARTIELLE)
    assert [c["numero"] for c in courrier.capacites] == [4]


def test_the_seance_task_validates_everything_and_resumes_after_a_crash_R_GTP_02(django_capture_on_commit_callbacks):
    demande, gtp, _ = _en_seance(cqpi=outils.cqpi())
    s = demande.seance
    premiere, seconde = demande.cibles.order_by("pk")
    services.decider(premiere, valider=True, acteur=gtp)  # decided before the crash
    assert services.progression(s) == (1, 2)
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        assert services.lancer_validation_seance(s, acteur=gtp) == 1
    assert len(rappels) == 1
    assert valider_seance.call(s.pk, gtp.pk) == 1
    assert valider_seance.call(s.pk, gtp.pk) == 0  # idempotent
    assert services.progression(s) == (2, 2)
    assert sorted(Certificat.objects.values_list("sequence", flat=True)) == [1, 2]
    seconde.refresh_from_db()
    assert seconde.decidee_par == gtp


def test_the_final_result_closes_the_registration_it_opened():
    demande, gtp, _ = _en_seance()
    cible = demande.cibles.get()
    inscription = cible.candidat.inscription
    assert inscription.statut == StatutInscription.EN_COURS
    services.decider(cible, valider=True, acteur=gtp)
    inscription.refresh_from_db()
    assert (inscription.statut, inscription.close_le) == (StatutInscription.CLOSE, outils.jour_seance())
    assert "décision du GTP" in inscription.motif_cloture
