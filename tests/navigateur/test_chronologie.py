"""A candidate's timeline in a real browser: from his registration, the exam centre opens every event of his paths
(issue 15), checked by axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cqpm.candidats.services import annuler_inscription
from tests.candidats.outils import cadre
from tests.conftest import verifier_accessibilite
from tests.factories import CandidatFactory
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["cadre"]


def test_exam_centre_opens_the_timeline_of_a_candidate(page, cadre):  # type: ignore[no-untyped-def]
    inscription = cadre.inscrire(CandidatFactory(nom="Moreau", prenoms="Léa"))
    annuler_inscription(inscription, acteur=cadre.personnel, motif="Réorientée vers un autre CQPM")
    cadre.personnel.username = "agent69"
    cadre.personnel.save()
    se_connecter(page, "agent69", suite=f"/inscriptions/{inscription.pk}/")
    page.get_by_role("link", name="Chronologie de ses parcours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MOREAU Léa")
    ligne = page.get_by_role("row").filter(has_text="Inscription annulée")
    expect(ligne).to_contain_text("Réorientée vers un autre CQPM")
    verifier_accessibilite(page)
