"""Scheduled proposals of veille and suppression (R-LC-SUP-03), run with a frozen clock across month ends and
29 February: raised on the day the period runs out and not before, by the GTP, on the next séance's agenda, once,
and never decided by the job."""

from __future__ import annotations

import calendar
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from cqpm.audit.services import historique
from cqpm.core.dates import ajouter_annees
from cqpm.cycle_de_vie import propositions, services
from cqpm.cycle_de_vie.enums import IssuePoint, OrigineDemande, StatutDemande, TypeDemande
from cqpm.cycle_de_vie.models import Decision, Demande
from cqpm.cycle_de_vie.propositions import proposer
from cqpm.gtp import services as gtp
from cqpm.referentiels.enums import Liste, StatutQualification
from cqpm.referentiels.models import InscriptionListe
from tests.cycle_de_vie.outils import a_la_date
from tests.factories import QualificationFactory, VersionFactory

D = datetime.date
UN_JOUR = datetime.timedelta(days=1)
LIEU = "56 avenue de Wagram, Paris"


@given(st.dates(max_value=D(9000, 12, 31)), st.integers(min_value=1, max_value=50))
def test_adding_years_keeps_the_month_and_turns_feb_29_into_feb_28_R_LC_SUP_03(jour, annees):
    resultat = ajouter_annees(jour, annees)
    assert (resultat.year, resultat.month) == (jour.year + annees, jour.month)
    assert resultat.day == min(jour.day, calendar.monthrange(resultat.year, resultat.month)[1])


@given(st.dates(max_value=D(9000, 12, 31)), st.dates(max_value=D(9000, 12, 31)))
def test_adding_years_preserves_the_order_of_dates_R_LC_SUP_03(premier, second):
    premier, second = sorted((premier, second))
    assert ajouter_annees(premier, 3) <= ajouter_annees(second, 3)


def proposer_le(jour: datetime.date) -> list[Demande]:
    with a_la_date(jour):
        return proposer(jour)


