"""Choices of the archive app (R-ARCH-01 to 04), each with its French label."""

from django.db import models


class ClasseConservation(models.TextChoices):
    """How long a kind of document or record is kept (Part 2, ch. 5)."""

    LIMITEE = "limitee", "2 années civiles après l'année de validation (5 pour un CQPM ou un bloc RNCP), puis purge"
    INDEFINIE = "indefinie", "Durée indéterminée : jamais supprimé"
