"""Pure rules: the 3-month delay before the commission (R-REG-02) and the retention windows of validated
capacities (R-LET-04, R-EVAL-06), probed at month ends and on 29 February."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqpm.candidats.enums import Parcours, VoieInscription
from cqpm.core.errors import RegleViolee
from cqpm.evaluations import rules
from cqpm.evaluations.rules import MembreSaisi

jours = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31))
fins_de_mois = st.sampled_from(
    [datetime.date(2024, 2, 29), datetime.date(2023, 8, 31), datetime.date(2024, 11, 30), datetime.date(2023, 12, 31)]
)


@given(inscrit=jours | fins_de_mois)
def test_commission_meets_three_months_after_registration_at_the_earliest_R_REG_02(inscrit):
    limite = rules.date_commission_au_plus_tot(inscrit)
    rules.verifier_delai_commission(Parcours.FORMATION_CONTINUE, inscrit, limite)
    with pytest.raises(RegleViolee) as exc:
        rules.verifier_delai_commission(Parcours.FORMATION_CONTINUE, inscrit, limite - datetime.timedelta(days=1))
    assert exc.value.rule == "R-REG-02"
    # Never later than 3 calendar months plus a few days, never in the following month (end-of-month clamp).
    assert (limite.year * 12 + limite.month) - (inscrit.year * 12 + inscrit.month) == 3
    assert limite.day <= inscrit.day


def test_three_months_after_30_november_is_28_or_29_february_R_REG_02():
    assert rules.date_commission_au_plus_tot(datetime.date(2023, 11, 30)) == datetime.date(2024, 2, 29)
    assert rules.date_commission_au_plus_tot(datetime.date(2022, 11, 30)) == datetime.date(2023, 2, 28)


@given(jury=jours | fins_de_mois, rncp=st.booleans(), decalage=st.integers(-3, 3))
def test_new_registration_within_24_months_or_5_years_keeps_capacities_R_LET_04(jury, rncp, decalage):
    fin = rules.fin_conservation(jury, cqpm_rncp=rncp)
    inscrit = fin + datetime.timedelta(days=decalage)
    d = rules.decision_report(date_jury=jury, date_inscription=inscrit, bloc_certifie=False, cqpm_rncp=rncp)
    assert d.reprise is (decalage <= 0)
    assert ("5 ans" if rncp else "24 mois") in d.raison
    if d.reprise:
        assert "nouvelle inscription demandée dans les" in d.raison
    else:
        assert "dépassé le" in d.raison


def test_windows_end_on_the_same_day_or_the_last_day_of_a_shorter_month_R_LET_04():
    assert rules.fin_conservation(datetime.date(2024, 2, 29), cqpm_rncp=False) == datetime.date(2026, 2, 28)
    assert rules.fin_conservation(datetime.date(2024, 2, 29), cqpm_rncp=True) == datetime.date(2029, 2, 28)
    assert rules.fin_conservation(datetime.date(2023, 8, 31), cqpm_rncp=False) == datetime.date(2025, 8, 31)
    d = rules.decision_report(
        date_jury=datetime.date(2020, 3, 3),
        date_inscription=datetime.date(2025, 1, 1),
        bloc_certifie=False,
        cqpm_rncp=False,
    )
    assert "délai de 24 mois dépassé le 4 mars 2022" in d.raison


@given(jury=jours, annees=st.integers(0, 60))
def test_a_bloc_certified_alone_never_expires_R_LET_04(jury, annees):
    inscrit = rules.ajouter_annees(jury, annees)
    d = rules.decision_report(date_jury=jury, date_inscription=inscrit, bloc_certifie=True, cqpm_rncp=False)
    assert d.reprise and "bloc certifié : acquis sans limite de durée" in d.raison


@pytest.mark.parametrize("bloc_certifie", [True, False])
@pytest.mark.parametrize(("decalage", "reprise"), [(-1, True), (0, True), (1, False)])
def test_a_jury_held_on_the_registration_day_is_an_earlier_jury_R_EVAL_06(bloc_certifie, decalage, reprise):
    """A jury the day before or the very day of the registration counts; a jury the day after is not earlier."""
    inscrit = datetime.date(2024, 5, 1)
    d = rules.decision_report(
        date_jury=inscrit + datetime.timedelta(days=decalage),
        date_inscription=inscrit,
        bloc_certifie=bloc_certifie,
        cqpm_rncp=True,
    )
    assert d.reprise is reprise
    assert ("postérieur à l'inscription : ce n'est pas un jury antérieur (R-EVAL-06)" in d.raison) is not reprise


@pytest.mark.parametrize(
    ("parcours", "entreprise", "voie", "accord", "exige"),
    [
        (Parcours.FORMATION_CONTINUE, True, VoieInscription.ENTREPRISE, False, True),
        (Parcours.FORMATION_CONTINUE, True, VoieInscription.DIRECTE, True, True),
        (Parcours.FORMATION_CONTINUE, True, VoieInscription.DIRECTE, False, False),
        (Parcours.VAE, True, VoieInscription.ENTREPRISE, True, False),
        (Parcours.FORMATION_CONTINUE, False, VoieInscription.ORGANISME_FORMATION, False, False),
    ],
)
def test_company_opinion_except_vae_and_without_employer_agreement_R_EVAL_03(parcours, entreprise, voie, accord, exige):
    assert (
        rules.avis_entreprise_exige(parcours=parcours, a_une_entreprise=entreprise, voie=voie, accord_employeur=accord)
        is exige
    )


def test_commission_has_several_qualified_members_R_EVAL_04():
    with pytest.raises(RegleViolee, match="plusieurs membres qualifiés") as exc:
        rules.verifier_membres([MembreSaisi("Paul", "Tuteur")])
    assert exc.value.rule == "R-EVAL-04"
    with pytest.raises(RegleViolee, match="qualité"):
        rules.verifier_membres([MembreSaisi("Paul", "Tuteur"), MembreSaisi("Léa", " ")])
    rules.verifier_membres([MembreSaisi("Paul", "Tuteur"), MembreSaisi("Léa", "Formatrice")])
