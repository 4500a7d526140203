"""`manage.py relancer_courriels`: put the e-mails whose sending failed, or was interrupted by a worker's death
(lease expired), back in the task queue.

Run it once the mail server is reachable again, or from a timer every few minutes; the worker then sends each
e-mail to the recipients not yet served.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cqpm.core.courriels import relancer_courriels


class Command(BaseCommand):
    help = "Remet en file d'attente les courriels dont l'envoi a échoué ou a été interrompu (bail expiré)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-tentatives",
            type=int,
            default=None,
            help="Ne relancer que les courriels ayant échoué moins de N fois (par défaut : tous ; les envois "
            "interrompus sont toujours repris).",
        )
        parser.add_argument(
            "ids",
            nargs="*",
            type=int,
            help="Identifiants des courriels à relancer (par défaut : tous ceux en échec ou interrompus).",
        )

    def handle(self, *args: Any, max_tentatives: int | None, ids: list[int], **options: Any) -> None:
        relances = relancer_courriels(max_tentatives=max_tentatives, ids=ids or None)
        if not relances:
            self.stdout.write("Aucun courriel en échec ou interrompu à relancer.")
            return
        self.stdout.write(f"{len(relances)} courriel(s) remis en file d'attente : {', '.join(map(str, relances))}.")
