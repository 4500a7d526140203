"""`manage.py proposer_veilles_suppressions [--date AAAA-MM-JJ]`: raise the veille and suppression proposals due
(R-LC-SUP-03) and say, in French, what was proposed. Normally run by `taches_quotidiennes`."""

from __future__ import annotations

import datetime

from cqpm.core.quotidien import CommandeQuotidienne
from cqpm.cycle_de_vie import propositions
from cqpm.cycle_de_vie.quotidien import rapporter


class Command(CommandeQuotidienne):
    help = (
        "Propose au GTP la mise en veille des CQPM sans candidat inscrit depuis 3 ans et la suppression des CQPM "
        "en veille depuis 2 ans sans réactivation (R-LC-SUP-03) ; ne décide jamais."
    )

    def executer(self, le: datetime.date) -> None:
        rapporter(self.stdout.write, propositions.proposer(le), le)
