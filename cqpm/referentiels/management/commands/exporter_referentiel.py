"""`manage.py exporter_referentiel NUMERO_MQ [--version N]`: print one referential as a JSON document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from cqpm.referentiels.echange import exporter_version
from cqpm.referentiels.models import Qualification
from cqpm.referentiels.numeros import NumeroInvalide, parse_mq


class Command(BaseCommand):
    help = "Exporte un référentiel au format « cqpm-referentiel/1 » (version en vigueur, ou --version N)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """`--version` names the referential version here, in place of Django's own `--version` option."""
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("numero", help="numéro MQ du CQPM (un ancien numéro est accepté)")
        parser.add_argument(
            "--version", type=int, dest="numero_version", help="numéro de version (défaut : en vigueur)"
        )
        parser.add_argument("--sortie", type=Path, help="fichier à écrire (défaut : sortie standard)")

    def handle(self, *args: Any, numero: str, numero_version: int | None, sortie: Path | None, **options: Any) -> None:
        try:
            lu = str(parse_mq(numero))
        except NumeroInvalide as exc:
            raise CommandError(exc.message) from exc
        qualification = Qualification.objects.filter(Q(numero=lu) | Q(anciens_numeros__numero=lu)).first()
        if qualification is None:
            raise CommandError(f"Aucun CQPM n'a le numéro « {lu} ».")
        versions = qualification.versions.order_by("-numero")
        if numero_version is not None:
            version = versions.filter(numero=numero_version).first()
        else:
            version = qualification.version_courante or versions.first()
        if version is None:
            raise CommandError(f"« {qualification} » n'a pas de version {numero_version or ''}".rstrip() + ".")
        texte = json.dumps(exporter_version(version), ensure_ascii=False, indent=2) + "\n"
        if sortie:
            sortie.write_text(texte, encoding="utf-8")
            self.stdout.write(f"Référentiel écrit dans {sortie}.")
        else:
            self.stdout.write(texte, ending="")
