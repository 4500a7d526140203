"""`manage.py purger_archives [--simulation] [--date AAAA-MM-JJ]`: purge the documents whose retention ran out
(R-ARCH-01) and pseudonymise the candidates left with nothing kept indefinitely; `--simulation` only writes the
French report of what would go, why and under which rule. `taches_quotidiennes` runs the purge every day."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import CommandParser

from cqpm.archives import services
from cqpm.core.acteurs import SYSTEME
from cqpm.core.quotidien import CommandeQuotidienne


class Command(CommandeQuotidienne):
    help = "Purge des documents dont la durée de conservation a expiré (R-ARCH-01) ; --simulation : rapport seul."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--simulation", action="store_true", help="Écrire le rapport de purge sans rien supprimer.")

    def handle(self, *args: Any, simulation: bool = False, **options: Any) -> None:
        self.simulation = simulation
        super().handle(*args, **options)

    def executer(self, le: datetime.date) -> None:
        if not self.simulation:
            services.purge_du_jour(le, self.stdout.write)
            return
        rapport = services.simulation(acteur=SYSTEME, le=le)
        self.stdout.write(
            f"Simulation de la purge du {le:%d/%m/%Y} (rien n'est supprimé) : {len(rapport.documents)} document(s) "
            f"à purger, {len(rapport.a_pseudonymiser)} candidat(s) à pseudonymiser (R-ARCH-01)."
        )
        for d in rapport.documents:
            self.stdout.write(f"- {d.operation} : {d.nature} — {d.libelle} ({d.regle}). {d.motif}")
        for c in rapport.a_pseudonymiser:
            self.stdout.write(f"- Pseudonymisation du candidat n° {c.pk} : plus rien de conservé indéfiniment.")
