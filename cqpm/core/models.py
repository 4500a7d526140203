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
