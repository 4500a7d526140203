"""The candidate sees his evaluation results in his space (« Mon espace »), and only his (R-EVAL-04)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.evaluations.outils import dossier_choisi, inscription, territoriale, tout_evaluer
from tests.factories import CompteCandidatFactory

pytestmark = pytest.mark.django_db


def espace(compte) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(compte.utilisateur)
    return client.get(reverse("portail:espace")).content.decode()


def test_the_candidate_sees_the_commissions_results_per_capacity_R_EVAL_04():
    compte = CompteCandidatFactory()
    i = inscription(candidat=compte.candidat)
    tout_evaluer(i, territoriale(i), acquise=False)
    page = espace(compte)
    assert "Résultats de la commission d'évaluation" in page
    assert page.count("Non acquise") == i.version.capacites.count()


def test_before_the_commission_the_dossier_is_said_open_and_another_candidate_sees_nothing_R_EVAL_04():
    compte, autre = CompteCandidatFactory(), CompteCandidatFactory()
    i = inscription(candidat=compte.candidat)
    dossier_choisi(i, territoriale(i))
    assert "la commission d'évaluation ne s'est pas encore prononcée" in espace(compte)
    assert "Évaluation" not in espace(autre)
