"""`manage.py importer_referentiel FICHIER`: import one referential document (format cqpm-referentiel/1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee
from cqpm.referentiels.echange import importer_referentiel


class Command(BaseCommand):
    help = "Importe un référentiel (document JSON « cqpm-referentiel/1 ») ; un fichier incorrect est refusé en entier."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fichier", type=Path, help="chemin du document JSON")

    def handle(self, *args: Any, fichier: Path, **options: Any) -> None:
        try:
            donnees = json.loads(fichier.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"Lecture impossible de {fichier} : {exc.strerror}.") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"{fichier} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno})."
            ) from exc
        try:
            version = importer_referentiel(donnees, acteur=SYSTEME)
        except RegleViolee as exc:
            lignes = [exc.message] + [
                f"  - {d['champ'] or '(document)'} : {d['message']}" + (f" [{d['rule']}]" if d.get("rule") else "")
                for d in exc.details
            ]
            raise CommandError("\n".join(lignes)) from exc
        self.stdout.write(
            f"Référentiel importé : {version.qualification} — version {version.numero} "
            f"({version.get_statut_display().lower()})."
        )
