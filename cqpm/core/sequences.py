from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F

from cqpm.core.models import Compteur


def allouer(nom: str, *, minimum: int | Callable[[], int] = 0) -> int:
    """Next value of counter `nom`; must run inside the transaction that uses the number.

    The row is created at the first call; `minimum` lets a counter start after numbers allocated before the
    product existed (the MQ sequence continues the paper register). A callable is evaluated only then, when the
    row is created.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allouer() doit être appelé dans une transaction (transaction.atomic).")
    depart: dict[str, Any] = {"valeur": minimum}  # get_or_create calls a callable default only when it creates
    Compteur.objects.get_or_create(nom=nom, defaults=depart)
    compteur = Compteur.objects.select_for_update().get(nom=nom)
    Compteur.objects.filter(pk=compteur.pk).update(valeur=F("valeur") + 1)
    return compteur.valeur + 1