ECHEANCES_3_ANS = [
    (D(2021, 1, 31), D(2024, 1, 31)),
    (D(2021, 2, 28), D(2024, 2, 28)),
    (D(2020, 2, 29), D(2023, 2, 28)),
    (D(2021, 12, 31), D(2024, 12, 31)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("creation", "echeance"), ECHEANCES_3_ANS)
def test_veille_proposed_at_exactly_three_years_without_use_not_the_day_before_R_LC_SUP_03(creation, echeance):
    q = QualificationFactory(date_creation=creation)
    assert proposer_le(echeance - UN_JOUR) == []
    [demande] = proposer_le(echeance)
    assert (demande.qualification, demande.type, demande.origine) == (q, TypeDemande.MISE_EN_VEILLE, "gtp")
    assert demande.statut == StatutDemande.SOUMISE
    assert f"depuis le {creation:%d/%m/%Y}" in demande.motif
    assert f"au {echeance:%d/%m/%Y}" in demande.motif
    assert "R-LC-SUP-03" in demande.motif
    assert historique(demande).filter(action="demande.proposition_automatique", regle="R-LC-SUP-03").exists()


@pytest.mark.django_db
def test_a_referential_revised_less_than_three_years_ago_counts_as_use_R_LC_SUP_03():
    q = QualificationFactory(date_creation=D(2015, 6, 1))
    VersionFactory(qualification=q, numero=2, date_decision=D(2022, 3, 31), date_application=D(2022, 3, 31))
    assert propositions.derniere_utilisation(q) == D(2022, 3, 31)
    assert proposer_le(D(2025, 3, 30)) == []
    assert len(proposer_le(D(2025, 3, 31))) == 1


@pytest.mark.django_db
def test_a_registration_source_postpones_the_proposal_R_LC_SUP_03(monkeypatch):
    q = QualificationFactory(date_creation=D(2015, 6, 1))
    inscriptions = {q.pk: D(2023, 5, 10)}
    sources = [*propositions.SOURCES_UTILISATION, lambda qualification: inscriptions.get(qualification.pk)]
    monkeypatch.setattr(propositions, "SOURCES_UTILISATION", sources)
    assert proposer_le(D(2026, 5, 9)) == []
    assert len(proposer_le(D(2026, 5, 10))) == 1


@pytest.mark.django_db
def test_second_run_proposes_nothing_while_the_proposal_is_open_R_LC_SUP_03():
    QualificationFactory(date_creation=D(2020, 2, 29))
    assert len(proposer_le(D(2023, 2, 28))) == 1
    assert proposer_le(D(2023, 2, 28)) == []
    assert proposer_le(D(2023, 3, 1)) == []
    assert Demande.objects.count() == 1


@pytest.mark.django_db
def test_a_cqpm_under_another_open_request_is_skipped_gracefully_R_LC_SUP_03(secretariat):
    q = QualificationFactory(date_creation=D(2015, 6, 1))
    with a_la_date(D(2024, 1, 5)):
        services.creer_demande(
            TypeDemande.MISE_EN_VEILLE, acteur=secretariat, par_le_gtp=True, qualification=q, motif="Désuétude."
        )
    assert proposer_le(D(2024, 1, 5)) == []
    assert Demande.objects.count() == 1


@pytest.mark.django_db
def test_the_job_never_decides_the_cqpm_stays_in_force_R_LC_SUP_03():
    q = QualificationFactory(date_creation=D(2019, 8, 31))
    [demande] = proposer_le(D(2022, 8, 31))
    q.refresh_from_db()
    assert q.statut == StatutQualification.EN_VIGUEUR
    assert demande.statut == StatutDemande.SOUMISE
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_proposal_goes_on_the_next_planned_seance_agenda_R_LC_SUP_03(secretariat):
    with a_la_date(D(2024, 4, 1)):
        passee = gtp.creer_seance(date=D(2024, 3, 28), lieu=LIEU, acteur=secretariat)
        suivante = gtp.creer_seance(date=D(2024, 5, 31), lieu=LIEU, acteur=secretariat)
        gtp.creer_seance(date=D(2024, 9, 30), lieu=LIEU, acteur=secretariat)
    QualificationFactory(date_creation=D(2021, 4, 30))
    [demande] = proposer_le(D(2024, 4, 30))
    [point] = demande.points_ordre_du_jour.all()
    assert (point.seance, point.issue) == (suivante, IssuePoint.A_EXAMINER)
    assert not passee.points.exists()
    assert propositions.point_inscrit(demande) == point


@pytest.mark.django_db
def test_without_a_planned_seance_the_proposal_waits_submitted_R_LC_SUP_03():
    QualificationFactory(date_creation=D(2021, 4, 30))
    [demande] = proposer_le(D(2024, 4, 30))
    assert demande.statut == StatutDemande.SOUMISE
    assert not demande.points_ordre_du_jour.exists()


def mettre_en_veille(secretariat, *, creation: datetime.date, seance_le: datetime.date):
    """A CQPM unused since `creation`, proposed for veille by the job and put in veille by the GTP on `seance_le`."""
    q = QualificationFactory(date_creation=creation)
    InscriptionListe.objects.create(qualification=q, liste=Liste.A, debut=creation)
    echeance = ajouter_annees(creation, 3)
    with a_la_date(echeance):
        seance = gtp.creer_seance(date=seance_le, lieu=LIEU, acteur=secretariat)
    [demande] = proposer_le(echeance)
    with a_la_date(seance_le):
        services.declarer_complete(demande, acteur=secretariat)
        services.decider(demande, seance=seance, favorable=True, motif="", acteur=secretariat)
    q.refresh_from_db()
    assert q.statut == StatutQualification.EN_VEILLE
    return q


@pytest.mark.django_db
def test_veille_for_two_years_leads_to_a_suppression_proposal_R_LC_SUP_03(secretariat):
    q = mettre_en_veille(secretariat, creation=D(2021, 2, 1), seance_le=D(2024, 2, 29))
    assert propositions.debut_de_veille(q) == D(2024, 2, 29)
    assert proposer_le(D(2026, 2, 27)) == []
    [demande] = proposer_le(D(2026, 2, 28))
    assert (demande.type, demande.origine) == (TypeDemande.SUPPRESSION, OrigineDemande.GTP)
    assert "en veille depuis le 29/02/2024" in demande.motif
    assert proposer_le(D(2026, 3, 1)) == []
    q.refresh_from_db()
    assert q.statut == StatutQualification.EN_VEILLE


@pytest.mark.django_db
def test_veille_decided_before_the_product_counts_from_the_withdrawal_from_liste_a_R_LC_SUP_03():
    q = QualificationFactory(date_creation=D(2010, 1, 1), statut=StatutQualification.EN_VEILLE)
    InscriptionListe.objects.create(qualification=q, liste=Liste.A, debut=D(2010, 1, 1), fin=D(2023, 10, 31))
    assert proposer_le(D(2025, 10, 30)) == []
    [demande] = proposer_le(D(2025, 10, 31))
    assert demande.type == TypeDemande.SUPPRESSION


@pytest.mark.django_db
def test_a_proposal_turned_down_by_the_gtp_restarts_the_period_R_LC_SUP_03(secretariat):
    QualificationFactory(date_creation=D(2020, 6, 30))
    with a_la_date(D(2023, 6, 30)):
        seance = gtp.creer_seance(date=D(2023, 7, 31), lieu=LIEU, acteur=secretariat)
    [demande] = proposer_le(D(2023, 6, 30))
    with a_la_date(D(2023, 7, 31)):
        services.declarer_complete(demande, acteur=secretariat)
        services.decider(demande, seance=seance, favorable=False, motif="Encore utile.", acteur=secretariat)
    assert proposer_le(D(2023, 8, 1)) == []
    assert proposer_le(D(2026, 7, 30)) == []
    assert len(proposer_le(D(2026, 7, 31))) == 1


@pytest.mark.django_db
def test_command_reports_the_proposals_in_french_R_LC_SUP_03(secretariat):
    q = QualificationFactory(date_creation=D(2021, 11, 30))
    with a_la_date(D(2024, 11, 30)):
        gtp.creer_seance(date=D(2024, 12, 13), lieu=LIEU, acteur=secretariat)
        sortie = StringIO()
        call_command("proposer_veilles_suppressions", "--date", "2024-11-30", stdout=sortie)
    texte = sortie.getvalue()
    assert "1 proposition(s) déposée(s) au nom du GTP au 30/11/2024 (R-LC-SUP-03)" in texte
    assert f"mise en veille de « {q} »" in texte
    assert "séance du GTP « Qualifications » du 13/12/2024 (point 1)" in texte
    again = StringIO()
    call_command("proposer_veilles_suppressions", "--date", "2024-11-30", stdout=again)
    assert "Aucune mise en veille ni suppression à proposer au 30/11/2024" in again.getvalue()


@pytest.mark.django_db
def test_daily_tasks_use_todays_date_from_the_clock_R_LC_SUP_03():
    QualificationFactory(date_creation=D(2021, 3, 31))
    sortie = StringIO()
    with a_la_date(D(2024, 3, 30)):
        call_command("taches_quotidiennes", stdout=sortie)
    assert "Aucune réactivation arrivée à échéance au 30/03/2024" in sortie.getvalue()
    assert "Aucune mise en veille ni suppression à proposer au 30/03/2024" in sortie.getvalue()
    sortie = StringIO()
    with a_la_date(D(2024, 3, 31)):
        call_command("taches_quotidiennes", stdout=sortie)
    assert "1 proposition(s) déposée(s) au nom du GTP au 31/03/2024" in sortie.getvalue()
    assert Demande.objects.get().type == TypeDemande.MISE_EN_VEILLE
