"""Who registers and who sees which inscriptions (ACCES): a company and a training organisation their own ones, a
territoriale those it is exam centre of, the secretariat all of them."""

from __future__ import annotations

import pytest

from cqpm.candidats import services
from cqpm.candidats.enums import VoieInscription
from cqpm.comptes.enums import Role
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import AccesRefuse
from tests.candidats.outils import agent
from tests.factories import CandidatFactory, EntrepriseFactory, TerritorialeFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_a_company_registers_and_sees_only_its_own_employees_ACCES(cadre, secretariat):
    rh = agent(cadre.entreprise, Role.ENTREPRISE)
    a_elle = cadre.inscrire(acteur=rh)
    concurrente = EntrepriseFactory(nom="Aciéries du Nord")
    with pytest.raises(AccesRefuse):
        cadre.inscrire(CandidatFactory(), acteur=rh, entreprise=concurrente)
    autre = cadre.inscrire(CandidatFactory(), entreprise=concurrente)
    assert list(services.inscriptions_visibles(rh)) == [a_elle]
    assert list(services.inscriptions_visibles(agent(concurrente, Role.ENTREPRISE))) == [autre]
    assert set(services.inscriptions_visibles(secretariat)) == {a_elle, autre}
    with pytest.raises(AccesRefuse):
        services.annuler_inscription(autre, acteur=rh)


def test_a_training_organisation_sees_the_inscriptions_it_files_ACCES(cadre):
    of = agent(cadre.organisme, Role.ORGANISME_FORMATION)
    par_of = cadre.inscrire(acteur=of, voie=VoieInscription.ORGANISME_FORMATION, organisme_formation=cadre.organisme)
    cadre.inscrire(CandidatFactory())
    assert list(services.inscriptions_visibles(of)) == [par_of]
    assert list(services.candidats_visibles(of)) == [cadre.candidat]


def test_a_territoriale_sees_the_inscriptions_it_is_exam_centre_of_ACCES(cadre):
    inscription = cadre.inscrire()
    rhone_sud = TerritorialeFactory(departement="13")
    voisine = agent(rhone_sud)
    assert list(services.inscriptions_visibles(cadre.personnel)) == [inscription]
    assert not services.inscriptions_visibles(voisine).exists()
    with pytest.raises(AccesRefuse):  # it registers with itself as exam centre, not with another one
        cadre.inscrire(CandidatFactory(), acteur=voisine)
    assert cadre.inscrire(CandidatFactory(), acteur=voisine, centre_examen=rhone_sud).centre_examen == rhone_sud


def test_roles_without_the_action_neither_register_nor_see_ACCES(cadre):
    inscription = cadre.inscrire()
    for role in (Role.MEMBRE_JURY, Role.CANDIDAT):
        u = UtilisateurFactory(role=role)
        with pytest.raises(AccesRefuse):
            cadre.inscrire(CandidatFactory(), acteur=u)
        assert not services.inscriptions_visibles(u).exists()
        assert not services.candidats_visibles(u).exists()
    assert inscription in services.inscriptions_visibles(SYSTEME)


def test_a_new_candidate_is_seen_by_his_creator_until_registered_ACCES(cadre):
    rh = agent(cadre.entreprise, Role.ENTREPRISE)
    candidat = services.creer_candidat(
        acteur=rh,
        nom="Leroy",
        prenoms="Paul",
        date_naissance=cadre.candidat.date_naissance,
        commune_naissance="Lyon",
        departement_naissance="69",
    )
    assert list(services.candidats_visibles(rh)) == [candidat]
    assert candidat not in services.candidats_visibles(cadre.personnel)
    cadre.inscrire(candidat, acteur=rh)
    assert candidat in services.candidats_visibles(cadre.personnel)
