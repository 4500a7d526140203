"""`manage.py code_totp USERNAME`: the current TOTP code of a user's confirmed device (demo and tests only)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_du_moment(appareil: TOTPDevice, instant: float | None = None) -> str:
    totp = TOTP(appareil.bin_key, appareil.step, appareil.t0, appareil.digits, appareil.drift)
    totp.time = time.time() if instant is None else instant
    return f"{totp.token():0{appareil.digits}d}"


class Command(BaseCommand):
    help = "Affiche le code TOTP du moment d'un utilisateur (démonstration et tests ; refusé en production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Commande réservée à la démonstration et aux tests : refusée en production.")
        appareil = TOTPDevice.objects.filter(user__username=options["username"], confirmed=True).order_by("pk").first()
        if appareil is None:
            raise CommandError(f"Aucun appareil TOTP confirmé pour « {options['username']} ».")
        self.stdout.write(code_du_moment(appareil))
