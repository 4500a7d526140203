"""The candidate's own account: which register entry (`Candidat`) a user account speaks for.

A candidate sees only what belongs to that entry (his registrations, VAE files, results, documents); staff never
log in as a candidate. The link is made once, when the candidate accepts an invitation or signs up.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q


class CompteCandidat(models.Model):
    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.PROTECT, related_name="compte_candidat"
    )
    candidat = models.OneToOneField(
        "candidats.Candidat", verbose_name="candidat", on_delete=models.PROTECT, related_name="compte"
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "compte candidat"
        verbose_name_plural = "comptes candidats"

    def __str__(self) -> str:
        return f"{self.utilisateur} — {self.candidat}"


class LienACourtTerme(models.Model):
    """What an invitation and a sign-up request share: a one-time link, of which only a digest is stored.

    The secret travels only in the e-mail; the database keeps its SHA-256 (`jeton_hache`), so a copy of the
    database opens no account. A link counts once (`utilisee_le`) and until `expire_le`.
    """

    courriel = models.EmailField("adresse électronique")
    jeton_hache = models.CharField("empreinte SHA-256 du jeton", max_length=64, unique=True, editable=False)
    expire_le = models.DateTimeField("expire le")
    utilisee_le = models.DateTimeField("utilisé le", null=True, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        abstract = True

    @staticmethod
    def empreinte_de(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(LienACourtTerme):
    """Staff (the exam centre of one of his inscriptions, or the secretariat) invite a candidate to open his space."""

    candidat = models.ForeignKey(
        "candidats.Candidat", verbose_name="candidat", on_delete=models.PROTECT, related_name="invitations"
    )
    envoyee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="envoyée par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "invitation"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(utilisee_le__isnull=True) | Q(utilisee_le__lte=models.F("expire_le")),
                name="invitation_utilisee_avant_expiration",
                violation_error_message="Une invitation ne sert qu'avant son expiration.",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation de {self.candidat} ({self.courriel})"


class DemandeCompte(LienACourtTerme):
    """A sign-up request: who the person says he is, kept until he confirms from the link sent to `courriel`.

    A request is recorded even when no link is sent (the address already has an account): the rows of an address
    are what limits how often it may be asked for.
    """

    nom = models.CharField("nom de naissance", max_length=150)
    prenoms = models.CharField("prénoms", max_length=200)
    date_naissance = models.DateField("date de naissance")
    commune_naissance = models.CharField("commune de naissance", max_length=150)
    departement_naissance = models.CharField("département de naissance", max_length=100)
    pays_naissance = models.CharField("pays de naissance", max_length=100, default="France")
    lien_envoye = models.BooleanField("lien envoyé", default=True)
    candidat = models.ForeignKey(
        "candidats.Candidat",
        verbose_name="candidat lié",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Le candidat auquel le compte a été lié à la confirmation.",
    )

    class Meta:
        verbose_name = "demande de compte"
        verbose_name_plural = "demandes de compte"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["courriel", "cree_le"], name="demande_compte_courriel_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(utilisee_le__isnull=True) | Q(lien_envoye=True),
                name="demande_compte_utilisee_si_envoyee",
                violation_error_message="Seul un lien envoyé peut être utilisé.",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande de compte de {self.nom.upper()} {self.prenoms} ({self.courriel})"
