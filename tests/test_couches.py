"""Layers point one way (pyproject.toml, [tool.importlinter], also run by `lint-imports` in `make lint`): the
contracts hold on the code, and each one reports an import that breaks it — a contract that cannot fail proves
nothing."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import grimp
import pytest
from importlinter import api
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

CONFIGURATION = api.read_configuration(str(Path(__file__).resolve().parent.parent / "pyproject.toml"))
CONTRATS: dict[str, dict[str, Any]] = {c["id"]: c for c in CONFIGURATION["contracts_options"]}
TYPES = {"layers": LayersContract, "forbidden": ForbiddenContract}


@pytest.fixture(scope="module")
def graphe() -> grimp.ImportGraph:
    return grimp.build_graph(*CONFIGURATION["session_options"]["root_packages"], cache_dir=None)


def violations(graphe: grimp.ImportGraph, contrat: str) -> list[str]:
    """What breaks contract `contrat` in `graphe` (« importer → imported »), empty when the contract holds."""
    options = CONTRATS[contrat]
    verification = TYPES[options["type"]](
        name=options["name"], session_options=CONFIGURATION["session_options"], contract_options=options
    ).check(copy.deepcopy(graphe), verbose=False)
    if options["type"] == "layers":
        trouvees = [f"{d['importer']} → {d['imported']}" for d in verification.metadata["invalid_dependencies"]]
        trouvees += [f"{m} n'est dans aucune couche" for m in sorted(verification.metadata["undeclared_modules"])]
    else:
        chaines = verification.metadata["invalid_chains"]
        trouvees = [f"{c['downstream_module']} → {c['upstream_module']}" for c in chaines]
    assert verification.kept is not bool(trouvees)
    return trouvees


def avec_import(graphe: grimp.ImportGraph, importateur: str, importe: str) -> grimp.ImportGraph:
    modifie = copy.deepcopy(graphe)
    modifie.add_import(importer=importateur, imported=importe, line_number=1, line_contents=f"import {importe}")
    return modifie


def test_the_contracts_are_the_four_expected():
    assert set(CONTRATS) == {"couches", "racines", "demo", "tests"}


@pytest.mark.parametrize("contrat", sorted(CONTRATS))
def test_the_code_keeps_the_import_contract(graphe, contrat):
    assert violations(graphe, contrat) == []


@pytest.mark.parametrize(
    ("contrat", "importateur", "importe", "violation"),
    [
        # The ground reaching up to a domain app.
        ("couches", "cqpm.core.errors", "cqpm.referentiels.models", "cqpm.core → cqpm.referentiels"),
        ("couches", "cqpm.organisations.models", "cqpm.referentiels.numeros", "cqpm.organisations → cqpm.referentiels"),
        ("couches", "cqpm.api.schemas", "cqpm.candidats.api", "cqpm.api → cqpm.candidats"),
        # A domain app reaching up to a higher one, or to its sibling.
        ("couches", "cqpm.referentiels.services", "cqpm.cycle_de_vie.models", "cqpm.referentiels → cqpm.cycle_de_vie"),
        ("couches", "cqpm.portail.sections", "cqpm.vae.models", "cqpm.portail → cqpm.vae"),
        ("couches", "cqpm.vae.services", "cqpm.evaluations.services", "cqpm.vae → cqpm.evaluations"),
        ("couches", "cqpm.evaluations.views", "cqpm.vae.models", "cqpm.evaluations → cqpm.vae"),
        ("couches", "cqpm.evaluations.services", "cqpm.jurys.models", "cqpm.evaluations → cqpm.jurys"),
        ("couches", "cqpm.jurys.services", "cqpm.demo.synthetiques", "cqpm.jurys → cqpm.demo"),
        # An app reaching the roots, production reaching the demo or the tests.
        ("racines", "cqpm.referentiels.api", "config.api", "cqpm → config"),
        ("demo", "config.urls", "cqpm.demo.synthetiques", "config → cqpm.demo"),
        ("demo", "cqpm.cycle_de_vie.effets", "cqpm.demo.synthetiques", "cqpm.cycle_de_vie → cqpm.demo"),
        ("tests", "cqpm.core.views", "tests.factories", "cqpm → tests"),
        ("tests", "config.settings", "tests.conftest", "config → tests"),
    ],
)
def test_each_contract_reports_an_import_that_breaks_it(graphe, contrat, importateur, importe, violation):
    assert violation in violations(avec_import(graphe, importateur, importe), contrat)


def test_an_app_missing_from_the_layers_is_reported(graphe):
    nouveau = copy.deepcopy(graphe)
    nouveau.add_module("cqpm.nouvelle")
    assert violations(nouveau, "couches") == ["cqpm.nouvelle n'est dans aucune couche"]


def test_a_downward_import_is_allowed(graphe):
    descendant = avec_import(graphe, "cqpm.evaluations.views", "cqpm.portail.sections")
    assert all(violations(descendant, contrat) == [] for contrat in CONTRATS)
