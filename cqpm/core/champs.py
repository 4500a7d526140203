"""Model fields and constraint pieces every app's models share."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q


def champ_utilisateur(libelle: str) -> models.ForeignKey[Any, Any]:
    """Who did it (a `…_par` column): optional, because the system acts too, and protected, because the audit
    trail outlives an account's deactivation."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=libelle,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )


def si(condition: Q, alors: Q) -> Q:
    """The implication « condition ⇒ alors » in a CheckConstraint."""
    return ~condition | alors
