"""Choices of the jury app (R-JURY-01 to 10), each with its French label."""

from django.db import models


class EtatJury(models.TextChoices):
    PLANIFIE = "planifie", "Planifié"
    CONVOQUE = "convoque", "Membres convoqués"
    DELIBERE = "delibere", "Délibéré"
    SIGNE = "signe", "Procès-verbal signé"


class Periodicite(models.TextChoices):
    """The calendar of juries of an exam centre (R-JURY-01)."""

    ANNUELLE = "annuelle", "Annuelle"
    SEMESTRIELLE = "semestrielle", "Semestrielle"
    TRIMESTRIELLE = "trimestrielle", "Trimestrielle"
    PONCTUELLE = "ponctuelle", "Ponctuelle"


class College(models.TextChoices):
    EMPLOYEUR = "employeur", "Délégation patronale"
    SALARIE = "salarie", "Délégation des organisations syndicales de salariés"
    INVITE = "invite", "Invité (sans voix délibérative)"


class BrancheMembre(models.TextChoices):
    """The branch of the company that employs a qualified member (R-JURY-02, R-JURY-03)."""

    METALLURGIE = "metallurgie", "Métallurgie"
    TRAVAIL_TEMPORAIRE = "travail_temporaire", "Travail temporaire"
    AUTRE = "autre", "Autre branche"


class Presence(models.TextChoices):
    ATTENDU = "attendu", "Attendu"
    PRESENT = "present", "Présent"
    ABSENT = "absent", "Absent"
    EXCUSE = "excuse", "Excusé"


class Decision(models.TextChoices):
    """A : admis, NA : non admis — no other value (Annex 7, note 6; R-JURY-09)."""

    ADMIS = "A", "A (Admis)"
    NON_ADMIS = "NA", "NA (Non admis)"


class MotifInformation(models.TextChoices):
    """Why the CPREFP is informed (R-JURY-07)."""

    INITIALE = "initiale", "Composition et calendrier prévisionnel"
    COMPOSITION = "composition", "Changement de composition"
    CALENDRIER = "calendrier", "Changement de calendrier"
