"""The main menu, grouped (registre, parcours des candidats, GTP, administration) and built from what each app
registered: each role sees the entries of the pages that would not refuse him, and only those."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cqpm.comptes.enums import Role
from cqpm.core.navigation import Groupe, menu_de
from tests.api.conftest import connecter
from tests.factories import (
    CandidatFactory,
    CompteCandidatFactory,
    EntrepriseFactory,
    UtilisateurFactory,
    verifie_par_otp,
)

pytestmark = pytest.mark.django_db


def libelles(utilisateur) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {g.libelle: [e.libelle for e, _, _ in g.entrees] for g in menu_de(utilisateur)}


def test_anonymous_visitors_see_the_public_registry_only() -> None:
    from django.contrib.auth.models import AnonymousUser

    assert libelles(AnonymousUser()) == {Groupe.REGISTRE.label: ["Catalogue", "API"]}


def test_the_secretariat_sees_every_group_in_order() -> None:
    secretariat = verifie_par_otp(UtilisateurFactory(role=Role.SECRETARIAT_GTP, is_staff=True))
    menu = libelles(secretariat)
    assert list(menu) == [Groupe.REGISTRE.label, Groupe.PARCOURS.label, Groupe.GTP.label, Groupe.ADMINISTRATION.label]
    assert menu[Groupe.REGISTRE.label] == ["Catalogue", "Demandes", "API"]
    assert menu[Groupe.PARCOURS.label] == [
        "Inscriptions",
        "Évaluations",
        "VAE",
        "Jurys",
        "Attributions",
        "Espaces candidats",
    ]
    assert menu[Groupe.GTP.label] == ["Séances du GTP"]


def test_a_company_sees_its_registrations_and_no_gtp_nor_administration() -> None:
    entreprise = EntrepriseFactory()
    menu = libelles(UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=entreprise))
    assert menu[Groupe.PARCOURS.label] == ["Inscriptions"]
    assert Groupe.GTP.label not in menu and Groupe.ADMINISTRATION.label not in menu


def test_a_candidate_sees_his_space_and_his_vae_requests_not_the_staff_lists() -> None:
    compte = CompteCandidatFactory(candidat=CandidatFactory())
    menu = libelles(compte.utilisateur)
    assert menu[Groupe.ESPACE.label] == ["Mon espace"]
    assert menu[Groupe.PARCOURS.label] == ["VAE"]


def test_the_current_page_is_marked_in_the_menu_and_the_home_page_is_not_the_catalogue(client: Client) -> None:
    catalogue = client.get(reverse("referentiels:catalogue")).content.decode()
    assert re.search(r'<a href="/catalogue/" aria-current="page">Catalogue</a>', catalogue)
    accueil = client.get(reverse("referentiels:accueil")).content.decode()
    assert 'aria-current="page">Catalogue' not in accueil
    assert re.search(r'aria-current="page">Accueil</a>', accueil)


def test_groups_are_labelled_lists_for_screen_readers(client: Client) -> None:
    connecter(client, UtilisateurFactory(role=Role.SECRETARIAT_GTP), verifie=True)
    page = client.get(reverse("referentiels:catalogue")).content.decode()
    for groupe in (Groupe.REGISTRE, Groupe.PARCOURS, Groupe.GTP):
        assert f'id="menu-{groupe.value}">{groupe.label}</span>' in page.replace("&quot;", '"').replace("&laquo;", "«")
        assert f'<ul aria-labelledby="menu-{groupe.value}">' in page


def test_after_login_everyone_lands_on_what_waits_for_him() -> None:
    assert reverse(settings.LOGIN_REDIRECT_URL) == reverse("core:a_traiter") == "/a-traiter/"
