"""Merging duplicate candidates in a real browser: the exam centre's staff keep one record of a person registered
twice under two spellings (R-REG-04); axe-core checks each page."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from cqpm.candidats.models import Candidat
from cqpm.candidats.services import annuler_inscription
from tests.candidats.outils import cadre
from tests.conftest import verifier_accessibilite
from tests.factories import CandidatFactory
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["cadre"]


def test_exam_centre_merges_a_candidate_registered_twice_R_REG_04(page, cadre):  # type: ignore[no-untyped-def]
    naissance = datetime.date(1990, 4, 12)
    premiere = cadre.inscrire(CandidatFactory(nom="Lefèvre", prenoms="Anne", date_naissance=naissance))
    # One registration in progress per target once merged (R-REG-01): the first one was given up.
    annuler_inscription(premiere, acteur=cadre.personnel, motif="Inscrite une seconde fois par erreur")
    garde = cadre.inscrire(
        CandidatFactory(nom="LEFEVRE", prenoms="Anne Marie", date_naissance=naissance), financement="CP"
    ).candidat
    cadre.personnel.username = "agent69"
    cadre.personnel.save()
    se_connecter(page, "agent69", suite="/inscriptions/")
    page.get_by_role("link", name="Doublons de candidats").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Doublons de candidats")
    verifier_accessibilite(page)
    page.get_by_label("LEFEVRE Anne Marie, né(e) à", exact=False).check()
    page.get_by_role("button", name="Fusionner les autres fiches dans celle-ci").click()
    expect(page.get_by_role("status")).to_contain_text("Les doublons sont fusionnés")
    expect(page.get_by_text("Aucun doublon parmi les candidats que vous pouvez consulter.")).to_be_visible()
    verifier_accessibilite(page)
    assert Candidat.objects.get(prenoms="Anne").fusionne_dans == garde
