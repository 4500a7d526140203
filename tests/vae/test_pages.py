"""The exam centre's dashboard (overdue first, a pinned number of queries) and who sees which file."""

from __future__ import annotations

import datetime

import pytest

from tests.factories import CandidatFactory
from tests.vae.outils import a_la_date, compte_candidat

pytestmark = pytest.mark.django_db


def test_dashboard_lists_overdue_files_first_in_pinned_queries_R_VAE_02(vae, client, django_assert_num_queries):
    with a_la_date(datetime.date(2021, 1, 4)):
        ancien = vae.deposer()  # opinion due 04/04/2021
    with a_la_date(datetime.date(2021, 3, 1)):
        recent = vae.deposer(acteur=vae.agent, candidat=CandidatFactory(cree_par=vae.agent))
    client.force_login(vae.agent)
    with a_la_date(datetime.date(2021, 4, 10)):
        client.get("/vae/")
        with django_assert_num_queries(6):
            reponse = client.get("/vae/")
    page = reponse.content.decode()
    assert reponse.status_code == 200 and "1 dossier en retard" in page
    assert page.index(f"n° {ancien.pk}<") < page.index(f"n° {recent.pk}<")


def test_a_candidate_sees_only_his_own_file_and_the_other_centre_none(vae, client):
    with a_la_date(datetime.date(2021, 3, 1)):
        dossier = vae.deposer()
    client.force_login(vae.compte)
    assert client.get(f"/vae/{dossier.pk}/").status_code == 200
    client.force_login(compte_candidat(CandidatFactory()))
    assert client.get(f"/vae/{dossier.pk}/").status_code == 404
    client.force_login(vae.agent_autre)
    assert client.get(f"/vae/{dossier.pk}/").status_code == 404
