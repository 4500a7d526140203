"""`manage.py proposer_veilles_suppressions [--date AAAA-MM-JJ]`: raise the veille and suppression proposals due
(R-LC-SUP-03) and say, in French, what was proposed. Normally run by `taches_quotidiennes`."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cqpm.cycle_de_vie import propositions
from cqpm.cycle_de_vie.models import Demande


def date_iso(valeur: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(valeur)
    except ValueError as exc:
        raise CommandError(f"Date invalide « {valeur} » : attendu AAAA-MM-JJ.") from exc


def decrire(demande: Demande) -> str:
    """One line per proposal: the CQPM, what is proposed and where it will be examined."""
    point = propositions.point_inscrit(demande)
    seance = str(point.seance) if point is not None else ""
    ou = (
        f"inscrite à l'ordre du jour de la {seance[:1].lower()}{seance[1:]} (point {point.ordre})"
        if point is not None
        else "aucune séance du GTP n'est planifiée : à inscrire à l'ordre du jour de la prochaine"
    )
    return f"- Demande n° {demande.pk} : {demande.get_type_display().lower()} de « {demande.qualification} » — {ou}."


def rapporter(commande: BaseCommand, demandes: list[Demande], le: datetime.date) -> None:
    if not demandes:
        commande.stdout.write(f"Aucune mise en veille ni suppression à proposer au {le:%d/%m/%Y} (R-LC-SUP-03).")
        return
    commande.stdout.write(
        f"{len(demandes)} proposition(s) déposée(s) au nom du GTP au {le:%d/%m/%Y} (R-LC-SUP-03), "
        "à décider par le GTP :"
    )
    for demande in demandes:
        commande.stdout.write(decrire(demande))


class Command(BaseCommand):
    help = (
        "Propose au GTP la mise en veille des CQPM sans candidat inscrit depuis 3 ans et la suppression des CQPM "
        "en veille depuis 2 ans sans réactivation (R-LC-SUP-03) ; ne décide jamais."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=date_iso, default=None, help="Date de référence AAAA-MM-JJ (par défaut : aujourd'hui)."
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        le = date or timezone.localdate()
        rapporter(self, propositions.proposer(le), le)
