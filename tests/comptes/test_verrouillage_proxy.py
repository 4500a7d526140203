"""Login lock-out behind the TLS proxy (django-axes): the client's address comes from X-Forwarded-For, as many
entries from the right as there are trusted proxies (PROXIES_DE_CONFIANCE), and the lock-out is keyed on
username + address, so an attacker cannot lock a user out from everywhere (ACCES)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from cqpm.comptes.adresse_client import adresse_client
from tests.comptes.test_connexion import connexion
from tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def depuis(adresse: str, *devant: str) -> Client:
    """A browser at `adresse`, reaching the application through the one TLS proxy; `devant` are entries the
    client himself wrote into X-Forwarded-For."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=", ".join([*devant, adresse]))


@pytest.fixture
def un_proxy(settings):  # type: ignore[no-untyped-def]
    settings.PROXIES_DE_CONFIANCE = 1


def test_an_attacker_behind_the_proxy_does_not_lock_the_user_out_from_his_own_address_ACCES(un_proxy):
    UtilisateurFactory(username="paul")
    attaquant = depuis("203.0.113.66")
    for _ in range(5):
        connexion(attaquant, "paul", "mauvais-mot-de-passe")
    assert connexion(attaquant, "paul").status_code == 429
    assert connexion(depuis("198.51.100.7"), "paul").status_code == 302


def test_a_forged_forwarded_address_neither_dodges_nor_borrows_the_lock_out_ACCES(un_proxy):
    UtilisateurFactory(username="paul")
    for i in range(5):
        connexion(depuis("203.0.113.66", f"192.0.2.{i}"), "paul", "mauvais-mot-de-passe")
    assert connexion(depuis("203.0.113.66", "198.51.100.7"), "paul").status_code == 429
    assert connexion(depuis("198.51.100.7"), "paul").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "transmis", "attendu"),
    [
        (0, "203.0.113.66", PROXY),  # no trusted proxy: the header is the client's word, ignored
        (1, "192.0.2.1, 203.0.113.66", "203.0.113.66"),
        (2, "192.0.2.1, 203.0.113.66, 10.0.0.1", "203.0.113.66"),
        (2, "203.0.113.66", PROXY),  # fewer entries than proxies: not through them
        (1, "pas-une-adresse", PROXY),
        (1, "", PROXY),
    ],
)
def test_the_client_address_is_the_entry_the_outermost_trusted_proxy_wrote(settings, proxies, transmis, attendu):
    settings.PROXIES_DE_CONFIANCE = proxies
    requete = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=transmis)
    assert adresse_client(requete) == attendu
