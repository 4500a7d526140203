"""The Redis path (REDIS_URL set): django-tasks-rq queue, the `rqworker` README.md documents, a real SMTP server.

Redis is the local server `scripts/services.sh` starts (127.0.0.1:6379). Each pytest-xdist worker gets its own
Redis database (15, 14, …), emptied before and after each test. The worker runs as production runs it: a
`manage.py` subprocess whose settings come from REDIS_URL, DATABASE_URL (the test database) and EMAIL_URL.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import django_rq
import pytest
import redis
from django.db import connection, transaction
from django_tasks import TaskResultStatus, default_task_backend

from config.settings import _reglages_taches
from cqpm.core.courriels import programmer_courriel
from cqpm.core.models import CourrielEnvoye, StatutCourriel
from cqpm.core.tasks import envoyer_courriel

pytestmark = pytest.mark.django_db(transaction=True)

RACINE = Path(__file__).resolve().parents[2]
SUJET = "Habilitation accordée à l'organisme « Forméca » — décision n° 12"
CORPS = "Madame, Monsieur,\n\nL'habilitation est accordée pour trois ans à compter d'aujourd'hui.\n"


def commande_du_worker_redis() -> list[str]:
    """The `manage.py rqworker …` command README.md gives for production (a backquoted `ExecStart=` line)."""
    texte = " ".join((RACINE / "README.md").read_text().split())
    trouve = re.search(r"`ExecStart=\S+ manage\.py (rqworker [^`]*)`", texte)
    if trouve is None:
        raise AssertionError("README.md ne documente pas le worker Redis (`ExecStart=… manage.py rqworker …`)")
    return shlex.split(trouve.group(1))


def url_base_de_test() -> str:
    """DATABASE_URL of the test database this test runs on, for the worker subprocess."""
    reglages = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(reglages['NAME']).resolve()}"
    identifiants = quote(reglages["USER"] or "", safe="")
    if reglages["PASSWORD"]:
        identifiants += ":" + quote(reglages["PASSWORD"], safe="")
    hote = f"{reglages['HOST'] or '127.0.0.1'}:{reglages['PORT'] or 5432}"
    return f"postgres://{identifiants}@{hote}/{quote(reglages['NAME'], safe='')}"


@pytest.fixture
def redis_url(settings: Any) -> Iterator[str]:
    """A Redis database of its own for this xdist worker, emptied around the test; the tasks settings point at it."""
    numero = 15 - int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    url = f"redis://127.0.0.1:6379/{numero}"
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.ConnectionError as exc:
        pytest.fail(
            f"Redis ne répond pas sur 127.0.0.1:6379 ({exc}) : lancez `make test` (scripts/services.sh le démarre)."
        )
    for nom, valeur in _reglages_taches(url).items():
        setattr(settings, nom, valeur)
    yield url
    client.flushdb()
    client.close()


def worker_redis(redis_url: str, serveur_smtp: Any) -> None:
    """Run the README's worker command in burst mode (empties the queue, then exits), as a separate process."""
    environnement = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": url_base_de_test(),
        "EMAIL_URL": f"smtp://{serveur_smtp.hote}:{serveur_smtp.port}",
    }
    fini = subprocess.run(
        [sys.executable, "manage.py", *commande_du_worker_redis(), "--burst"],
        cwd=RACINE,
        env=environnement,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert fini.returncode == 0, f"rqworker a échoué ({fini.returncode}) :\n{fini.stdout}\n{fini.stderr}"


def file_redis() -> Any:
    return django_rq.get_queue("default")


def programmer(destinataires: list[str]) -> CourrielEnvoye:
    with transaction.atomic():
        programmer_courriel(destinataires=destinataires, sujet=SUJET, corps=CORPS, reference="habilitation 12")
        assert file_redis().count == 0, "la tâche ne doit partir qu'au commit"
    return CourrielEnvoye.objects.latest("pk")


def test_readme_worker_command_names_the_django_tasks_rq_job_class():
    assert commande_du_worker_redis() == ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]


def test_the_redis_worker_delivers_the_e_mail_queued_at_commit(redis_url, serveur_smtp):
    courriel = programmer(["of@formeca.example", "uimm69@uimm.example"])
    [identifiant] = file_redis().job_ids
    tache = default_task_backend.get_result(identifiant)
    assert (tache.task.func, tache.args, tache.status) == (envoyer_courriel.func, [courriel.pk], TaskResultStatus.READY)
    assert serveur_smtp.messages == []

    worker_redis(redis_url, serveur_smtp)

    assert default_task_backend.get_result(identifiant).status == TaskResultStatus.SUCCESSFUL
    assert file_redis().count == 0
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ENVOYE, 1)
    assert sorted(serveur_smtp.destinataires()) == ["of@formeca.example", "uimm69@uimm.example"]
    for recu in serveur_smtp.messages:
        assert (recu.sujet, recu.corps) == (SUJET, CORPS)


def test_smtp_outage_shows_as_a_failed_redis_task_and_a_failed_e_mail(redis_url, serveur_smtp):
    serveur_smtp.arreter()
    courriel = programmer(["of@formeca.example"])
    [identifiant] = file_redis().job_ids

    worker_redis(redis_url, serveur_smtp)

    tache = default_task_backend.get_result(identifiant)
    assert tache.status == TaskResultStatus.FAILED
    assert [e.exception_class_path for e in tache.errors] == ["builtins.ConnectionRefusedError"]
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ECHEC, 1)
    assert "ConnectionRefusedError" in courriel.derniere_erreur


def test_a_rolled_back_action_leaves_nothing_in_redis(redis_url):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        programmer_courriel(destinataires=["of@formeca.example"], sujet=SUJET, corps=CORPS)
        _ = 1 / 0
    assert file_redis().count == 0
    assert not CourrielEnvoye.objects.exists()
