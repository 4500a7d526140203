"""R-VAE-01 « one request per CQPM per calendar year, all exam centres » is about the person, not the register
row: the same person recorded again by another territoriale (same surname key and birth date, as the duplicate
detection compares them) cannot file a second request the same year, and the refusal does not tell that
territoriale where or under which number the first one was filed."""

from __future__ import annotations

import datetime

import pytest

from cqpm.candidats.services import creer_candidat
from cqpm.core.errors import RegleViolee
from cqpm.vae.models import DossierVAE
from tests.vae.outils import a_la_date

pytestmark = pytest.mark.django_db

SAINT_SYLVESTRE, JOUR_DE_L_AN = datetime.date(2021, 12, 31), datetime.date(2022, 1, 1)


def reinscrite(vae, *, nom="MARTÍN", date_naissance=None):
    """Léa Martin recorded again by the other territoriale, her surname typed in capitals with an accent."""
    return creer_candidat(
        acteur=vae.agent_autre,
        nom=nom,
        prenoms="Lea",
        date_naissance=date_naissance or vae.candidat.date_naissance,
        commune_naissance="Marseille",
        departement_naissance="13",
    )


def deposer_ailleurs(vae, candidat):
    return vae.deposer(acteur=vae.agent_autre, centre_examen=vae.autre_centre, candidat=candidat)


@pytest.mark.parametrize(
    ("premier_le", "second_le"), [(SAINT_SYLVESTRE, SAINT_SYLVESTRE), (JOUR_DE_L_AN, JOUR_DE_L_AN)]
)
def test_the_same_person_recorded_twice_files_once_a_year_R_VAE_01(vae, premier_le, second_le):
    with a_la_date(premier_le):
        premier = vae.deposer()
    doublon = reinscrite(vae)
    assert doublon.pk != vae.candidat.pk and doublon.cle_doublon == vae.candidat.cle_doublon
    with a_la_date(second_le), pytest.raises(RegleViolee) as exc:
        deposer_ailleurs(vae, doublon)
    assert (exc.value.rule, exc.value.code) == ("R-VAE-01", "demande_deja_deposee")
    assert f"en {second_le.year} : une seule demande de VAE par CQPM" in exc.value.message
    for fuite in (f"n° {premier.pk}", str(vae.centre), "reçu le", vae.fiche.intitule):
        assert fuite not in exc.value.message
    assert DossierVAE.objects.count() == 1


@pytest.mark.parametrize(
    ("premier_le", "second_le"), [(SAINT_SYLVESTRE, JOUR_DE_L_AN), (JOUR_DE_L_AN, SAINT_SYLVESTRE)]
)
def test_the_same_person_files_again_in_another_calendar_year_R_VAE_01(vae, premier_le, second_le):
    """31 December and 1 January are two calendar years (the second case files the later year first)."""
    with a_la_date(premier_le):
        vae.deposer()
    with a_la_date(second_le):
        second = deposer_ailleurs(vae, reinscrite(vae))
    assert second.annee == second_le.year


def test_a_namesake_born_another_day_is_another_person_R_VAE_01(vae):
    with a_la_date(SAINT_SYLVESTRE):
        vae.deposer()
        autre = deposer_ailleurs(vae, reinscrite(vae, date_naissance=datetime.date(1991, 5, 17)))
    assert autre.annee == 2021 and DossierVAE.objects.count() == 2
