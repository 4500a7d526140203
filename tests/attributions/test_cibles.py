"""What each candidate may be awarded (R-GTP-02 decision, R-GTP-03 CQPI) and the letter for the rest (R-LET-02,
R-LET-03)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cqpm.attributions import rules, services
from cqpm.attributions.enums import NatureCible, NatureCourrier
from cqpm.referentiels.enums import TypeQualification
from tests.attributions import outils
from tests.factories import QualificationFactory

BLOCS = {1: {1, 2, 3}, 2: {4, 5, 6}}


def test_every_capacity_acquired_awards_the_whole_cqpm_R_GTP_02():
    i = rules.issue(admis=True, capacites_par_bloc=BLOCS, acquises={1, 2, 3, 4, 5, 6}, rncp=True, a_un_cqpi=False)
    assert (i.cqpm, i.blocs, i.courrier) == (True, (), None)


def test_rncp_cqpm_awards_each_complete_bloc_and_a_partial_letter_R_GTP_02_R_LET_03():
    i = rules.issue(admis=True, capacites_par_bloc=BLOCS, acquises={1, 2, 3, 4}, rncp=True, a_un_cqpi=True)
    assert (i.cqpm, i.cqpi, i.blocs, i.courrier) == (False, False, (1,), NatureCourrier.ACQUISITION_PARTIELLE)


def test_a_cqpm_outside_the_rncp_awards_no_bloc_R_GTP_02():
    i = rules.issue(admis=True, capacites_par_bloc=BLOCS, acquises={1, 2, 3}, rncp=False, a_un_cqpi=False)
    assert (i.cqpm, i.blocs, i.courrier) == (False, (), NatureCourrier.ACQUISITION_PARTIELLE)


def test_nothing_acquired_is_a_non_admission_R_LET_02():
    i = rules.issue(admis=False, capacites_par_bloc=BLOCS, acquises=set(), rncp=True, a_un_cqpi=False)
    assert (i.cqpm, i.blocs, i.courrier) == (False, (), NatureCourrier.NON_ADMISSION)


def test_the_jury_na_awards_nothing_even_with_every_capacity_R_GTP_02():
    i = rules.issue(admis=False, capacites_par_bloc=BLOCS, acquises={1, 2, 3, 4, 5, 6}, rncp=True, a_un_cqpi=True)
    assert (i.cqpm, i.cqpi, i.blocs) == (False, False, ())


@given(st.sets(st.integers(1, 6)), st.booleans(), st.booleans())
def test_awarded_blocs_are_always_complete_and_the_cqpm_excludes_blocs_R_GTP_02(acquises, rncp, admis):
    i = rules.issue(admis=admis, capacites_par_bloc=BLOCS, acquises=acquises, rncp=rncp, a_un_cqpi=True)
    assert all(BLOCS[b] <= acquises for b in i.blocs)
    assert not (i.cqpm and i.blocs)
    assert (i.courrier is None) == i.cqpm


@pytest.mark.django_db
def test_targets_come_from_the_signed_jurys_results_R_GTP_02():
    j, c, acteur = outils.jury_signe((True, True, True, True, False, True), rncp=True)
    demande = services.creer_demande(j, acteur=acteur)
    cibles = list(demande.cibles.all())
    assert [(x.nature, x.bloc.numero if x.bloc else None) for x in cibles] == [(NatureCible.BLOC, 1)]
    assert cibles[0].candidat == c


@pytest.mark.django_db
def test_the_cqpi_is_a_target_when_the_cqpm_corresponds_to_one_R_GTP_03():
    cqpi = QualificationFactory(type=TypeQualification.CQPI, intitule="Opérateur industriel")
    j, _, acteur = outils.jury_signe(cqpi=cqpi)
    demande = services.creer_demande(j, acteur=acteur)
    assert sorted(demande.cibles.values_list("nature", "qualification_id")) == sorted(
        [(NatureCible.CQPM, j.qualification_id), (NatureCible.CQPI, cqpi.pk)]
    )


@pytest.mark.django_db
def test_a_non_admitted_candidate_has_no_target_R_GTP_02():
    j, _, acteur = outils.jury_signe((False,) * 6, decision="NA")
    assert not services.creer_demande(j, acteur=acteur).cibles.exists()
