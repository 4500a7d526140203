from django.db import models

from cqpm.core.pieces import TypePiece
from cqpm.gtp.enums import IssuePoint, StatutSeance

__all__ = ["IssuePoint", "StatutSeance", "TypePiece"]
"""`TypePiece` lives in cqpm.core.pieces (shared with the VAE files), the séances' states in cqpm.gtp.enums."""


class TypeDemande(models.TextChoices):
    """The five requests of Part 1 of the Dispositif."""

    CREATION = "creation", "Création"
    REVISION = "revision", "Révision"
    REACTIVATION = "reactivation", "Réactivation"
    MISE_EN_VEILLE = "mise_en_veille", "Mise en veille"
    SUPPRESSION = "suppression", "Suppression"


class OrigineDemande(models.TextChoices):
    """Who files the request (R-LC-CRE-01, R-LC-REV-01, R-LC-SUP-02)."""

    UIMM = "uimm", "UIMM (nationale)"
    TERRITORIALES = "territoriales", "UIMM territoriale(s)"
    GTP = "gtp", "GTP « Qualifications »"


class StatutDemande(models.TextChoices):
    """brouillon → soumise → complète → décidée; retirée from any of the first three. Nothing is ever deleted."""

    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Soumise au secrétariat du GTP"
    COMPLETE = "complete", "Dossier complet"
    DECIDEE = "decidee", "Décidée par le GTP"
    RETIREE = "retiree", "Retirée"


STATUTS_OUVERTS = (StatutDemande.BROUILLON, StatutDemande.SOUMISE, StatutDemande.COMPLETE)
"""The states from which a request may still be withdrawn or decided."""


class SensAvisCNCP(models.TextChoices):
    FAVORABLE = "favorable", "Avis favorable"
    RESERVES = "reserves", "Avis favorable avec réserves"
    DEFAVORABLE = "defavorable", "Avis défavorable"
