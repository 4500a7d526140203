from __future__ import annotations

from django.db import transaction
from django.db.models import F

from cqpm.core.models import Compteur


def allouer(nom: str, *, minimum: int = 0) -> int:
    """Next value of counter `nom`; must run inside the transaction that uses the number.

    The row is created at the first call; `minimum` lets a counter start after numbers allocated before the
    product existed (the MQ sequence continues the paper register).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allouer() doit être appelé dans une transaction (transaction.atomic).")
    Compteur.objects.get_or_create(nom=nom, defaults={"valeur": minimum})
    compteur = Compteur.objects.select_for_update().get(nom=nom)
    Compteur.objects.filter(pk=compteur.pk).update(valeur=F("valeur") + 1)
    return compteur.valeur + 1
