"""`manage.py taches_quotidiennes` runs the daily job every app registered (cqpm.core.quotidien): the core's
(interrupted e-mail sendings), the lifecycle's, the VAE's, then the archive's purge, each reporting in French."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cqpm.core.quotidien import taches_quotidiennes

pytestmark = pytest.mark.django_db


def test_the_lifecycle_and_the_vae_register_their_daily_job_in_app_order():
    assert list(taches_quotidiennes()) == [
        "core.courriels_interrompus",
        "cycle_de_vie.reactivations_et_propositions",
        "vae.relances",
        "archives.purge",
    ]


def test_the_daily_command_runs_every_registered_job_and_reports_in_french():
    sortie = StringIO()
    call_command("taches_quotidiennes", "--date=2024-03-30", stdout=sortie)
    assert sortie.getvalue().splitlines() == [
        "Courriels : aucun envoi interrompu à reprendre.",
        "Aucune réactivation arrivée à échéance au 30/03/2024.",
        "Aucune mise en veille ni suppression à proposer au 30/03/2024 (R-LC-SUP-03).",
        "VAE : 0 rappel(s) avant échéance, 0 dépassement(s) signalé(s) au 30/03/2024 (R-VAE-02).",
        "Purge des archives du 30/03/2024 : 0 document(s) purgé(s), 0 candidat(s) pseudonymisé(s) (R-ARCH-01).",
    ]


@pytest.mark.parametrize("commande", ["taches_quotidiennes", "proposer_veilles_suppressions", "relances_vae"])
def test_a_date_that_does_not_exist_is_refused_in_french(commande):
    with pytest.raises(CommandError, match=r"La date « 2024-02-30 » n'existe pas : ce mois-là compte 29 jours\."):
        call_command(commande, "--date=2024-02-30")
    with pytest.raises(CommandError, match=r"Date invalide « 30/02 » : attendu AAAA-MM-JJ\."):
        call_command(commande, "--date=30/02")


@pytest.mark.parametrize("date", ["2026-02-30", "demain"])
def test_an_invalid_date_on_the_command_line_prints_a_french_error_without_traceback(date):
    """Run as cron runs it: a usage error (exit 2) in French, never a Python traceback."""
    resultat = subprocess.run(
        [sys.executable, "manage.py", "taches_quotidiennes", f"--date={date}"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert resultat.returncode == 2
    assert "Traceback" not in resultat.stderr
    assert f"« {date} »" in resultat.stderr
