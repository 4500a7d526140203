"""The public home page: it presents the register and leads to the catalogue (cqpm.referentiels)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cqpm.referentiels.enums import StatutQualification
from tests.factories import QualificationFactory


@pytest.mark.django_db
def test_home_page_introduces_the_register_and_leads_to_the_catalogue(client, django_assert_num_queries):
    QualificationFactory.create_batch(2)
    QualificationFactory(statut=StatutQualification.EN_VEILLE)
    with django_assert_num_queries(1):
        reponse = client.get(reverse("referentiels:accueil"))
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert html.count("<h1") == 1
    assert "2 qualifications en vigueur" in html
    assert f'action="{reverse("referentiels:catalogue")}"' in html and 'name="q"' in html
    assert '<label for="recherche-accueil">' in html


@pytest.mark.django_db
def test_home_page_is_served_at_the_root_and_marked_current_in_the_menu(client):
    html = client.get("/").content.decode()
    assert reverse("referentiels:accueil") == "/"
    assert 'href="/" aria-current="page">Accueil</a>' in html
    assert f'href="{reverse("referentiels:catalogue")}">Catalogue</a>' in html
    catalogue = client.get(reverse("referentiels:catalogue")).content.decode()
    assert 'href="/">Accueil</a>' in catalogue
    assert f'href="{reverse("referentiels:catalogue")}" aria-current="page">Catalogue</a>' in catalogue
