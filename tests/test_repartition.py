"""`make test` runs the suite twice, on SQLite then on PostgreSQL; browser tests and schemathesis run only in the
PostgreSQL pass. These tests hold that split: no test may fall out of both passes, and a new browser test is marked
from the fixtures it uses, without anyone remembering to."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import FIXTURES_NAVIGATEUR, pytest_collection_modifyitems

MAKEFILE = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")


def commande(cible: str) -> str:
    """The arguments given to pytest by a Makefile target (what follows `-m pytest`)."""
    bloc = re.search(rf"^{cible}:.*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert bloc, f"cible {cible} absente du Makefile"
    lignes = [ligne for ligne in bloc.group(1).splitlines() if "pytest" in ligne]
    assert len(lignes) == 1, lignes
    avant, _, arguments = lignes[0].partition("-m pytest")
    return avant + " |" + arguments + " "


def test_the_sqlite_pass_leaves_out_only_the_once_only_tests() -> None:
    ligne = commande("test-sqlite")
    assert "sqlite://" in ligne
    assert re.findall(r" -m\s+(\"[^\"]*\"|\S+)", ligne.partition("|")[2]) == ['"not une_fois"']
    assert " -k " not in ligne and "--deselect" not in ligne and "--ignore" not in ligne


def test_the_postgresql_pass_runs_every_test() -> None:
    ligne = commande("test-postgres")
    assert "$(PG_URL)" in ligne
    assert (
        " -m " not in ligne.partition("|")[2]
        and " -k " not in ligne
        and "--deselect" not in ligne
        and "--ignore" not in ligne
    )


def test_make_test_runs_both_passes() -> None:
    cible = re.search(r"^test:(.*)$", MAKEFILE, re.MULTILINE)
    assert cible and {"test-sqlite", "test-postgres"} <= set(cible.group(1).split())


@pytest.mark.parametrize("fixture", sorted(FIXTURES_NAVIGATEUR))
def test_a_test_using_the_browser_is_marked_once_only(fixture: str) -> None:
    marques: list[str] = []
    item = SimpleNamespace(fixturenames=["db", fixture], add_marker=lambda m: marques.append(m.name))
    pytest_collection_modifyitems(None, [item])  # type: ignore[arg-type, list-item]
    assert marques == ["browser", "une_fois"]


def test_a_test_without_the_browser_runs_in_both_passes() -> None:
    marques: list[str] = []
    item = SimpleNamespace(fixturenames=["db", "client"], add_marker=lambda m: marques.append(m.name))
    pytest_collection_modifyitems(None, [item])  # type: ignore[arg-type, list-item]
    assert marques == []


def test_a_skipped_test_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.conftest as racine

    lignes: list[str] = []
    rapporteur = SimpleNamespace(write_line=lambda texte, **_: lignes.append(texte))
    config = SimpleNamespace(pluginmanager=SimpleNamespace(get_plugin=lambda nom: rapporteur))
    session = SimpleNamespace(config=config, exitstatus=0)
    monkeypatch.setattr(racine, "_sautes", [])
    racine.pytest_runtest_logreport(SimpleNamespace(skipped=False, nodeid="tests/a.py::ok"))  # type: ignore[arg-type]
    racine.pytest_sessionfinish(session, 0)  # type: ignore[arg-type]
    assert session.exitstatus == 0
    racine.pytest_runtest_logreport(SimpleNamespace(skipped=True, nodeid="tests/a.py::saute"))  # type: ignore[arg-type]
    racine.pytest_sessionfinish(session, 0)  # type: ignore[arg-type]
    assert session.exitstatus == 1 and "tests/a.py::saute" in lignes[0]
