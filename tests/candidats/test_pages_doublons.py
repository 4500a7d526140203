"""The duplicates page: staff see candidates that look like one person and merge them (R-REG-04)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cqpm.candidats.models import Candidat
from cqpm.candidats.services import annuler_inscription
from cqpm.comptes.enums import Role
from tests.candidats.outils import agent
from tests.candidats.test_pages import connecte
from tests.factories import CandidatFactory, TerritorialeFactory

pytestmark = pytest.mark.django_db

NAISSANCE = datetime.date(1990, 4, 12)


@pytest.fixture
def jumeaux(cadre):  # type: ignore[no-untyped-def]
    """The same person registered twice, spelled differently."""
    premier = cadre.inscrire(CandidatFactory(nom="Lefèvre", prenoms="Anne", date_naissance=NAISSANCE)).candidat
    second = cadre.inscrire(
        CandidatFactory(nom="LEFEVRE", prenoms="Anne Marie", date_naissance=NAISSANCE),
        financement="CP",
    ).candidat
    return premier, second


def test_staff_see_the_group_and_merge_it_into_the_one_kept_R_REG_04(cadre, jumeaux):
    premier, second = jumeaux
    client = connecte(cadre.personnel)
    liste = client.get(reverse("candidats:liste")).content.decode()
    assert f'href="{reverse("candidats:doublons")}"' in liste
    page = client.get(reverse("candidats:doublons"))
    assert page.status_code == 200 and page.context["groupes"] == [[premier, second]]
    fusion = {"groupe": [premier.pk, second.pk], "conserve": second.pk}
    refus = client.post(reverse("candidats:doublons"), fusion)  # both in progress on the same CQPM
    assert refus.status_code == 422 and "R-REG-01" in refus.content.decode()
    assert Candidat.objects.get(pk=premier.pk).fusionne_dans is None
    annuler_inscription(premier.inscriptions.get(), acteur=cadre.personnel, motif="Doublon")
    reponse = client.post(reverse("candidats:doublons"), fusion)
    assert reponse.status_code == 302
    premier.refresh_from_db()
    assert premier.fusionne_dans == second
    assert set(Candidat.objects.get(pk=second.pk).inscriptions.all()) == set(cadre.qualification.inscriptions.all())
    assert client.get(reverse("candidats:doublons")).context["groupes"] == []


def test_a_company_may_not_merge_candidates_R_REG_04(cadre, jumeaux):
    rh = agent(cadre.entreprise, Role.ENTREPRISE)
    assert connecte(rh).get(reverse("candidats:doublons")).status_code == 403


def test_another_centre_neither_sees_nor_merges_them_R_REG_04(cadre, jumeaux):
    premier, second = jumeaux
    ailleurs = connecte(agent(TerritorialeFactory(departement="13")))
    assert ailleurs.get(reverse("candidats:doublons")).context["groupes"] == []
    reponse = ailleurs.post(reverse("candidats:doublons"), {"groupe": [premier.pk, second.pk], "conserve": second.pk})
    assert reponse.status_code == 422
    premier.refresh_from_db()
    assert premier.fusionne_dans is None
