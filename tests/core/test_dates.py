"""Month arithmetic behind every délai of the Dispositif (R-REG-02: 3 months; R-LET-04: 24 months, 5 years)."""

from __future__ import annotations

import calendar
import datetime

from hypothesis import given
from hypothesis import strategies as st

from cqpm.core.dates import ajouter_annees, ajouter_mois, date_inexistante

D = datetime.date
DATES = st.dates(min_value=D(1900, 1, 1), max_value=D(9000, 12, 31))
MOIS = st.integers(min_value=-120, max_value=120)


@given(DATES, MOIS)
def test_adding_months_lands_in_the_right_month_on_the_same_day_or_the_last_one(jour, mois):
    resultat = ajouter_mois(jour, mois)
    assert (resultat.year - jour.year) * 12 + resultat.month - jour.month == mois
    assert resultat.day == min(jour.day, calendar.monthrange(resultat.year, resultat.month)[1])


@given(DATES, DATES, st.integers(min_value=0, max_value=120))
def test_a_later_start_never_gives_an_earlier_end(premier, second, mois):
    premier, second = sorted((premier, second))
    assert ajouter_mois(premier, mois) <= ajouter_mois(second, mois)


@given(DATES, st.integers(min_value=0, max_value=120))
def test_adding_months_never_goes_back_in_time(jour, mois):
    assert ajouter_mois(jour, mois) >= jour


def test_month_ends_and_leap_years():
    assert ajouter_mois(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert ajouter_mois(D(2027, 11, 30), 3) == D(2028, 2, 29)
    assert ajouter_mois(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert ajouter_mois(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert ajouter_mois(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert ajouter_mois(D(2024, 2, 29), 24) == D(2026, 2, 28)
    assert ajouter_annees(D(2024, 2, 29), 5) == D(2029, 2, 28)
    assert ajouter_annees(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert ajouter_mois(D(2026, 12, 15), 1) == D(2027, 1, 15)


def test_a_well_formed_date_that_is_not_in_the_calendar_is_said_not_to_exist():
    assert date_inexistante("2026-02-30") == "la date « 2026-02-30 » n'existe pas : ce mois-là compte 28 jours"
    assert date_inexistante("29/02/2024") is None
    assert date_inexistante("29/02/2025") == "la date « 29/02/2025 » n'existe pas : ce mois-là compte 28 jours"
    assert date_inexistante("2026-13-01") == "la date « 2026-13-01 » n'existe pas : il n'y a pas de mois 13"
    assert date_inexistante("2026-02") is None
