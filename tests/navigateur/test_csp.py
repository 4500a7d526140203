"""The Content-Security-Policy (django-csp) is on every response and breaks nothing: the main pages, an HTMX live
search and Swagger UI (/api/docs) run under it in Chromium without a single violation reported."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cqpm.comptes.enums import Role
from tests.factories import TerritorialeFactory, UtilisateurFactory
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ECOUTE = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile);
});
"""


def _surveiller(page: Any) -> list[str]:
    console: list[str] = []
    page.add_init_script(ECOUTE)
    page.on(
        "console",
        lambda m: console.append(m.text) if re.search("Content.Security.Policy|CSP", m.text, re.I) else None,
    )
    return console


def _violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__violations || []"))


def test_every_response_carries_the_policy():
    reponse = Client().get("/")
    politique = reponse["Content-Security-Policy"]
    assert "default-src 'self'" in politique and "script-src 'self'" in politique
    assert "'unsafe-inline'" not in politique and "frame-ancestors 'none'" in politique
    assert "Content-Security-Policy" in Client().get("/api/v1/territoriales")


def test_pages_htmx_and_swagger_ui_run_without_any_csp_violation(page, fiche_28245):  # type: ignore[no-untyped-def]
    console = _surveiller(page)
    vues: dict[str, list[str]] = {}

    page.goto("/")
    vues["/"] = _violations(page)
    page.goto("/catalogue/")
    page.wait_for_load_state()
    page.get_by_label("Rechercher une qualification").fill("operateur polyvalent")
    page.locator("#resultats").get_by_text("1 qualification trouvée").wait_for()
    vues["/catalogue/ (htmx)"] = _violations(page)
    page.goto(f"/catalogue/{fiche_28245.pk}/")
    vues["fiche"] = _violations(page)

    page.goto("/api/docs")
    page.locator(".opblock").first.wait_for(timeout=30_000)
    page.locator(".opblock-summary").first.click()
    page.locator(".opblock-body").first.wait_for()
    vues["/api/docs"] = _violations(page)

    territoriale = TerritorialeFactory(departement="69", nom="UIMM Rhône")
    UtilisateurFactory(username="terr", role=Role.TERRITORIALE, role__organisation=territoriale)
    se_connecter(page, "terr")
    page.wait_for_load_state()
    for chemin in ("/demandes/", "/inscriptions/", "/inscriptions/nouvelle/", "/vae/", "/evaluations/"):
        page.goto(chemin)
        vues[chemin] = _violations(page)
    page.goto("/admin/login/")
    vues["/admin/login/"] = _violations(page)

    assert {chemin: v for chemin, v in vues.items() if v} == {}
    assert console == []
