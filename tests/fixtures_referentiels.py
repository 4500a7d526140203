"""Fixtures of the referential register, shared by every app's tests (registered in tests/conftest.py)."""

from __future__ import annotations

import pytest

from cqpm.comptes.enums import Role
from cqpm.comptes.models import Utilisateur
from cqpm.demo.fiche_28245 import assurer_territoriale, charger_fiche_28245
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import CentreRessources, Qualification, VersionReferentiel
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, CapaciteSaisie
from cqpm.referentiels.services import creer_version, definir_activites, definir_certification


@pytest.fixture
def fiche_28245(db: None) -> Qualification:
    """The CQPM of RNCP sheet 28245, loaded from its data file (R-REF-04), with its UIMM territoriale 69."""
    return charger_fiche_28245()


@pytest.fixture
def territoriales(db: None) -> dict[str, Organisation]:
    """UIMM territoriales of a few départements (mainland, Corsica, overseas), by code."""
    return {d: assurer_territoriale(d) for d in ("69", "13", "2A", "971")}


def blocs_complets(
    nb_blocs: int = 2, par_bloc: int = 2, modalites: tuple[str, ...] = ("a_reelle", "d_avis_entreprise")
) -> tuple[BlocSaisi, ...]:
    """Blocs of capacities C1…Cn, each with conditions, criteria and allowed modalities (R-REF-01)."""
    blocs = []
    for b in range(1, nb_blocs + 1):
        debut = (b - 1) * par_bloc
        capacites = tuple(
            CapaciteSaisie(
                numero=n,
                intitule=f"Régler une machine de découpe laser (étape {n})",
                conditions_realisation="À partir d'un dossier de fabrication.",
                criteres_evaluation="Les cotes du plan sont respectées.",
                modalites=modalites,
            )
            for n in range(debut + 1, debut + par_bloc + 1)
        )
        blocs.append(BlocSaisi(numero=b, intitule=f"Bloc de compétences {b}", capacites=capacites))
    return tuple(blocs)


@pytest.fixture
def acteur(db: None) -> Utilisateur:
    from tests.factories import UtilisateurFactory

    return UtilisateurFactory(role=Role.MEMBRE_GTP)


@pytest.fixture
def brouillon_complet(db: None, acteur: Utilisateur) -> VersionReferentiel:
    """A draft referential of a CQPM in projet, complete enough to be decided by the GTP (R-REF-01)."""
    qualification = Qualification.objects.create(intitule="Opérateur(trice) de découpe laser")
    CentreRessources.objects.create(qualification=qualification, territoriale=assurer_territoriale("69"))
    version = creer_version(
        qualification,
        acteur=acteur,
        categorie="B",
        mission="Le titulaire réalise des pièces par découpe laser.",
        conditions_admissibilite="Toutes les capacités sont acquises.",
    )
    definir_activites(version, [ActiviteSaisie("A1", "Préparation"), ActiviteSaisie("A2", "Découpe")], acteur=acteur)
    definir_certification(version, blocs_complets(), acteur=acteur)
    return version
