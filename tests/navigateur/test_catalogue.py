"""The public journey: from the home page to fiche 28245 through the live search (R-REF-04)."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_fiche_28245_and_reads_its_blocs_R_REF_04(page, fiche_28245):
    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Catalogue").click()
    page.wait_for_url("**/catalogue/")
    page.wait_for_load_state()  # htmx (deferred script) is attached before the search field is typed into
    assert page.get_by_role("heading", level=1).inner_text() == "Catalogue des qualifications"

    page.get_by_label("Rechercher une qualification").fill("operateur polyvalent")
    resultats = page.locator("#resultats")
    resultats.get_by_text("1 qualification trouvée").wait_for()
    resultats.get_by_role("link", name=re.compile("Opérateur\\(trice\\) polyvalent d.équipe autonome")).click()

    page.wait_for_url(f"**/catalogue/{fiche_28245.pk}/")
    assert "Opérateur(trice) polyvalent" in page.get_by_role("heading", level=1).inner_text()
    bloc1 = page.get_by_role("region", name=re.compile("^Bloc 1 — Réalisation d'une production"))
    bloc2 = page.get_by_role("region", name=re.compile("^Bloc 2 — Contribution à la performance"))
    assert bloc1.locator(".capacite-code").all_inner_texts() == [f"C{n}" for n in range(1, 8)]
    assert bloc2.locator(".capacite-code").all_inner_texts() == [f"C{n}" for n in range(8, 13)]
    assert page.get_by_text("RNCP28245").first.is_visible()
