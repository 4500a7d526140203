"""Choices of the evaluation app."""

from django.db import models


class SourceAcquis(models.TextChoices):
    """Where a capacity validated by an earlier jury was recorded from (R-EVAL-06)."""

    HISTORIQUE = "historique", "Saisie par le personnel (reprise de l'historique papier)"
    JURY = "jury", "Procès-verbal d'un jury paritaire de délibération enregistré dans l'application"
