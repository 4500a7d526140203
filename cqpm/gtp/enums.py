from django.db import models


class StatutSeance(models.TextChoices):
    PLANIFIEE = "planifiee", "Planifiée"
    TENUE = "tenue", "Tenue"


class IssuePoint(models.TextChoices):
    """What became of an agenda item: still to be examined, decided, postponed to a later séance, or withdrawn."""

    A_EXAMINER = "a_examiner", "À examiner"
    DECIDE = "decide", "Décidé"
    REPORTE = "reporte", "Reporté"
    RETIRE = "retire", "Retiré (demande retirée)"


class NatureSujet(models.TextChoices):
    """What the GTP « Qualifications » examines at its séances: the requests on referentials (Part 1) and the
    validation of the awards proposed by the juries (Part 2, ch. 3, R-GTP-02)."""

    DEMANDE = "demande", "Demande sur un référentiel"
    ATTRIBUTIONS = "attributions", "Validation des attributions"
