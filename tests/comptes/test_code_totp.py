"""`manage.py code_totp`: the current TOTP code of a user's device, for the demo and never in production."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_code_totp_is_refused_in_production(settings):
    u = UtilisateurFactory(username="anne")
    TOTPDevice.objects.create(user=u, name="Téléphone", confirmed=True)
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refusée en production"):
        call_command("code_totp", "anne", stdout=StringIO())


def test_code_totp_for_a_user_without_device():
    UtilisateurFactory(username="paul")
    with pytest.raises(CommandError, match="Aucun appareil TOTP confirmé pour « paul »"):
        call_command("code_totp", "paul", stdout=StringIO())
