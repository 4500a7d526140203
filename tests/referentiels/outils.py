"""Helpers shared by the referential tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

T = TypeVar("T")


class _Annule(Exception):
    pass


def dans_une_base_vide(action: Callable[[], T]) -> T:
    """Run `action` in a savepoint rolled back afterwards: what it wrote is gone, its result is kept."""
    try:
        with transaction.atomic():
            raise _Annule(action())
    except _Annule as resultat:
        valeur: Any = resultat.args[0]
        return valeur  # type: ignore[no-any-return]
