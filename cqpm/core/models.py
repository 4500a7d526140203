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
    EN_COURS = "en_cours", "en cours d'envoi"
    ENVOYE = "envoye", "envoyé"
    ECHEC = "echec", "échec"


class CourrielEnvoye(models.Model):
    """One notification e-mail, from its scheduling to its delivery: the secretariat's trace of what was sent.

    The task sends one message per recipient and records each delivery in `remis_a`, so a retry after a partial
    failure only writes to the recipients still waiting and nobody gets the same notification twice.

    While a worker sends, the row is `en cours` under a lease (`bail_jusqu_a`, renewed after each recipient): a
    worker killed mid-batch leaves a lease that expires, and `relancer_courriels` re-queues the e-mail.
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
    en_cours_depuis = models.DateTimeField("en cours d'envoi depuis", null=True, blank=True)
    bail_jusqu_a = models.DateTimeField(
        "bail jusqu'à", null=True, blank=True, help_text="Passé ce moment, l'envoi est tenu pour interrompu."
    )
    jeton_bail = models.CharField("jeton du bail", max_length=32, blank=True)

    class Meta:
        verbose_name = "courriel envoyé"
        verbose_name_plural = "courriels envoyés"
        ordering = ["-cree_le", "-id"]
        indexes = [models.Index(fields=["statut"]), models.Index(fields=["reference"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(statut__in=StatutCourriel.values), name="courriel_statut_connu"),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        statut=StatutCourriel.EN_COURS,
                        en_cours_depuis__isnull=False,
                        bail_jusqu_a__isnull=False,
                    )
                    & ~models.Q(jeton_bail="")
                )
                | (
                    ~models.Q(statut=StatutCourriel.EN_COURS)
                    & models.Q(en_cours_depuis__isnull=True, bail_jusqu_a__isnull=True, jeton_bail="")
                ),
                name="courriel_en_cours_sous_bail",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sujet} → {', '.join(self.destinataires)}"


class PieceJointeCourriel(models.Model):
    """A file sent with an e-mail (the signed PV copied to the jury members, R-JURY-10).

    Kept in the database, inside the transaction that schedules the e-mail: a rolled-back action leaves no file
    behind, and a retry after a crash sends exactly what was scheduled.
    """

    courriel = models.ForeignKey(CourrielEnvoye, on_delete=models.CASCADE, related_name="pieces_jointes")
    nom = models.CharField("nom du fichier", max_length=200)
    type_mime = models.CharField("type", max_length=100, default="application/pdf")
    contenu = models.BinaryField("contenu")

    class Meta:
        verbose_name = "pièce jointe d'un courriel"
        verbose_name_plural = "pièces jointes des courriels"
        ordering = ["courriel", "pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(nom=""), name="piece_jointe_courriel_nommee"),
        ]

    def __str__(self) -> str:
        return self.nom
