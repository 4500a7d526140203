from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from cqpm.comptes.enums import Role


class Utilisateur(AbstractUser):
    """A person who logs in. What he may do comes from his habilitations, never from is_staff alone."""

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Habilitation(models.Model):
    """A role held by a user, scoped to the organisation it is held for (territoriale, company, union branch…)."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="habilitations")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="habilitations",
    )

    class Meta:
        verbose_name = "habilitation"
        constraints = [
            models.UniqueConstraint(fields=["utilisateur", "role", "organisation"], name="habilitation_unique"),
            models.CheckConstraint(
                condition=Q(role__in=[Role.SECRETARIAT_GTP, Role.MEMBRE_GTP, Role.MEMBRE_JURY, Role.CANDIDAT])
                | Q(organisation__isnull=False),
                name="habilitation_organisation_requise",
                violation_error_message="Ce rôle s'exerce pour une organisation : indiquez-la.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}" + (f" — {self.organisation}" if self.organisation_id else "")


class JetonAPI(models.Model):
    """Personal API token of a machine client. Only a SHA-256 of the secret is stored."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="jetons_api")
    nom = models.CharField("nom", max_length=100)
    prefixe = models.CharField("préfixe", max_length=12, unique=True)
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    utilise_le = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    def __str__(self) -> str:
        return f"{self.nom} ({self.prefixe}…)"

    @staticmethod
    def empreinte_de(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()
