"""When a document of limited retention may be purged (R-ARCH-01): kept through the year of validation and the 2
calendar years that follow it (5 for an RNCP CQPM or bloc), purged from the 1st of January after."""

import datetime

import pytest

from cqpm.archives import rules

D = datetime.date


@pytest.mark.parametrize(
    ("validation", "rncp", "purge"),
    [
        (D(2023, 1, 1), False, D(2026, 1, 1)),
        (D(2023, 12, 31), False, D(2026, 1, 1)),
        (D(2024, 1, 1), False, D(2027, 1, 1)),
        (D(2023, 12, 31), True, D(2029, 1, 1)),
        (D(2024, 1, 1), True, D(2030, 1, 1)),
    ],
)
def test_the_purge_date_counts_calendar_years_after_the_year_of_validation_R_ARCH_01(validation, rncp, purge):
    assert rules.date_purge(validation, rncp=rncp) == purge


@pytest.mark.parametrize(
    ("le", "expire"),
    [(D(2025, 12, 30), False), (D(2025, 12, 31), False), (D(2026, 1, 1), True), (D(2026, 1, 2), True)],
)
def test_a_non_rncp_document_expires_on_the_first_of_january_R_ARCH_01(le, expire):
    assert rules.est_expire(D(2023, 6, 15), rncp=False, le=le) is expire


@pytest.mark.parametrize(
    ("le", "expire"),
    [(D(2028, 12, 31), False), (D(2029, 1, 1), True), (D(2026, 1, 1), False)],
)
def test_an_rncp_document_is_kept_five_years_R_ARCH_01(le, expire):
    assert rules.est_expire(D(2023, 6, 15), rncp=True, le=le) is expire


def test_the_reason_names_the_rule_and_the_last_day_kept_R_ARCH_01():
    motif = rules.motif_expiration(D(2023, 6, 15), rncp=True, origine="Jury du 15/06/2023")
    assert "31/12/2028" in motif and "5 années civiles" in motif and "RNCP" in motif and "(R-ARCH-01)" in motif
