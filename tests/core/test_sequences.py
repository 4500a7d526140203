"""National counters: never reused, never skipped by a failed transaction, safe under concurrency (R-ID-04)."""

import threading

import pytest
from django.db import connection, transaction

from cqpm.core.models import Compteur
from cqpm.core.sequences import allouer


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
