"""What the archive app records itself: the candidates pseudonymised once the purge left nothing of them that is
kept indefinitely (their identity is then no longer needed by any record)."""

from __future__ import annotations

from django.db import models


class Pseudonymisation(models.Model):
    """A candidate whose identity the purge replaced by a pseudonym (`cqpm.archives.services.pseudonymiser`)."""

    candidat = models.OneToOneField(
        "candidats.Candidat", verbose_name="candidat", on_delete=models.PROTECT, related_name="pseudonymisation"
    )
    le = models.DateField("pseudonymisé le")
    annee_naissance = models.PositiveSmallIntegerField("année de naissance conservée")

    class Meta:
        verbose_name = "pseudonymisation"
        ordering = ["-le", "-pk"]

    def __str__(self) -> str:
        return f"Candidat n° {self.candidat_id} pseudonymisé le {self.le:%d/%m/%Y}"
