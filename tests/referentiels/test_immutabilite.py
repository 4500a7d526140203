"""Structure and immutability of referential versions (R-REF-03)."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from cqpm.core.errors import RegleViolee
from cqpm.referentiels.enums import Modalite
from cqpm.referentiels.models import (
    Activite,
    Bloc,
    Capacite,
    ModaliteAutorisee,
    VersionReferentiel,
    ecriture_historique,
)
from cqpm.referentiels.rules import ActiviteSaisie
from cqpm.referentiels.services import (
    creer_version,
    decider_version,
    definir_activites,
    definir_certification,
    modifier_version,
    supprimer_version,
)
from tests.fixtures_referentiels import blocs_complets

LE = datetime.date(2024, 3, 14)


@pytest.fixture
def decidee(brouillon_complet, acteur):
    return decider_version(brouillon_complet, acteur=acteur, le=LE)


def assert_r_ref_03(exc: pytest.ExceptionInfo[RegleViolee]) -> None:
    assert exc.value.rule == "R-REF-03", exc.value.message
    assert "(R-REF-03)" in exc.value.message


@pytest.mark.django_db
def test_capacity_in_two_blocs_is_refused_R_REF_03(brouillon_complet, acteur):
    b1, b2 = blocs_complets()
    doublon = dataclasses.replace(b2, capacites=(b1.capacites[0], *b2.capacites))
    with pytest.raises(RegleViolee) as exc:
        definir_certification(brouillon_complet, [b1, doublon], acteur=acteur)
    assert_r_ref_03(exc)
    assert exc.value.details[0]["champ"] == "blocs[1].capacites[0].numero"


@pytest.mark.django_db
def test_capacity_numbers_run_from_1_without_gap_R_REF_03(brouillon_complet, acteur):
    b1, b2 = blocs_complets()
    trou = dataclasses.replace(b2, capacites=(dataclasses.replace(b2.capacites[0], numero=7),))
    with pytest.raises(RegleViolee) as exc:
        definir_certification(brouillon_complet, [b1, trou], acteur=acteur)
    assert_r_ref_03(exc)
    assert "C1 à C3" in exc.value.details[0]["message"]


@pytest.mark.django_db
def test_bloc_numbers_run_from_1_and_no_bloc_is_empty_R_REF_03(brouillon_complet, acteur):
    b1, b2 = blocs_complets()
    with pytest.raises(RegleViolee) as exc:
        definir_certification(brouillon_complet, [b1, dataclasses.replace(b2, numero=3)], acteur=acteur)
    assert_r_ref_03(exc)
    with pytest.raises(RegleViolee) as exc:
        definir_certification(brouillon_complet, [b1, dataclasses.replace(b2, capacites=())], acteur=acteur)
    assert_r_ref_03(exc)
    assert exc.value.details[0]["champ"] == "blocs[1].capacites"


@pytest.mark.django_db
def test_capacity_cannot_sit_in_a_bloc_of_another_version_R_REF_03(brouillon_complet, acteur):
    autre = creer_version(brouillon_complet.qualification, acteur=acteur)
    bloc_etranger = Bloc.objects.create(version=autre, numero=1, intitule="Bloc d'une autre version")
    with pytest.raises(RegleViolee) as exc:
        Capacite.objects.create(version=brouillon_complet, bloc=bloc_etranger, numero=9, intitule="Égarée")
    assert_r_ref_03(exc)


@pytest.mark.django_db
def test_services_refuse_to_modify_a_decided_version_R_REF_03(decidee, acteur):
    actions = [
        lambda: modifier_version(decidee, acteur=acteur, mission="Autre mission"),
        lambda: definir_activites(decidee, [ActiviteSaisie("A1", "Autre")], acteur=acteur),
        lambda: definir_certification(decidee, blocs_complets(nb_blocs=1), acteur=acteur),
        lambda: supprimer_version(decidee, acteur=acteur),
        lambda: decider_version(decidee, acteur=acteur, le=LE),
    ]
    for action in actions:
        with pytest.raises(RegleViolee) as exc:
            action()
        assert_r_ref_03(exc)
    assert decidee.capacites.count() == 4 and decidee.activites.count() == 2


@pytest.mark.django_db
def test_model_save_refuses_changes_to_decided_content_R_REF_03(decidee):
    capacite = decidee.capacites.order_by("numero").first()
    bloc = decidee.blocs.first()
    activite = decidee.activites.first()
    modalite = ModaliteAutorisee.objects.filter(capacite=capacite).first()
    decidee.mission = "Réécrite"
    capacite.intitule = "Réécrite"
    bloc.intitule = "Réécrit"
    activite.libelle = "Réécrite"
    modalite.modalite = Modalite.PROJETS
    for objet in (decidee, capacite, bloc, activite, modalite):
        with pytest.raises(RegleViolee) as exc:
            objet.save()
        assert_r_ref_03(exc)
    with pytest.raises(RegleViolee) as exc:
        Bloc.objects.create(version=decidee, numero=3, intitule="Ajouté après la décision")
    assert_r_ref_03(exc)
    with pytest.raises(RegleViolee) as exc:
        ModaliteAutorisee.objects.create(capacite=capacite, modalite=Modalite.SITUATION_RECONSTITUEE)
    assert_r_ref_03(exc)


@pytest.mark.django_db
def test_queryset_update_cannot_bypass_the_guard_R_REF_03(decidee):
    for queryset in (
        VersionReferentiel.objects.filter(pk=decidee.pk),
        Capacite.objects.filter(version=decidee),
        Bloc.objects.filter(version=decidee),
        Activite.objects.filter(version=decidee),
        ModaliteAutorisee.objects.filter(capacite__version=decidee),
    ):
        with pytest.raises(RegleViolee) as exc:
            queryset.update(pk=queryset.first().pk)
        assert_r_ref_03(exc)


@pytest.mark.django_db
def test_decided_version_is_kept_forever_R_REF_03(decidee):
    for objet in (decidee.capacites.first(), decidee.blocs.first(), decidee.activites.first()):
        with pytest.raises(RegleViolee) as exc:
            objet.delete()
        assert_r_ref_03(exc)
    with pytest.raises(RegleViolee) as exc, ecriture_historique():
        VersionReferentiel.objects.filter(pk=decidee.pk).delete()
    assert_r_ref_03(exc)
    with pytest.raises(RegleViolee) as exc:
        ModaliteAutorisee.objects.filter(capacite__version=decidee).delete()
    assert_r_ref_03(exc)
    assert VersionReferentiel.objects.filter(pk=decidee.pk).exists() and decidee.capacites.count() == 4


@pytest.mark.django_db
def test_a_draft_stays_editable_and_deletable(brouillon_complet, acteur):
    modifier_version(brouillon_complet, acteur=acteur, mission="Nouvelle mission")
    definir_certification(brouillon_complet, blocs_complets(nb_blocs=1, par_bloc=3), acteur=acteur)
    assert brouillon_complet.capacites.count() == 3
    supprimer_version(brouillon_complet, acteur=acteur)
    assert not VersionReferentiel.objects.filter(pk=brouillon_complet.pk).exists()


@pytest.mark.django_db
def test_revision_adds_a_version_and_keeps_the_old_one_R_REF_03(decidee, acteur):
    v2 = creer_version(decidee.qualification, acteur=acteur, depuis=decidee)
    definir_certification(v2, blocs_complets(nb_blocs=3, par_bloc=1), acteur=acteur)
    decider_version(v2, acteur=acteur, le=LE + datetime.timedelta(days=30))
    decidee.refresh_from_db()
    assert decidee.capacites.count() == 4 and v2.capacites.count() == 3
    assert decidee.qualification.versions.count() == 2
    decidee.qualification.refresh_from_db()
    assert decidee.qualification.version_courante == v2


@pytest.mark.django_db
def test_a_revision_that_retitles_the_cqpm_renames_it_in_the_register_the_old_version_keeps_its_title_R_REF_03(
    decidee, acteur
):
    ancien = decidee.intitule
    v2 = creer_version(decidee.qualification, acteur=acteur, depuis=decidee)
    modifier_version(v2, acteur=acteur, intitule="Conducteur(trice) de ligne automatisée")
    decider_version(v2, acteur=acteur, le=LE + datetime.timedelta(days=30))
    decidee.qualification.refresh_from_db()
    decidee.refresh_from_db()
    assert decidee.qualification.intitule == "Conducteur(trice) de ligne automatisée"
    assert decidee.intitule == ancien
