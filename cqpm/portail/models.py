"""The candidate's own account: which register entry (`Candidat`) a user account speaks for.

A candidate sees only what belongs to that entry (his registrations, VAE files, results, documents); staff never
log in as a candidate. The link is made once, when the candidate accepts an invitation or signs up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CompteCandidat(models.Model):
    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.PROTECT, related_name="compte_candidat"
    )
    candidat = models.OneToOneField(
        "candidats.Candidat", verbose_name="candidat", on_delete=models.PROTECT, related_name="compte"
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "compte candidat"
        verbose_name_plural = "comptes candidats"

    def __str__(self) -> str:
        return f"{self.utilisateur} — {self.candidat}"
