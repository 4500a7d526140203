"""The daily jobs: `manage.py taches_quotidiennes` (the one entry point of cron or the systemd timer) runs every
job the apps registered here, in their order in INSTALLED_APPS.

The ground cannot know the domain apps: each app registers its job from its `AppConfig.ready()`. This registry
is the explicit hook by which a lower layer runs code of a higher one.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from cqpm.core.dates import lire_date_iso

TacheQuotidienne = Callable[[datetime.date, Callable[[str], None]], None]
"""A daily job: given the reference date and a function that writes one line of the French report."""

_TACHES: dict[str, TacheQuotidienne] = {}


def enregistrer_tache_quotidienne(nom: str, tache: TacheQuotidienne) -> None:
    """Register `tache` under `nom` (registering a name again replaces its job: ready() may run twice)."""
    _TACHES[nom] = tache


def taches_quotidiennes() -> dict[str, TacheQuotidienne]:
    return dict(_TACHES)


def date_iso(valeur: str) -> datetime.date:
    """argparse reports an ArgumentTypeError as a usage error (exit 2, no traceback; CommandError under
    call_command)."""
    try:
        return lire_date_iso(valeur)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


class CommandeQuotidienne(BaseCommand):
    """A daily command: `--date AAAA-MM-JJ` (today by default) catches up on a missed day; `executer` does the
    work for that date and writes its French report."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=date_iso, default=None, help="Date de référence AAAA-MM-JJ (par défaut : aujourd'hui)."
        )

    def handle(self, *args: Any, date: datetime.date | None, **options: Any) -> None:
        self.executer(date or timezone.localdate())

    def executer(self, le: datetime.date) -> None:
        raise NotImplementedError
