"""`manage.py creer_secretariat IDENTIFIANT COURRIEL`: the first secretariat account of a new deployment.

The admin opens only to the OTP-verified secretariat (not to `createsuperuser` accounts), so a new deployment needs
this bootstrap. The password is read from the environment variable named by --mot-de-passe-env, or asked for;
the person enrols a TOTP application at first login.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cqpm.comptes import services
from cqpm.comptes.enums import Role
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee


class Command(BaseCommand):
    help = "Crée un compte du secrétariat du GTP (double authentification demandée à la première connexion)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("identifiant")
        parser.add_argument("courriel")
        parser.add_argument("--prenom", default="")
        parser.add_argument("--nom", default="")
        parser.add_argument(
            "--mot-de-passe-env", metavar="VARIABLE", help="variable d'environnement contenant le mot de passe"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        variable = options["mot_de_passe_env"]
        if variable:
            mot_de_passe = os.environ.get(variable, "")
            if not mot_de_passe:
                raise CommandError(f"La variable d'environnement {variable} est vide ou absente.")
        else:
            mot_de_passe = getpass.getpass("Mot de passe : ")
            if mot_de_passe != getpass.getpass("Mot de passe (confirmation) : "):
                raise CommandError("Les deux saisies du mot de passe diffèrent.")
        try:
            validate_password(mot_de_passe)
        except ValidationError as exc:
            raise CommandError("Mot de passe refusé : " + " ".join(exc.messages)) from exc
        try:
            with transaction.atomic():
                utilisateur = services.creer_utilisateur(
                    acteur=SYSTEME,
                    username=options["identifiant"],
                    password=mot_de_passe,
                    email=options["courriel"],
                    first_name=options["prenom"],
                    last_name=options["nom"],
                )
                services.attribuer_role(utilisateur, Role.SECRETARIAT_GTP, None, acteur=SYSTEME)
        except RegleViolee as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Compte du secrétariat « {utilisateur.username} » créé. À la première connexion, la double "
            "authentification sera activée (application TOTP)."
        )
