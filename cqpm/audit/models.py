from __future__ import annotations

from django.conf import settings
from django.db import models

from cqpm.audit.enums import choix_evenements


class EntreeAudit(models.Model):
    """One state change: who, when, on what, old → new, and which rule was checked.

    Append-only: database triggers (migration 0002) refuse UPDATE and DELETE on this table, on SQLite and on
    PostgreSQL alike, so not even a bug or a shell session can rewrite history.
    """

    horodatage = models.DateTimeField("horodatage", auto_now_add=True, db_index=True)
    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="acteur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acteur_libelle = models.CharField("acteur (libellé)", max_length=300)
    action = models.CharField("événement", max_length=100, choices=choix_evenements)
    objet_type = models.CharField("type d'objet", max_length=100, db_index=True)
    objet_id = models.CharField("identifiant de l'objet", max_length=64, db_index=True)
    objet_libelle = models.CharField("objet (libellé)", max_length=300, blank=True)
    avant = models.JSONField("valeur avant", null=True, blank=True)
    apres = models.JSONField("valeur après", null=True, blank=True)
    regle = models.CharField("règle vérifiée", max_length=40, blank=True)

    class Meta:
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-horodatage", "-id"]
        indexes = [models.Index(fields=["objet_type", "objet_id", "horodatage"])]

    def __str__(self) -> str:
        return f"{self.horodatage:%d/%m/%Y %H:%M} {self.acteur_libelle} — {self.action} {self.objet_libelle}"
