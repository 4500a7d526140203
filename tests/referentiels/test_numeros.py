"""Identification numbers (Dispositif section 3, R-ID-01 to R-ID-05): format, parse, validate."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cqpm.organisations.departements import DEPARTEMENTS
from cqpm.referentiels.numeros import (
    ANNEE_MIN,
    NumeroBloc,
    NumeroCertificat,
    NumeroInvalide,
    NumeroMQ,
    parse_bloc,
    parse_mc,
    parse_mq,
    parse_numero,
    valider_departement,
)

FORMAT_MQ = "Format attendu : MQ AAAA MM DD NNNN [R] [I]."
FORMAT_BLOC = "Format attendu : M BDCNNNN AAAA MM DD NNNN R [I]."
FORMAT_MC = "Format attendu : MC AAAA MM DD NNNNN."

departements = st.lists(st.sampled_from(sorted(DEPARTEMENTS)), min_size=1, max_size=4, unique=True).map(tuple)
annees = st.integers(ANNEE_MIN, 9999)
mois = st.integers(1, 12)
numeros_mq = st.builds(
    NumeroMQ,
    annee=annees,
    mois=mois,
    departements=departements,
    sequence=st.integers(1, 10**6),
    rncp=st.booleans(),
    cqpi=st.booleans(),
)
numeros_bloc = st.builds(
    NumeroBloc, sequence_bloc=st.integers(1, 10**5), cqpm=numeros_mq.map(lambda n: n.with_suffixes(rncp=True))
)
numeros_mc = st.builds(
    NumeroCertificat,
    annee=annees,
    mois=mois,
    departement=st.sampled_from(sorted(DEPARTEMENTS)),
    sequence=st.integers(1, 10**7),
)

JOINT = NumeroMQ(2011, 3, ("2A", "971"), 12, rncp=True, cqpi=True)
WIDE = NumeroMQ(2024, 1, ("2B",), 12345)


def assert_refused(action: Callable[[], object], detail: str, fmt: str) -> None:
    """The action raises R-ID-05 with a French message naming the faulty part and recalling the format."""
    with pytest.raises(NumeroInvalide) as info:
        action()
    exc = info.value
    assert isinstance(exc, ValueError)
    assert exc.rule == "R-ID-05"
    assert str(exc) == exc.message
    assert "invalide (R-ID-05) : " in exc.message
    assert detail in exc.message
    assert exc.message.endswith(fmt)


# R-ID-01 — CQPM numbers


def test_mq_canonical_format_R_ID_01() -> None:
    assert str(NumeroMQ(2005, 12, ("69",), 245, rncp=True)) == "MQ 2005 12 69 0245 R"
    assert str(JOINT) == "MQ 2011 03 2A 971 0012 R I"
    assert str(NumeroMQ(1987, 6, ("01",), 1, cqpi=True)) == "MQ 1987 06 01 0001 I"


def test_mq_sequence_over_9999_is_widened_not_truncated_R_ID_01() -> None:
    assert str(WIDE) == "MQ 2024 01 2B 12345"
    assert parse_mq("MQ 2024 01 2B 12345").sequence == 12345


@given(numeros_mq)
@example(JOINT)
@example(WIDE)
@example(NumeroMQ(2020, 2, ("976", "2B", "75"), 9999, rncp=True))
def test_mq_round_trip_R_ID_01(numero: NumeroMQ) -> None:
    assert parse_mq(str(numero)) == numero


@given(numeros_mq, st.data())
def test_mq_parsing_tolerates_spaces_and_case_R_ID_01(numero: NumeroMQ, data: st.DataObject) -> None:
    blancs = st.text(alphabet=" \t\u00a0", min_size=1, max_size=3)
    jetons = [data.draw(st.sampled_from([j, j.lower()])) for j in str(numero).split()]
    texte = data.draw(st.text(" ", max_size=2)) + "".join(j + data.draw(blancs) for j in jetons)
    assert parse_mq(texte) == numero


def test_mq_suffix_may_be_glued_RI_R_ID_01() -> None:
    assert parse_mq("mq 2011 03 2a 971 0012 ri") == JOINT
    assert parse_mq("MQ  2011 03 2A  971   0012 R   I ") == JOINT


def test_mq_overseas_department_is_not_taken_for_the_sequence_R_ID_01() -> None:
    numero = parse_mq("MQ 2011 03 971 972 0012")
    assert numero.departements == ("971", "972")
    assert numero.sequence == 12


def test_suffixes_follow_rncp_and_cqpi_changes_R_ID_01() -> None:
    numero = parse_mq("MQ 2005 12 69 0245")
    assert str(numero.with_suffixes(rncp=True)) == "MQ 2005 12 69 0245 R"
    assert str(numero.with_suffixes(cqpi=True)) == "MQ 2005 12 69 0245 I"
    assert str(JOINT.with_suffixes(rncp=False)) == "MQ 2011 03 2A 971 0012 I"
    assert JOINT.with_suffixes() == JOINT


# R-ID-02 — bloc numbers


def test_bloc_canonical_format_R_ID_02() -> None:
    mq = NumeroMQ(2005, 12, ("69",), 245, rncp=True)
    assert str(mq.bloc(1)) == "M BDC0001 2005 12 69 0245 R"
    assert str(JOINT.bloc(12)) == "M BDC0012 2011 03 2A 971 0012 R I"
    assert parse_bloc("m  bdc0001 2005 12 69 0245 r") == mq.bloc(1)


@given(numeros_bloc)
@example(JOINT.bloc(10000))
@example(WIDE.with_suffixes(rncp=True).bloc(3))
def test_bloc_round_trip_R_ID_02(numero: NumeroBloc) -> None:
    assert parse_bloc(str(numero)) == numero


def test_bloc_number_requires_R_suffix_R_ID_02() -> None:
    detail = "le suffixe R est obligatoire, car un bloc n'existe que pour un CQPM inscrit au RNCP"
    assert_refused(lambda: parse_bloc("M BDC0001 2005 12 69 0245"), detail, FORMAT_BLOC)
    assert_refused(lambda: parse_bloc("M BDC0001 2005 12 69 0245 I"), detail, FORMAT_BLOC)
    assert_refused(lambda: NumeroMQ(2005, 12, ("69",), 245).bloc(1), detail, FORMAT_BLOC)


# R-ID-03 — resource centre change


def test_resource_centre_change_keeps_sequence_R_ID_03() -> None:
    ancien = parse_mq("MQ 2005 12 69 0245 R")
    nouveau = ancien.with_departements("2a", "971")
    assert str(nouveau) == "MQ 2005 12 2A 971 0245 R"
    assert (nouveau.annee, nouveau.mois, nouveau.sequence, nouveau.rncp) == (2005, 12, 245, True)
    assert str(ancien) == "MQ 2005 12 69 0245 R"  # the old number is unchanged, still findable
    assert_refused(lambda: ancien.with_departements("20"), "le département « 20 » n'existe pas", FORMAT_MQ)


# R-ID-04 — certificate numbers (format only)


def test_mc_canonical_format_R_ID_04() -> None:
    assert str(NumeroCertificat(2024, 6, "69", 12)) == "MC 2024 06 69 00012"
    assert str(NumeroCertificat(2024, 6, "2a", 123456)) == "MC 2024 06 2A 123456"
    assert parse_mc(" mc 2024  06 974 00012 ") == NumeroCertificat(2024, 6, "974", 12)


@given(numeros_mc)
@example(NumeroCertificat(2024, 12, "2B", 100000))
def test_mc_round_trip_R_ID_04(numero: NumeroCertificat) -> None:
    assert parse_mc(str(numero)) == numero


# Départements


def test_department_codes_R_ID_01() -> None:
    assert len(DEPARTEMENTS) == 94 + 2 + 6
    assert {"01", "19", "21", "95", "2A", "2B", "971", "976"} <= DEPARTEMENTS
    assert valider_departement(" 2b ") == "2B"


@pytest.mark.parametrize("faux", ["20", "00", "96", "1", "970", "977", "2C", ""])
def test_bad_department_is_refused_R_ID_05(faux: str) -> None:
    detail = f"le département « {faux} » n'existe pas (codes admis : 01 à 95 sauf 20, 2A, 2B, 971 à 976)"
    assert_refused(lambda: valider_departement(faux), detail, "Format attendu : DD ou DDD.")


# Dispatch


def test_parse_numero_dispatches_on_prefix_R_ID_05() -> None:
    assert parse_numero("MQ 2005 12 69 0245 R") == NumeroMQ(2005, 12, ("69",), 245, rncp=True)
    assert isinstance(parse_numero("M BDC0001 2005 12 69 0245 R"), NumeroBloc)
    assert isinstance(parse_numero("mc 2024 06 69 00012"), NumeroCertificat)
    assert_refused(lambda: parse_numero("XX 2005"), "le préfixe « XX » n'est ni MQ, ni M BDC, ni MC", "NNNNN.")
    assert_refused(lambda: parse_numero("  "), "le numéro est vide", "NNNNN.")


@given(st.one_of(numeros_mq, numeros_bloc, numeros_mc))
def test_parse_numero_round_trip_R_ID_05(numero: NumeroMQ | NumeroBloc | NumeroCertificat) -> None:
    assert parse_numero(str(numero)) == numero


# R-ID-05 — malformed input


def test_bad_month_is_refused_with_french_message_R_ID_05() -> None:
    with pytest.raises(NumeroInvalide) as info:
        parse_mq("MQ 2005 13 69 0245 R")
    assert info.value.message == (
        "Numéro MQ invalide (R-ID-05) : le mois « 13 » n'existe pas. Format attendu : MQ AAAA MM DD NNNN [R] [I]."
    )
    assert info.value.rule == "R-ID-05"


MQ_MALFORMES = {
    "vide": ("", "le numéro est vide"),
    "prefixe": ("MX 2005 12 69 0245", "le préfixe « MX » n'est pas « MQ »"),
    "incomplet": ("MQ 2005 12 69", "le numéro est incomplet"),
    "annee": ("MQ 05 12 69 0245", "l'année « 05 » doit s'écrire sur 4 chiffres"),
    "annee-ancienne": ("MQ 1950 12 69 0245", "l'année « 1950 » n'est pas comprise entre 1987 et 9999"),
    "mois-largeur": ("MQ 2005 5 69 0245", "le mois « 5 » doit s'écrire sur 2 chiffres"),
    "mois-zero": ("MQ 2005 00 69 0245", "le mois « 00 » n'existe pas"),
    "departement": ("MQ 2005 12 20 0245", "le département « 20 » n'existe pas (codes admis"),
    "doublon": (
        "MQ 2005 12 69 2a 69 0245",
        "le département « 69 » figure deux fois (doublon de département)",
    ),
    "sans-departement": ("MQ 2005 12 0245 R", "aucun département n'est indiqué"),
    "sequence-courte": ("MQ 2005 12 69 245", "la séquence nationale (4 chiffres au moins) est absente"),
    "sequence-zero": ("MQ 2005 12 69 0000", "la séquence nationale « 0000 » doit valoir au moins 0001"),
    "non-ascii": ("MQ 2005 12 69 0\u066245", "la séquence nationale (4 chiffres au moins) est absente"),
    "suffixe-ordre": (
        "MQ 2005 12 69 0245 I R",
        "le suffixe « I R » est invalide (R, I ou R I, dans cet ordre)",
    ),
    "suffixe-double": ("MQ 2005 12 69 0245 R R", "le suffixe « R R » est invalide"),
    "suffixe-inconnu": ("MQ 2005 12 69 0245 X", "le suffixe « X » est invalide"),
}
BLOC_MALFORMES = {
    "prefixe": ("MQ BDC0001 2005 12 69 0245 R", "le préfixe « MQ BDC0001 » n'est pas « M BDC »"),
    "sans-sequence": ("M 2005 12 69 0245 R", "le préfixe « M 2005 » n'est pas « M BDC »"),
    "sequence": (
        "M BDC12 2005 12 69 0245 R",
        "la séquence du bloc « 12 » doit s'écrire sur 4 chiffres au moins",
    ),
    "mois": ("M BDC0001 2005 13 69 0245 R", "le mois « 13 » n'existe pas"),
    "doublon": ("M BDC0001 2005 12 2B 2b 0245 R", "le département « 2B » figure deux fois"),
}
MC_MALFORMES = {
    "prefixe": ("MQ 2024 06 69 00012", "le préfixe « MQ » n'est pas « MC »"),
    "incomplet": ("MC 2024 06 69", "le numéro est incomplet"),
    "mois": ("MC 2024 13 69 00012", "le mois « 13 » n'existe pas"),
    "sequence": (
        "MC 2024 06 69 0012",
        "la séquence du certificat « 0012 » doit s'écrire sur 5 chiffres au moins",
    ),
    "departement": ("MC 2024 06 2C 00012", "le département « 2C » n'existe pas"),
    "deux-departements": (
        "MC 2024 06 69 2A 00012",
        "un seul département (celui du centre d'examen), pas « 69 2A »",
    ),
    "suffixe": ("MC 2024 06 69 00012 R", "la séquence du certificat « R »"),
}


@pytest.mark.parametrize(("texte", "detail"), MQ_MALFORMES.values(), ids=MQ_MALFORMES.keys())
def test_malformed_mq_is_refused_with_french_message_R_ID_05(texte: str, detail: str) -> None:
    assert_refused(lambda: parse_mq(texte), detail, FORMAT_MQ)
    if texte.startswith("MQ"):  # the generic reader gives the very same message
        assert_refused(lambda: parse_numero(texte), detail, FORMAT_MQ)


@pytest.mark.parametrize(("texte", "detail"), BLOC_MALFORMES.values(), ids=BLOC_MALFORMES.keys())
def test_malformed_bloc_is_refused_with_french_message_R_ID_05(texte: str, detail: str) -> None:
    assert_refused(lambda: parse_bloc(texte), detail, FORMAT_BLOC)


@pytest.mark.parametrize(("texte", "detail"), MC_MALFORMES.values(), ids=MC_MALFORMES.keys())
def test_malformed_mc_is_refused_with_french_message_R_ID_05(texte: str, detail: str) -> None:
    assert_refused(lambda: parse_mc(texte), detail, FORMAT_MC)


def test_direct_construction_is_validated_R_ID_05() -> None:
    assert_refused(lambda: NumeroMQ(2005, 13, ("69",), 1), "le mois « 13 » n'existe pas", FORMAT_MQ)
    assert_refused(lambda: NumeroMQ(2005, 1, (), 1), "aucun département", FORMAT_MQ)
    assert_refused(lambda: NumeroMQ(2005, 1, ("69",), 0), "« 0000 » doit valoir au moins 0001", FORMAT_MQ)
    assert_refused(lambda: NumeroCertificat(1986, 1, "69", 1), "l'année « 1986 »", FORMAT_MC)
    assert_refused(lambda: NumeroBloc(0, JOINT), "la séquence du bloc « 0000 »", FORMAT_BLOC)
