"""« Registered in the RNCP today » counts in Paris, like every rule (R-ACC-02): at 23:30 UTC on the last day of the
registration, it is already the next day in Paris."""

import datetime

import pytest
import time_machine

from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db

FIN = datetime.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("instant_utc", "inscrite"),
    [
        ("2026-12-31T22:30:00+00:00", True),  # 23:30 in Paris: the last day
        ("2026-12-31T23:30:00+00:00", False),  # 00:30 on 1 January in Paris: the day after
    ],
)
def test_today_is_the_day_in_paris_for_the_rncp_registration_R_ACC_02(instant_utc, inscrite):
    q = QualificationFactory(code_rncp="28245", rncp_debut=datetime.date(2021, 1, 1), rncp_fin=FIN)
    with time_machine.travel(datetime.datetime.fromisoformat(instant_utc), tick=False):
        assert q.est_inscrite_rncp() is inscrite
