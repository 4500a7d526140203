"""CPREFP information (R-JURY-07), convocations (R-JURY-08), calendar moves, anonymous codes (R-JURY-06)."""

from __future__ import annotations

import datetime

import pytest

from cqpm.core.errors import RegleViolee
from cqpm.core.models import CourrielEnvoye
from cqpm.jurys import services
from cqpm.jurys.enums import EtatJury, MotifInformation
from cqpm.jurys.models import Convocation, InformationCprefp
from tests.jurys.outils import composer, evaluee, jours, jury, membre, unions

pytestmark = pytest.mark.django_db


def courriels_a(adresse):
    return [c for c in CourrielEnvoye.objects.all() if adresse in c.destinataires]


@pytest.fixture
def inscrit():
    unions(2)
    return evaluee()


def pret(inscrit, date, demande_le=None):
    i, acteur = inscrit
    j = jury(acteur, date=date, inscription=i)
    composer(j, acteur, le=demande_le)
    return j, acteur


def test_cprefp_notice_is_dated_and_keeps_the_composition_R_JURY_07(inscrit):
    j, acteur = pret(inscrit, jours(20))
    info = services.informer_cprefp(j, acteur=acteur)
    assert info.motif == MotifInformation.INITIALE
    assert info.envoyee_le is not None
    assert {m["nom"] for m in info.contenu["membres"]} >= {"Paul Président", "Syndiqué 0", "Théo Tuteur"}
    assert courriels_a("cprefp@exemple.fr")
    with pytest.raises(RegleViolee) as e:
        services.informer_cprefp(j, acteur=acteur)
    assert e.value.rule == "R-JURY-07"


def test_each_composition_change_needs_a_new_notice_before_convocation_R_JURY_07(inscrit):
    j, acteur = pret(inscrit, jours(20))
    services.informer_cprefp(j, acteur=acteur)
    services.designer_membre_patronal(j, membre("Nouveau patron"), acteur=acteur)
    with pytest.raises(RegleViolee) as e:
        services.convoquer(j, acteur=acteur)
    assert e.value.rule == "R-JURY-07"
    assert services.informer_cprefp(j, acteur=acteur).motif == MotifInformation.COMPOSITION
    services.convoquer(j, acteur=acteur)
    assert InformationCprefp.objects.filter(jury=j).count() == 2


def test_a_calendar_change_is_notified_again_R_JURY_07(inscrit):
    j, acteur = pret(inscrit, jours(20))
    services.informer_cprefp(j, acteur=acteur)
    services.modifier_date(j, date=jours(30), acteur=acteur)
    assert services.informer_cprefp(j, acteur=acteur).motif == MotifInformation.CALENDRIER


def test_convocation_15_days_before_goes_to_member_and_union_branch_R_JURY_08(inscrit):
    j, acteur = pret(inscrit, jours(15))
    services.informer_cprefp(j, acteur=acteur)
    convocations = services.convoquer(j, acteur=acteur)
    j.refresh_from_db()
    assert j.etat == EtatJury.CONVOQUE and j.convoque_le == jours(0)
    assert len(convocations) == j.membres.count()
    (courriel,) = [c for c in courriels_a("branche0@exemple.fr") if c.sujet.startswith("Convocation")]
    assert "au moins 8 jours calendaires" in courriel.corps


def test_convocation_14_days_before_is_refused_R_JURY_08(inscrit):
    j, acteur = pret(inscrit, jours(14), demande_le=jours(-5))
    services.informer_cprefp(j, acteur=acteur)
    with pytest.raises(RegleViolee) as e:
        services.convoquer(j, acteur=acteur)
    assert e.value.rule == "R-JURY-08"
    assert not Convocation.objects.exists()


def test_no_convocation_without_president_R_JURY_05(inscrit):
    i, acteur = inscrit
    j = jury(acteur, date=jours(20), inscription=i)
    services.demander_designations(j, acteur=acteur)
    services.designer_membre_patronal(j, membre(), acteur=acteur)
    services.informer_cprefp(j, acteur=acteur)
    with pytest.raises(RegleViolee) as e:
        services.convoquer(j, acteur=acteur)
    assert e.value.rule == "R-JURY-05"


def convoque_le(inscrit, date, le):
    j, acteur = pret(inscrit, date, demande_le=le - datetime.timedelta(days=1))
    services.informer_cprefp(j, acteur=acteur)
    services.convoquer(j, le=le, acteur=acteur)
    return j, acteur


def test_a_member_designated_after_the_convocations_is_convened_15_days_ahead_R_JURY_08(inscrit):
    j, acteur = convoque_le(inscrit, jours(15), jours(0))
    nouveau = services.designer_membre_patronal(j, membre("Retardataire"), acteur=acteur)
    assert list(services.membres_a_convoquer(j)) == [nouveau]
    with pytest.raises(RegleViolee) as e:
        services.convoquer_membre(nouveau, acteur=acteur)
    assert e.value.rule == "R-JURY-07"
    assert services.informer_cprefp(j, acteur=acteur).motif == MotifInformation.COMPOSITION
    convocation = services.convoquer_membre(nouveau, acteur=acteur)
    assert convocation.envoyee_le == jours(0)
    assert not services.membres_a_convoquer(j).exists()
    (courriel,) = [c for c in courriels_a(nouveau.courriel) if c.sujet.startswith("Convocation")]
    assert "au moins 8 jours calendaires" in courriel.corps
    with pytest.raises(RegleViolee) as e:
        services.convoquer_membre(nouveau, acteur=acteur)
    assert e.value.code == "deja_convoque"


def test_composition_is_fixed_once_convened_less_than_15_days_ahead_R_JURY_08(inscrit):
    j, acteur = convoque_le(inscrit, jours(14), jours(-1))
    with pytest.raises(RegleViolee) as e:
        services.designer_membre_patronal(j, membre("Retardataire"), acteur=acteur)
    assert (e.value.rule, e.value.code) == ("R-JURY-08", "composition_figee")
    with pytest.raises(RegleViolee) as e:
        services.retirer_membre(j.membres.get(nom="Marc Patron"), acteur=acteur)
    assert e.value.code == "composition_figee"


def test_candidates_get_anonymous_codes_R_JURY_06(inscrit):
    i, acteur = inscrit
    j = jury(acteur, inscription=i)
    c = services.presenter_candidat(j, i, acteur=acteur)
    assert c.code == f"J{j.pk}-01"
    assert services.nom_affiche(c) == c.code
    assert i.candidat.nom not in services.nom_affiche(c)


def test_a_candidate_without_finished_evaluation_is_refused_R_EVAL_04(inscrit):
    from tests.evaluations import outils as ev

    i, acteur = inscrit
    autre = ev.inscription(centre_examen=i.centre_examen, version=i.version, qualification=i.qualification)
    with pytest.raises(RegleViolee) as e:
        services.presenter_candidat(jury(acteur, inscription=i), autre, acteur=acteur)
    assert e.value.rule == "R-EVAL-04"


def test_date_moves_before_results_only(inscrit):
    i, acteur = inscrit
    j = jury(acteur, inscription=i)
    services.modifier_date(j, date=jours(25), acteur=acteur)
    j.refresh_from_db()
    assert j.date == jours(25)
    assert jours(25) - j.date == datetime.timedelta(0)
