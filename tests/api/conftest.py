"""API test helpers: a caller per role, by personal token or by (OTP-verified) browser session."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.comptes import jetons
from cqpm.comptes.enums import Role
from cqpm.comptes.models import Utilisateur
from cqpm.core.acteurs import SYSTEME
from cqpm.referentiels.models import VersionReferentiel, ecriture_historique
from tests.factories import TerritorialeFactory, UtilisateurFactory, referentiel_complet


def utilisateur(role: Role | None = None, organisation: Any = None) -> Utilisateur:
    if role is None:
        return UtilisateurFactory()
    return UtilisateurFactory(role=role, role__organisation=organisation)


def jeton_de(compte: Utilisateur) -> dict[str, str]:
    """The Authorization header of a fresh personal token of `compte` (created by the system)."""
    _, secret = jetons.creer_jeton(compte, "Tests", acteur=SYSTEME)
    return {"Authorization": f"Bearer {secret}"}


def connecter(client: Client, compte: Utilisateur, *, verifie: bool = False) -> Client:
    """Log `compte` in; `verifie` also confirms a TOTP code, as the second-factor page does."""
    client.force_login(compte)
    if verifie:
        appareil = TOTPDevice.objects.create(user=compte, name="Tests", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
        session.save()
    return client


def referentiel(**kwargs: Any) -> VersionReferentiel:
    """A decided version with its blocs and capacities, written as a past decision."""
    with ecriture_historique():
        return referentiel_complet(**kwargs)


@pytest.fixture
def territoriale_69():  # type: ignore[no-untyped-def]
    return TerritorialeFactory(departement="69")


@pytest.fixture
def secretariat(client: Client) -> Client:
    """A browser session of the secretariat, OTP-verified: its national role counts."""
    return connecter(client, utilisateur(Role.SECRETARIAT_GTP), verifie=True)
