"""`manage.py relances_vae`: reminders and overdue notices of the VAE limits (R-VAE-02); `taches_quotidiennes`
runs the same job every day. Running it twice a day sends nothing more."""

from __future__ import annotations

import datetime

from cqpm.core.quotidien import CommandeQuotidienne
from cqpm.vae.relances import relances_du_jour


class Command(CommandeQuotidienne):
    help = "Rappels avant échéance et signalement des dépassements des dossiers de VAE (R-VAE-02)."

    def executer(self, le: datetime.date) -> None:
        relances_du_jour(le, self.stdout.write)
