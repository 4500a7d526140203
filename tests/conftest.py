"""Shared fixtures: the browser (Debian's Chromium driven by Playwright) and logged-in clients per role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures_referentiels", "tests.fixtures_courriels"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


FIXTURES_NAVIGATEUR = frozenset({"navigateur", "page", "nouvelle_page"})
"""Any test that uses one of these drives Chromium: it runs once, in the PostgreSQL run (marker `une_fois`)."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests and schemathesis exercise pages and the API, not the database engine: `make test` runs them
    once, on PostgreSQL (`-m "not une_fois"` in the SQLite run). Marking them from their fixtures means a new
    browser test cannot be forgotten by either run."""
    for item in items:
        if FIXTURES_NAVIGATEUR & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.une_fois)


_sautes: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _sautes.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A skipped test counts as a failure: a missing tool or service must be installed or fail loudly."""
    if hasattr(session.config, "workerinput"):
        return  # an xdist worker: its reports reach the controller, which decides
    if _sautes and exitstatus == 0:
        rapporteur = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "ÉCHEC : tests sautés (un test sauté compte comme un échec) : " + ", ".join(sorted(_sautes)[:20])
        if rapporteur is not None:
            rapporteur.write_line(message, red=True)
        session.exitstatus = 1


def pytest_configure(config: pytest.Config) -> None:
    """The test deployment's settings. Passwords hash fast: PBKDF2's deliberate slowness protects real accounts,
    not factories. Its paper register ended at sequence 9000: CQPMs created in tests are numbered from 9001, far
    from the factories' sequences (1000 + n)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MQ_DERNIERE_SEQUENCE = 9000


@pytest.fixture(autouse=True, scope="session")
def _vidage_entre_tests_autorise() -> Iterator[None]:
    """Transactional tests empty the database after each test: only then may the audit log be emptied."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from cqpm.audit.base_de_donnees import purge_autorisee

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):  # type: ignore[no-untyped-def]
        with purge_autorisee(self.connection.alias):
            return original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    BaseDatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


ATTENTE_MS = 30_000
"""How long a browser step waits for the page: generous, because a loaded 2-core CI machine (two test workers,
a live server each, Chromium) can take seconds to serve a page that takes milliseconds when idle. A step that
succeeds returns as soon as it can, so this costs nothing when all is well."""


@pytest.fixture(scope="session")
def navigateur() -> Iterator[object]:
    """One headless Chromium per test worker. Missing Chromium is a failure, never a skip (make test installs it)."""
    from playwright.sync_api import expect, sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez `make test`, qui l'installe.")
    # Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls from the test.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    expect.set_options(timeout=ATTENTE_MS)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(navigateur, live_server):  # type: ignore[no-untyped-def]
    context = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(ATTENTE_MS)
    yield page
    context.close()


@pytest.fixture
def nouvelle_page(navigateur, live_server):  # type: ignore[no-untyped-def]
    """Another actor's browser: its own context, hence its own session cookie."""
    contextes = []

    def ouvrir():  # type: ignore[no-untyped-def]
        contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
        contextes.append(contexte)
        page = contexte.new_page()
        page.set_default_timeout(ATTENTE_MS)
        return page

    yield ouvrir
    for contexte in contextes:
        contexte.close()


def verifier_accessibilite(page) -> None:  # type: ignore[no-untyped-def]
    """Run axe-core (from node_modules, no CDN) on the current page; fail on serious or critical violations."""
    if not AXE.exists():
        pytest.fail("axe-core absent : lancez `make test` (npm ci l'installe).")
    # Evaluated through the DevTools protocol, not added as an inline <script>: the Content-Security-Policy forbids
    # inline scripts, and the test must not loosen the policy it runs under.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    resultat = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    graves = [v for v in resultat["violations"] if v["impact"] in ("serious", "critical")]
    assert not graves, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in graves
    )
