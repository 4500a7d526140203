"""The gap between two referentials, as a pure function of their blocs (R-LC-REV-03)."""

from __future__ import annotations

import dataclasses

from cqpm.cycle_de_vie.rules import ecart
from cqpm.referentiels.rules import BlocSaisi, CapaciteSaisie

C = CapaciteSaisie


def bloc(numero: int, intitule: str, *capacites: CapaciteSaisie, code: str = "") -> BlocSaisi:
    return BlocSaisi(numero=numero, intitule=intitule, capacites=capacites, code_rncp=code)


ANCIEN = (
    bloc(1, "Production", C(1, "Régler la machine", modalites=("a_reelle",)), C(2, "Conduire la production")),
    bloc(2, "Qualité", C(3, "Contrôler les pièces"), C(4, "Renseigner le suivi qualité")),
)


def test_identical_referentials_have_no_gap_R_LC_REV_03():
    resultat = ecart(ANCIEN, ANCIEN)
    assert resultat.est_vide and resultat.lignes() == []


def test_a_renumbered_capacity_is_matched_by_its_title_R_LC_REV_03():
    nouveau = (
        bloc(1, "Production", C(1, "Conduire la production")),
        bloc(2, "Qualité", C(2, "Contrôler les pièces"), C(3, "Renseigner le suivi qualité")),
    )
    resultat = ecart(ANCIEN, nouveau)
    assert [c.code for c in resultat.capacites_supprimees] == ["C1"]
    assert not resultat.capacites_ajoutees
    assert [(m.ancienne.code, m.nouvelle.code, m.champs) for m in resultat.capacites_modifiees] == [
        ("C2", "C1", ("numero",)),
        ("C3", "C2", ("numero",)),
        ("C4", "C3", ("numero",)),
    ]
    assert "Capacité modifiée : C2 devenue C1 (numéro)" in resultat.lignes()


def test_modalities_conditions_and_criteria_changes_are_named_R_LC_REV_03():
    c1 = dataclasses.replace(
        ANCIEN[0].capacites[0], modalites=("a_reelle", "b_projets"), criteres_evaluation="Cotes respectées."
    )
    nouveau = (dataclasses.replace(ANCIEN[0], capacites=(c1, ANCIEN[0].capacites[1])), ANCIEN[1])
    (modification,) = ecart(ANCIEN, nouveau).capacites_modifiees
    assert modification.champs == ("criteres_evaluation", "modalites")


def test_blocs_added_removed_and_changed_R_LC_REV_03():
    nouveau = (
        bloc(1, "Production en équipe autonome", *ANCIEN[0].capacites, code="RNCP1BC01"),
        bloc(2, "Maintenance de premier niveau", C(3, "Nettoyer le poste"), C(4, "Changer un outil")),
    )
    resultat = ecart(ANCIEN, nouveau)
    assert [(m.ancien.numero, m.champs) for m in resultat.blocs_modifies] == [(1, ("intitule", "code_rncp"))]
    assert [b.intitule for b in resultat.blocs_supprimes] == ["Qualité"]
    assert [b.intitule for b in resultat.blocs_ajoutes] == ["Maintenance de premier niveau"]
    assert [c.code for c in resultat.capacites_supprimees] == ["C3", "C4"]
    assert [(c.code, c.bloc) for c in resultat.capacites_ajoutees] == [("C3", 2), ("C4", 2)]
    assert not resultat.capacites_deplacees
    lignes = resultat.lignes()
    assert "Bloc ajouté : bloc 2 « Maintenance de premier niveau »" in lignes
    assert "Bloc 1 modifié : intitulé, code RNCP" in lignes


def test_a_capacity_moved_to_another_bloc_is_reported_R_LC_REV_03():
    nouveau = (
        bloc(1, "Production", *ANCIEN[0].capacites, ANCIEN[1].capacites[0]),
        bloc(2, "Qualité", ANCIEN[1].capacites[1]),
    )
    resultat = ecart(ANCIEN, nouveau)
    assert [(d.nouvelle.code, d.ancienne.bloc, d.nouvelle.bloc) for d in resultat.capacites_deplacees] == [("C3", 2, 1)]
    assert not resultat.capacites_modifiees and not resultat.blocs_modifies
