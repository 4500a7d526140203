"""Shared public pages: French error pages, the layout every page inherits (seen on the home page)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


@pytest.mark.django_db
def test_layout_has_language_skip_link_landmarks_and_account_links(client):
    html = client.get(reverse("referentiels:accueil")).content.decode()
    assert '<html lang="fr">' in html
    assert html.index('href="#contenu"') < html.index("<header")
    for repere in ('<main id="contenu"', "<header", "<footer", 'aria-label="Navigation principale"'):
        assert repere in html
    assert reverse("comptes:connexion") in html and 'href="/api/docs"' in html


@pytest.mark.django_db
def test_logged_in_user_gets_a_post_logout_form_and_staff_the_admin_link(client):
    from tests.factories import UtilisateurFactory

    client.force_login(UtilisateurFactory(is_staff=True))
    html = client.get(reverse("referentiels:accueil")).content.decode()
    assert f'<form method="post" action="{reverse("comptes:deconnexion")}">' in html
    assert reverse("admin:index") in html


def test_server_error_page_is_in_french_without_a_database():
    reponse = server_error(RequestFactory().get("/"))
    html = reponse.content.decode()
    assert reponse.status_code == 500
    assert "Erreur inattendue" in html and '<html lang="fr">' in html


@pytest.mark.django_db
def test_health_probe_answers_ok_when_the_database_answers(client):
    reponse = client.get("/sante")
    assert reponse.status_code == 200 and reponse.json() == {"statut": "ok"}
