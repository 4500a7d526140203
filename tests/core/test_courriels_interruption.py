"""A worker killed mid-batch (SIGKILL, no chance to clean up) loses no e-mail and serves nobody twice (rule
COURRIEL): the real worker process, the real SMTP server, `relancer_courriels` once the lease expired.

The SMTP server holds the 11th RCPT TO (4th e-mail, 2nd recipient: its 1st recipient already served) and the test
kills the worker's whole process group there, as systemd does with `kill -9` or an out-of-memory kill.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cqpm.core.courriels import programmer_courriel
from cqpm.core.models import CourrielEnvoye, StatutCourriel
from cqpm.core.tasks import DUREE_BAIL
from tests.core.test_courriels_redis import (
    commande_du_worker_redis,
    redis_url,  # noqa: F401 (fixture)
    url_base_de_test,
    worker_redis,
)
from tests.core.test_courriels_worker import options_du_worker_de_make_run, worker

pytestmark = pytest.mark.django_db(transaction=True)

RACINE = Path(__file__).resolve().parents[2]
COURRIELS, PAR_COURRIEL, RCPT_BLOQUE = 8, 3, 11


def programmer_le_lot() -> list[str]:
    """8 e-mails × 3 recipients, queued at commit; every address is distinct, so each must arrive exactly once."""
    adresses = []
    for n in range(COURRIELS):
        destinataires = [f"membre{r}.decision{n}@uimm.example" for r in range(PAR_COURRIEL)]
        with transaction.atomic():
            programmer_courriel(destinataires=destinataires, sujet=f"Décision n° {n}", corps="Bonjour,\n")
        adresses += destinataires
    return adresses


def tuer_au_milieu_du_lot(commande: list[str], serveur_smtp: Any, env: dict[str, str], journal: Path) -> None:
    """Start the worker as its own process group, wait until the SMTP server holds the chosen RCPT, SIGKILL it."""
    blocage = serveur_smtp.bloquer_au_rcpt(RCPT_BLOQUE)
    with journal.open("w") as sortie:
        processus = subprocess.Popen(
            [sys.executable, "manage.py", *commande],
            cwd=RACINE,
            env={**os.environ, "DATABASE_URL": url_base_de_test(), **env},
            stdout=sortie,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            assert blocage.atteint.wait(90), f"le worker n'a pas atteint l'envoi visé :\n{journal.read_text()}"
        finally:
            os.killpg(processus.pid, signal.SIGKILL)
            processus.wait(30)
    assert processus.returncode == -signal.SIGKILL
    blocage.liberer.set()


def verifier_l_interruption_puis_reprendre() -> CourrielEnvoye:
    """The killed worker left one e-mail `en cours`, 1 of 3 served; relancer waits for the lease, then re-queues it."""
    [interrompu] = CourrielEnvoye.objects.filter(statut=StatutCourriel.EN_COURS)
    assert len(interrompu.remis_a) == 1
    sortie = StringIO()
    call_command("relancer_courriels", stdout=sortie)
    assert sortie.getvalue().strip() == "Aucun courriel en échec ou interrompu à relancer."
    apres_le_bail = timezone.now() + datetime.timedelta(seconds=DUREE_BAIL + 1)
    with time_machine.travel(apres_le_bail):
        call_command("relancer_courriels", stdout=sortie)
    assert f"1 courriel(s) remis en file d'attente : {interrompu.pk}." in sortie.getvalue()
    interrompu.refresh_from_db()
    assert interrompu.statut == StatutCourriel.PROGRAMME
    return interrompu


def verifier_chaque_destinataire_servi_une_fois(serveur_smtp: Any, adresses: list[str]) -> None:
    remises = Counter(d for m in serveur_smtp.messages for d in m.destinataires)
    assert remises == Counter(adresses), {a: n for a, n in remises.items() if n != 1}
    assert set(CourrielEnvoye.objects.values_list("statut", flat=True)) == {StatutCourriel.ENVOYE}
    for courriel in CourrielEnvoye.objects.all():
        assert sorted(courriel.remis_a) == sorted(courriel.destinataires)


def test_a_db_worker_killed_mid_batch_loses_no_e_mail_and_serves_each_recipient_once_COURRIEL(serveur_smtp, tmp_path):
    adresses = programmer_le_lot()
    commande = ["db_worker", *options_du_worker_de_make_run(), "--no-startup-delay"]
    env = {"REDIS_URL": "", "EMAIL_URL": f"smtp://{serveur_smtp.hote}:{serveur_smtp.port}"}
    tuer_au_milieu_du_lot(commande, serveur_smtp, env, tmp_path / "db_worker.log")
    assert len(serveur_smtp.messages) == RCPT_BLOQUE - 1
    interrompu = verifier_l_interruption_puis_reprendre()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count() == 1

    worker()

    verifier_chaque_destinataire_servi_une_fois(serveur_smtp, adresses)
    interrompu.refresh_from_db()
    assert interrompu.tentatives == 1


def test_an_rq_worker_killed_mid_batch_loses_no_e_mail_and_serves_each_recipient_once_COURRIEL(
    redis_url,  # noqa: F811 (fixture)
    serveur_smtp,
    tmp_path,
):
    adresses = programmer_le_lot()
    env = {"REDIS_URL": redis_url, "EMAIL_URL": f"smtp://{serveur_smtp.hote}:{serveur_smtp.port}"}
    tuer_au_milieu_du_lot(commande_du_worker_redis(), serveur_smtp, env, tmp_path / "rqworker.log")
    assert len(serveur_smtp.messages) == RCPT_BLOQUE - 1
    verifier_l_interruption_puis_reprendre()

    worker_redis(redis_url, serveur_smtp)

    verifier_chaque_destinataire_servi_une_fois(serveur_smtp, adresses)
