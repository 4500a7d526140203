from django.db import models


class Compteur(models.Model):
    """A named national counter (MQ sequence, MC sequence of a year…), advanced under a row lock.

    Allocating inside the caller's transaction means a rolled-back transaction gives its number back: numbers
    are never skipped and never reused (R-ID-04).
    """

    nom = models.CharField("nom", max_length=60, unique=True)
    valeur = models.PositiveBigIntegerField("dernière valeur allouée", default=0)

    class Meta:
        verbose_name = "compteur"

    def __str__(self) -> str:
        return f"{self.nom} = {self.valeur}"


class StatutCourriel(models.TextChoices):
    PROGRAMME = "programme", "programmé"
    ENVOYE = "envoye", "envoyé"
    ECHEC = "echec", "échec"


class CourrielEnvoye(models.Model):
    """One notification e-mail, from its scheduling to its delivery: the secretariat's trace of what was sent.

    The task sends one message per recipient and records each delivery in `remis_a`, so a retry after a partial
    failure only writes to the recipients still waiting and nobody gets the same notification twice.
    """

    destinataires = models.JSONField("destinataires", default=list)
    sujet = models.CharField("sujet", max_length=255)
    corps = models.TextField("corps")
    reference = models.CharField(
        "référence", max_length=120, blank=True, help_text="Objet métier à l'origine du courriel (numéro MQ…)."
    )
    statut = models.CharField("statut", max_length=10, choices=StatutCourriel.choices, default=StatutCourriel.PROGRAMME)
    remis_a = models.JSONField("remis à", default=list, blank=True)
    tentatives = models.PositiveIntegerField("tentatives", default=0)
    cree_le = models.DateTimeField("programmé le", auto_now_add=True)
    derniere_tentative_le = models.DateTimeField("dernière tentative le", null=True, blank=True)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    derniere_erreur = models.TextField("dernière erreur", blank=True)

    class Meta:
        verbose_name = "courriel envoyé"
        verbose_name_plural = "courriels envoyés"
        ordering = ["-cree_le", "-id"]
        indexes = [models.Index(fields=["statut"]), models.Index(fields=["reference"])]

    def __str__(self) -> str:
        return f"{self.sujet} → {', '.join(self.destinataires)}"
