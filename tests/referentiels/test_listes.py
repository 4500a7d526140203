"""Dated list membership: liste A (R-LIST-01), B and C (R-LIST-02), withdrawal and history (R-LIST-03).

A stay is the half-open period [debut, fin): on the list from `debut` included, off it from `fin` included.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqpm.audit.services import historique
from cqpm.core.errors import RegleViolee
from cqpm.referentiels.enums import Liste, StatutQualification
from cqpm.referentiels.models import InscriptionListe
from cqpm.referentiels.rules import Periode
from cqpm.referentiels.services import (
    etait_sur_liste,
    inscrire_sur_liste,
    listes_au,
    retirer_de_liste,
    retirer_de_listes,
)
from tests.factories import QualificationFactory

J = datetime.date(2018, 1, 10)
UN_AN = datetime.timedelta(days=365)


@pytest.fixture
def cqpm(db):
    return QualificationFactory(statut=StatutQualification.EN_VIGUEUR)


@pytest.mark.django_db
def test_inscription_on_liste_a_is_dated_and_journaled_R_LIST_01(cqpm, acteur):
    inscrire_sur_liste(cqpm, Liste.A, J, acteur=acteur, motif="Création")
    assert etait_sur_liste(cqpm, Liste.A, J)
    assert not etait_sur_liste(cqpm, Liste.A, J - datetime.timedelta(days=1))
    assert listes_au(cqpm, J + UN_AN) == {Liste.A}
    assert historique(cqpm).filter(action="liste.inscription", regle="R-LIST-01").exists()


@pytest.mark.django_db
def test_a_qualification_in_projet_is_not_put_on_a_list_R_LIST_01(acteur):
    projet = QualificationFactory(statut=StatutQualification.PROJET, numero=None, sequence=None)
    with pytest.raises(RegleViolee) as exc:
        inscrire_sur_liste(projet, Liste.A, J, acteur=acteur)
    assert exc.value.rule == "R-LIST-01"


@pytest.mark.django_db
def test_liste_b_requires_liste_a_on_that_date_R_LIST_02(cqpm, acteur):
    with pytest.raises(RegleViolee) as exc:
        inscrire_sur_liste(cqpm, Liste.B, J, acteur=acteur)
    assert exc.value.rule == "R-LIST-02"
    inscrire_sur_liste(cqpm, Liste.A, J + UN_AN, acteur=acteur)
    with pytest.raises(RegleViolee):
        inscrire_sur_liste(cqpm, Liste.B, J, acteur=acteur)
    inscrire_sur_liste(cqpm, Liste.B, J + UN_AN, acteur=acteur, motif="Avis favorable du GTP")
    assert listes_au(cqpm, J + UN_AN) == {Liste.A, Liste.B}


@pytest.mark.django_db
def test_rncp_certification_goes_on_liste_b_without_liste_a_R_LIST_02(acteur):
    rncp = QualificationFactory(code_rncp="28245", rncp_debut=J, rncp_fin=J + 5 * UN_AN)
    inscrire_sur_liste(rncp, Liste.B, J, acteur=acteur)
    assert listes_au(rncp, J) == {Liste.B}
    with pytest.raises(RegleViolee) as exc:
        inscrire_sur_liste(QualificationFactory(code_rncp="1", rncp_debut=J + UN_AN), Liste.B, J, acteur=acteur)
    assert exc.value.rule == "R-LIST-02"


@pytest.mark.django_db
def test_liste_c_is_part_of_liste_b_R_LIST_02(cqpm, acteur):
    inscrire_sur_liste(cqpm, Liste.A, J, acteur=acteur)
    with pytest.raises(RegleViolee) as exc:
        inscrire_sur_liste(cqpm, Liste.C, J, acteur=acteur)
    assert exc.value.rule == "R-LIST-02"
    inscrire_sur_liste(cqpm, Liste.B, J, acteur=acteur)
    inscrire_sur_liste(cqpm, Liste.C, J, acteur=acteur)
    retirer_de_liste(cqpm, Liste.B, J + UN_AN, acteur=acteur, motif="Avis de la CPNEFP")
    assert listes_au(cqpm, J + UN_AN) == {Liste.A}


@pytest.mark.django_db
def test_withdrawal_closes_a_b_and_c_and_keeps_the_history_R_LIST_03(cqpm, acteur):
    for liste in (Liste.A, Liste.B, Liste.C):
        inscrire_sur_liste(cqpm, liste, J, acteur=acteur)
    fermees = retirer_de_listes(cqpm, J + UN_AN, acteur=acteur, motif="Mise en veille")
    assert sorted(i.liste for i in fermees) == ["A", "B", "C"]
    assert listes_au(cqpm, J + UN_AN) == set()
    assert listes_au(cqpm, J + UN_AN - datetime.timedelta(days=1)) == {Liste.A, Liste.B, Liste.C}
    assert InscriptionListe.objects.filter(qualification=cqpm).count() == 3
    assert historique(cqpm).filter(action="liste.retrait", regle="R-LIST-03").exists()


@pytest.mark.django_db
def test_list_stays_are_never_deleted_R_LIST_03(cqpm, acteur):
    inscription = inscrire_sur_liste(cqpm, Liste.A, J, acteur=acteur)
    with pytest.raises(RegleViolee) as exc:
        inscription.delete()
    assert exc.value.rule == "R-LIST-03"
    with pytest.raises(RegleViolee), transaction.atomic():
        InscriptionListe.objects.filter(pk=inscription.pk).delete()
    assert InscriptionListe.objects.filter(pk=inscription.pk).exists()


@pytest.mark.django_db
def test_qualification_in_veille_or_suppressed_cannot_be_listed_R_LIST_03(acteur):
    for statut in (StatutQualification.EN_VEILLE, StatutQualification.SUPPRIMEE):
        with pytest.raises(RegleViolee) as exc:
            inscrire_sur_liste(QualificationFactory(statut=statut), Liste.A, J, acteur=acteur)
        assert exc.value.rule == "R-LIST-03"


@pytest.mark.django_db
def test_stays_on_one_list_never_overlap_and_reactivation_reopens_R_LIST_03(cqpm, acteur):
    inscrire_sur_liste(cqpm, Liste.A, J, acteur=acteur)
    with pytest.raises(RegleViolee, match="déjà inscrite"):
        inscrire_sur_liste(cqpm, Liste.A, J + UN_AN, acteur=acteur)
    retirer_de_listes(cqpm, J + UN_AN, acteur=acteur)
    with pytest.raises(RegleViolee, match="déjà inscrite"):
        inscrire_sur_liste(cqpm, Liste.A, J, acteur=acteur)
    inscrire_sur_liste(cqpm, Liste.A, J + 2 * UN_AN, acteur=acteur, motif="Réactivation")
    assert [etait_sur_liste(cqpm, Liste.A, J + k * UN_AN) for k in (0, 1, 2)] == [True, False, True]


@pytest.mark.django_db
def test_withdrawal_cannot_precede_the_inscription_R_LIST_03(cqpm, acteur):
    inscrire_sur_liste(cqpm, Liste.A, J, acteur=acteur)
    with pytest.raises(RegleViolee) as exc:
        retirer_de_listes(cqpm, J - datetime.timedelta(days=1), acteur=acteur)
    assert exc.value.rule == "R-LIST-03"
    assert etait_sur_liste(cqpm, Liste.A, J + UN_AN)


dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(debut=dates, duree=st.one_of(st.none(), st.integers(0, 3000)), le=dates)
def test_a_stay_covers_its_first_day_not_its_withdrawal_day_R_LIST_03(debut, duree, le):
    fin = None if duree is None else debut + datetime.timedelta(days=duree)
    periode = Periode("A", debut, fin)
    assert periode.couvre(le) == (debut <= le and (fin is None or le < fin))
    assert periode.couvre(debut) == (fin is None or fin > debut)
    if fin is not None:
        assert not periode.couvre(fin)
        assert periode.couvre(fin - datetime.timedelta(days=1)) == (fin > debut)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(debut=dates, duree=st.integers(0, 3000), le=dates)
def test_etait_sur_liste_answers_like_the_period_for_any_date_R_LIST_03(cqpm, acteur, debut, duree, le):
    fin = debut + datetime.timedelta(days=duree)
    with transaction.atomic():
        inscrire_sur_liste(cqpm, Liste.A, debut, acteur=acteur)
        retirer_de_listes(cqpm, fin, acteur=acteur)
        assert etait_sur_liste(cqpm, Liste.A, le) == Periode("A", debut, fin).couvre(le)
        assert etait_sur_liste(cqpm, Liste.A, debut) == (duree > 0)
        assert not etait_sur_liste(cqpm, Liste.A, fin)
        assert listes_au(cqpm, le) == ({Liste.A} if debut <= le < fin else set())
        transaction.set_rollback(True)
