"""Content of a referential: completeness before decision (R-REF-01), modalities (R-REF-02), categories (R-CAT-01)."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from cqpm.audit.models import EntreeAudit
from cqpm.audit.services import historique
from cqpm.core.errors import RegleViolee
from cqpm.referentiels.enums import Categorie, Modalite, StatutVersion
from cqpm.referentiels.models import Qualification, VersionReferentiel
from cqpm.referentiels.rules import (
    explication_categorie,
    modalites_par_priorite,
    verifier_choix_modalites,
)
from cqpm.referentiels.services import creer_version, decider_version, definir_certification, modifier_version
from tests.fixtures_referentiels import blocs_complets

LE = datetime.date(2024, 3, 14)


@pytest.mark.django_db
def test_complete_draft_is_decided_and_becomes_current_R_REF_01(brouillon_complet, acteur):
    version = decider_version(brouillon_complet, acteur=acteur, le=LE)
    version.refresh_from_db()
    assert version.statut == StatutVersion.DECIDEE
    assert (version.date_decision, version.date_application) == (LE, LE)
    assert Qualification.objects.get(pk=version.qualification_id).version_courante == version
    assert historique(version).filter(action="version.decision", regle="R-REF-01").exists()


@pytest.mark.django_db
def test_incomplete_draft_reports_every_missing_part_at_once_R_REF_01(acteur):
    qualification = Qualification.objects.create(intitule="Projet incomplet")
    version = creer_version(qualification, acteur=acteur, intitule=" ")
    bloc = blocs_complets(nb_blocs=1, par_bloc=2)[0]
    sans_criteres = dataclasses.replace(bloc.capacites[1], criteres_evaluation="", conditions_realisation="")
    sans_modalites = dataclasses.replace(bloc.capacites[0], modalites=())
    definir_certification(
        version, [dataclasses.replace(bloc, capacites=(sans_modalites, sans_criteres))], acteur=acteur
    )

    with pytest.raises(RegleViolee) as exc:
        decider_version(version, acteur=acteur, le=LE)

    assert exc.value.rule == "R-REF-01" and exc.value.code == "referentiel_incomplet"
    champs = {d["champ"] for d in exc.value.details}
    assert champs == {
        "intitule",
        "categorie",
        "qualification.centres_ressources",
        "referentiel_activites.mission",
        "referentiel_activites.activites",
        "blocs[0].capacites[0].modalites",
        "blocs[0].capacites[1].conditions_realisation",
        "blocs[0].capacites[1].criteres_evaluation",
        "conditions_admissibilite",
    }
    assert all(d["rule"] == "R-REF-01" for d in exc.value.details)
    assert "C2 n'a pas de critères d'évaluation" in " ".join(d["message"] for d in exc.value.details)
    assert VersionReferentiel.objects.get(pk=version.pk).statut == StatutVersion.BROUILLON


@pytest.mark.django_db
def test_draft_without_any_capacity_cannot_be_decided_R_REF_01(brouillon_complet, acteur):
    brouillon_complet.capacites.all().delete()
    brouillon_complet.blocs.all().delete()
    with pytest.raises(RegleViolee) as exc:
        decider_version(brouillon_complet, acteur=acteur, le=LE)
    assert {"blocs", "blocs[].capacites"} <= {d["champ"] for d in exc.value.details}


@pytest.mark.django_db
def test_a_draft_cannot_be_marked_decided_by_a_plain_save_R_REF_01(brouillon_complet):
    brouillon_complet.statut = StatutVersion.DECIDEE
    brouillon_complet.date_decision = brouillon_complet.date_application = LE
    with pytest.raises(RegleViolee) as exc:
        brouillon_complet.save()
    assert exc.value.rule == "R-REF-01"


def test_modalities_sort_in_priority_order_R_REF_02():
    assert modalites_par_priorite(["d_avis_entreprise", "c_reconstituee", "a_reelle", "b_projets"]) == [
        Modalite.SITUATION_REELLE,
        Modalite.PROJETS,
        Modalite.SITUATION_RECONSTITUEE,
        Modalite.AVIS_ENTREPRISE,
    ]


@pytest.mark.django_db
def test_company_opinion_alone_is_not_an_evaluation_R_REF_02(brouillon_complet, acteur):
    with pytest.raises(RegleViolee) as exc:
        definir_certification(brouillon_complet, blocs_complets(modalites=("d_avis_entreprise",)), acteur=acteur)
    assert exc.value.rule == "R-REF-02"
    assert exc.value.details[0]["champ"] == "blocs[0].capacites[0].modalites"


@pytest.mark.django_db
def test_unknown_modality_is_refused_R_REF_02(brouillon_complet, acteur):
    with pytest.raises(RegleViolee) as exc:
        definir_certification(brouillon_complet, blocs_complets(modalites=("a_reelle", "e_qcm")), acteur=acteur)
    assert exc.value.rule == "R-REF-02"
    assert exc.value.details[0]["champ"] == "blocs[0].capacites[0].modalites[1]"


def test_reconstituted_situation_must_be_explicitly_allowed_R_REF_02():
    with pytest.raises(RegleViolee) as exc:
        verifier_choix_modalites(["a_reelle", "d_avis_entreprise"], ["c_reconstituee"], capacite="C4")
    assert exc.value.rule == "R-REF-02" and "reconstituée" in exc.value.message and "C4" in exc.value.message
    verifier_choix_modalites(["a_reelle", "c_reconstituee"], ["c_reconstituee"], capacite="C4")


def test_chosen_modalities_need_an_evaluation_besides_the_company_opinion_R_REF_02():
    with pytest.raises(RegleViolee, match="avis de l'entreprise ne fait que compléter"):
        verifier_choix_modalites(["a_reelle", "d_avis_entreprise"], ["d_avis_entreprise"], capacite="C1")
    with pytest.raises(RegleViolee, match="non autorisée"):
        verifier_choix_modalites(["a_reelle"], ["b_projets"], capacite="C1")


def test_category_c_star_explains_level_iv_coefficient_285_R_CAT_01():
    texte = explication_categorie(Categorie.C_ETOILE)
    assert "niveau IV" in texte and "3e échelon" in texte and "coefficient 285" in texte
    assert "285" not in explication_categorie(Categorie.C)


def test_only_categories_a_b_c_c_star_d_exist_R_CAT_01():
    assert [c.value for c in Categorie] == ["A", "B", "C", "C*", "D"]
    with pytest.raises(RegleViolee) as exc:
        explication_categorie("E")
    assert exc.value.rule == "R-CAT-01"


@pytest.mark.django_db
def test_decision_sets_or_requires_the_category_R_CAT_01(brouillon_complet, acteur):
    modifier_version(brouillon_complet, acteur=acteur, categorie="")
    with pytest.raises(RegleViolee) as exc:
        decider_version(brouillon_complet, acteur=acteur, le=LE)
    assert "categorie" in {d["champ"] for d in exc.value.details}
    with pytest.raises(RegleViolee) as exc:
        decider_version(brouillon_complet, acteur=acteur, le=LE, categorie="E")
    assert any(d["rule"] == "R-CAT-01" for d in exc.value.details)
    version = decider_version(brouillon_complet, acteur=acteur, le=LE, categorie=Categorie.C_ETOILE)
    assert VersionReferentiel.objects.get(pk=version.pk).categorie == "C*"


@pytest.mark.django_db
def test_revision_reclasses_the_category_in_a_new_version_R_CAT_01(brouillon_complet, acteur):
    v1 = decider_version(brouillon_complet, acteur=acteur, le=LE)
    v2 = creer_version(v1.qualification, acteur=acteur, depuis=v1)
    assert (v2.numero, v2.categorie, v2.capacites.count()) == (2, "B", 4)
    with pytest.raises(RegleViolee) as exc:
        modifier_version(v2, acteur=acteur, categorie="E")
    assert exc.value.rule == "R-CAT-01"
    modifier_version(v2, acteur=acteur, categorie="A")
    assert EntreeAudit.objects.filter(action="version.modification", objet_id=str(v2.pk)).get().regle == "R-REF-03"
    decider_version(v2, acteur=acteur, le=LE + datetime.timedelta(days=400))
    assert [v.categorie for v in VersionReferentiel.objects.filter(qualification=v1.qualification)] == ["B", "A"]
    with pytest.raises(RegleViolee) as exc:
        modifier_version(v2, acteur=acteur, categorie="C")
    assert exc.value.rule == "R-REF-03"


@pytest.mark.django_db
def test_decided_version_cannot_apply_before_the_decision_R_LC_REV_04(brouillon_complet, acteur):
    with pytest.raises(RegleViolee) as exc:
        decider_version(brouillon_complet, acteur=acteur, le=LE, date_application=LE - datetime.timedelta(days=1))
    assert exc.value.rule == "R-LC-REV-04"
    version = decider_version(brouillon_complet, acteur=acteur, le=LE, date_application=LE + datetime.timedelta(days=1))
    assert version.date_application == LE + datetime.timedelta(days=1)
