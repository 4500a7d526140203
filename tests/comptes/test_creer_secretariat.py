"""Bootstrap of a new deployment: the first secretariat account, created from the command line."""

import pytest
from django.core.management import CommandError, call_command

from cqpm.audit.models import EntreeAudit
from cqpm.comptes.enums import Role
from cqpm.comptes.models import Utilisateur
from cqpm.comptes.permissions import roles

pytestmark = pytest.mark.django_db


def test_first_secretariat_account_is_created_with_its_role_and_audited(monkeypatch, capsys):
    monkeypatch.setenv("MDP_SECRETARIAT", "un-mot-de-passe-solide-2026")
    call_command(
        "creer_secretariat", "anne", "anne@uimm.example", "--nom", "Durand", "--mot-de-passe-env", "MDP_SECRETARIAT"
    )
    anne = Utilisateur.objects.get(username="anne")
    assert anne.check_password("un-mot-de-passe-solide-2026")
    assert anne.is_staff and anne.habilitations.filter(role=Role.SECRETARIAT_GTP).exists()
    anne.is_verified = lambda: True  # once the TOTP code is typed
    assert Role.SECRETARIAT_GTP in roles(anne)
    assert EntreeAudit.objects.filter(objet_type="comptes.Utilisateur", objet_id=str(anne.pk)).exists()
    assert "double authentification" in capsys.readouterr().out


def test_weak_password_is_refused_in_french(monkeypatch):
    monkeypatch.setenv("MDP", "123")
    with pytest.raises(CommandError, match="Mot de passe refusé"):
        call_command("creer_secretariat", "anne", "anne@uimm.example", "--mot-de-passe-env", "MDP")
    assert not Utilisateur.objects.exists()


def test_existing_username_is_refused(monkeypatch):
    monkeypatch.setenv("MDP", "un-mot-de-passe-solide-2026")
    call_command("creer_secretariat", "anne", "anne@uimm.example", "--mot-de-passe-env", "MDP")
    with pytest.raises(CommandError, match="déjà utilisé"):
        call_command("creer_secretariat", "Anne", "autre@uimm.example", "--mot-de-passe-env", "MDP")
