"""`manage.py taches_quotidiennes`: the single daily entry point for cron or a systemd timer (see README).

It runs the jobs the apps registered in `cqpm.core.quotidien` — the lifecycle's (end of expired reactivations,
R-LC-REA-02, then veille and suppression proposals, R-LC-SUP-03) and the VAE reminders (R-VAE-02). Running it
twice a day changes nothing more.
"""

from __future__ import annotations

import datetime

from cqpm.core.quotidien import CommandeQuotidienne, taches_quotidiennes


class Command(CommandeQuotidienne):
    help = (
        "Tâches quotidiennes : fin des réactivations échues, propositions de veille et suppression, relances des "
        "dossiers de VAE."
    )

    def executer(self, le: datetime.date) -> None:
        for tache in taches_quotidiennes().values():
            tache(le, self.stdout.write)
