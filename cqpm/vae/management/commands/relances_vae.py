"""`manage.py relances_vae`: reminders and overdue notices of the VAE limits (R-VAE-02); `taches_quotidiennes`
calls it every day. Running it twice a day sends nothing more."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from cqpm.vae.enums import NatureRelance
from cqpm.vae.relances import relancer


def date_iso(valeur: str) -> datetime.date:
    return datetime.date.fromisoformat(valeur)


class Command(BaseCommand):
    help = "Rappels avant échéance et signalement des dépassements des dossiers de VAE (R-VAE-02)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=date_iso, default=None, help="Date de référence AAAA-MM-JJ (par défaut : aujourd'hui)."
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        le = date or timezone.localdate()
        relances = relancer(le)
        rappels = sum(r.nature == NatureRelance.RAPPEL for r in relances)
        self.stdout.write(
            f"VAE : {rappels} rappel(s) avant échéance, {len(relances) - rappels} dépassement(s) signalé(s) au "
            f"{le:%d/%m/%Y} (R-VAE-02)."
        )
