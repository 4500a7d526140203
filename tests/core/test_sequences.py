"""National counters: never reused, never skipped by a failed transaction, safe under concurrency (R-ID-04)."""

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection, transaction

from cqpm.core.models import Compteur
from cqpm.core.sequences import allouer
from tests.core.test_courriels_redis import RACINE, url_base_de_test

PROCESSUS, PAR_PROCESSUS = 4, 150


@pytest.mark.django_db
def test_counter_starts_after_minimum_and_is_contiguous_R_ID_04():
    with transaction.atomic():
        valeurs = [allouer("MQ", minimum=244) for _ in range(3)]
    assert valeurs == [245, 246, 247]


@pytest.mark.django_db
def test_a_computed_minimum_is_read_once_when_the_counter_starts_R_ID_04():
    lectures: list[int] = []

    def depart() -> int:
        lectures.append(244)
        return 244

    with transaction.atomic():
        valeurs = [allouer("MQ", minimum=depart) for _ in range(3)]
    assert valeurs == [245, 246, 247] and lectures == [244]


@pytest.mark.django_db(transaction=True)
def test_counter_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        allouer("MQ")


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_gives_its_number_back_R_ID_04():
    with transaction.atomic():
        assert allouer("MC-2026") == 1
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        assert allouer("MC-2026") == 2
        1 / 0  # noqa: B018 — the failure after allocation
    with transaction.atomic():
        assert allouer("MC-2026") == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_collide_R_ID_04():
    with transaction.atomic():
        allouer("MC-2027")  # the row exists before the race, as it does after the first validation of a year
    resultats: list[int] = []
    erreurs: list[BaseException] = []

    def travailleur() -> None:
        try:
            for _ in range(10):
                with transaction.atomic():
                    resultats.append(allouer("MC-2027"))
        except BaseException as exc:
            erreurs.append(exc)
        finally:
            connection.close()

    fils = [threading.Thread(target=travailleur) for _ in range(4)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert not erreurs
    assert sorted(resultats) == list(range(2, 42))
    assert Compteur.objects.get(nom="MC-2027").valeur == 41


@pytest.mark.django_db(transaction=True)
def test_concurrent_processes_never_get_the_same_number_R_ID_04():
    """Separate processes, each with its own connection, as gunicorn workers are. On PostgreSQL only the row lock
    of `allouer` (select_for_update) serialises them: without it two transactions read the same value and both
    return it. On SQLite the IMMEDIATE transactions serialise them as well. Runs in both test runs, never skipped."""
    with transaction.atomic():
        allouer("MC-2028")  # the row exists before the race
    environnement = {**os.environ, "DATABASE_URL": url_base_de_test(), "DJANGO_SETTINGS_MODULE": "config.settings"}
    depart = time.time() + 3
    processus = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.core.allocations", "MC-2028", str(PAR_PROCESSUS), str(depart)],
            cwd=RACINE,
            env=environnement,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(PROCESSUS)
    ]
    valeurs: list[int] = []
    for p in processus:
        sortie, erreurs = p.communicate(timeout=120)
        assert p.returncode == 0, erreurs
        valeurs += json.loads(sortie)
    assert sorted(valeurs) == list(range(2, 2 + PROCESSUS * PAR_PROCESSUS)), "numéro attribué deux fois"
    assert Compteur.objects.get(nom="MC-2028").valeur == 1 + PROCESSUS * PAR_PROCESSUS
