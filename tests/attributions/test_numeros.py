"""Certificate numbers (R-ID-04, R-ID-05): format and parse round trip, widening past 99999, never wrapping."""

from hypothesis import given
from hypothesis import strategies as st

from cqpm.referentiels.numeros import NumeroCertificat, parse_mc

DEPARTEMENTS = st.sampled_from(["01", "2A", "2B", "69", "75", "971", "976"])


@given(st.integers(1987, 9999), st.integers(1, 12), DEPARTEMENTS, st.integers(1, 10**7))
def test_format_and_parse_round_trip_R_ID_04(annee, mois, departement, sequence):
    numero = NumeroCertificat(annee, mois, departement, sequence)
    assert parse_mc(str(numero)) == numero
    assert parse_mc(str(numero).lower()) == numero


def test_the_sequence_widens_never_wraps_R_ID_04():
    assert str(NumeroCertificat(2026, 11, "69", 99999)) == "MC 2026 11 69 99999"
    assert str(NumeroCertificat(2026, 11, "69", 100000)) == "MC 2026 11 69 100000"
    assert parse_mc("MC 2026 11 69 100000").sequence == 100000
