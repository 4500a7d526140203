"""`manage.py importer_rncp FICHIER [--appliquer]`: synchronise the RNCP data of our CQPMs with France Compétences.

FICHIER is the open-data export (XML flux V4.1, or the zip it is distributed in, read without extracting it).
Without `--appliquer` nothing is written: the command shows what would change. Run by the system (no user).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cqpm.core.acteurs import SYSTEME
from cqpm.referentiels import rncp


class Command(BaseCommand):
    help = (
        "Compare l'export open data du RNCP (XML ou zip) au registre et affiche les changements ; "
        "--appliquer les enregistre (une transaction et une entrée de journal par qualification)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("fichier", type=Path, help="export RNCP de France Compétences (.xml ou .zip)")
        parser.add_argument(
            "--appliquer", action="store_true", help="enregistrer les changements (sans cette option : simulation)"
        )

    def handle(self, *args: Any, fichier: Path, appliquer: bool = False, **options: Any) -> None:
        try:
            rapport = rncp.analyser(fichier)
        except rncp.FichierRNCPInvalide as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Fichier : {fichier}")
        for ligne in rncp.decrire(rapport):
            self.stdout.write(ligne)
        self.stdout.write("")
        if not appliquer:
            self.stdout.write(
                f"Simulation : rien n'a été enregistré. {len(rapport.a_appliquer)} qualification(s) à mettre à jour ; "
                "relancez avec --appliquer pour enregistrer ces changements."
            )
            return
        resultat = rncp.appliquer(rapport, acteur=SYSTEME)
        self.stdout.write(
            f"Appliqué : {len(resultat.appliquees)} qualification(s) mise(s) à jour, {len(resultat.echecs)} échec(s)."
        )
        for diff, motif in resultat.echecs:
            self.stdout.write(f"  Échec, rien d'écrit pour {diff.libelle} : {motif}")
