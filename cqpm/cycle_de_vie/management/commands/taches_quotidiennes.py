"""`manage.py taches_quotidiennes`: the single daily entry point for cron or a systemd timer (see README).

It ends the time-limited reactivations that expired (R-LC-REA-02), then raises the veille and suppression
proposals due (R-LC-SUP-03) — in that order, so that a CQPM back in veille today is seen as such. Running it
twice a day changes nothing more.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from cqpm.cycle_de_vie import effets, propositions
from cqpm.cycle_de_vie.management.commands.proposer_veilles_suppressions import date_iso, rapporter


class Command(BaseCommand):
    help = "Tâches quotidiennes du cycle de vie : fin des réactivations échues, propositions de veille et suppression."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=date_iso, default=None, help="Date de référence AAAA-MM-JJ (par défaut : aujourd'hui)."
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        le = date or timezone.localdate()
        terminees = effets.terminer_reactivations(le)
        if terminees:
            self.stdout.write(f"{len(terminees)} réactivation(s) arrivée(s) à échéance, CQPM remis en veille :")
            for q in terminees:
                self.stdout.write(f"- « {q} » (R-LC-REA-02).")
        else:
            self.stdout.write(f"Aucune réactivation arrivée à échéance au {le:%d/%m/%Y}.")
        rapporter(self, propositions.proposer(le), le)
        call_command("relances_vae", date=le, stdout=self.stdout)
