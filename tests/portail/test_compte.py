"""Which candidate a user account speaks for."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from cqpm.comptes.enums import Role
from cqpm.portail.models import CompteCandidat
from cqpm.portail.services import candidat_de
from tests.factories import CandidatFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_an_account_speaks_for_one_candidate_and_staff_for_none():
    candidat = CandidatFactory()
    compte = UtilisateurFactory(role=Role.CANDIDAT)
    CompteCandidat.objects.create(utilisateur=compte, candidat=candidat)
    assert candidat_de(compte) == candidat
    assert candidat_de(UtilisateurFactory(role=Role.SECRETARIAT_GTP)) is None
    assert candidat_de(AnonymousUser()) is None


def test_a_candidate_has_at_most_one_account():
    candidat = CandidatFactory()
    CompteCandidat.objects.create(utilisateur=UtilisateurFactory(role=Role.CANDIDAT), candidat=candidat)
    with pytest.raises(IntegrityError):
        CompteCandidat.objects.create(utilisateur=UtilisateurFactory(role=Role.CANDIDAT), candidat=candidat)
