"""The register: qualifications, their versioned referentials, and dated list membership.

A Qualification is the stable identity (MQ number, status, RNCP data); each VersionReferentiel is one
référentiel (activities + certification). A decided version is immutable and kept forever (R-REF-03).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.db.models import F, Q

from cqpm.referentiels.enums import (
    Categorie,
    Liste,
    Modalite,
    StatutQualification,
    StatutVersion,
    TypeQualification,
)
from cqpm.referentiels.recherche import texte_de_recherche


class Qualification(models.Model):
    type = models.CharField("type", max_length=4, choices=TypeQualification.choices, default=TypeQualification.CQPM)
    intitule = models.CharField("intitulé", max_length=300)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutQualification.choices, default=StatutQualification.PROJET
    )
    numero = models.CharField("numéro", max_length=40, unique=True, null=True, blank=True)
    sequence = models.PositiveIntegerField("numéro national (séquence)", unique=True, null=True, blank=True)
    date_creation = models.DateField("date de création (décision du GTP)", null=True, blank=True)
    centres_ressources = models.ManyToManyField(
        "organisations.Organisation",
        through="CentreRessources",
        related_name="qualifications_ressources",
        verbose_name="centres de ressources",
    )
    cqpi = models.ForeignKey(
        "self",
        verbose_name="CQPI correspondant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cqpm_correspondants",
        limit_choices_to={"type": TypeQualification.CQPI},
    )
    version_courante = models.ForeignKey(
        "VersionReferentiel",
        verbose_name="version en vigueur",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # RNCP registration (R-REF-04). NSF and ROME are lists of codes.
    code_rncp = models.CharField("code RNCP", max_length=10, blank=True)
    rncp_date_arrete = models.DateField("date de l'arrêté d'enregistrement", null=True, blank=True)
    rncp_date_jo = models.DateField("date de publication au JO", null=True, blank=True)
    rncp_debut = models.DateField("enregistrement RNCP : début", null=True, blank=True)
    rncp_fin = models.DateField("enregistrement RNCP : fin", null=True, blank=True)
    codes_nsf = models.JSONField("codes NSF", default=list, blank=True)
    codes_rome = models.JSONField("codes ROME", default=list, blank=True)
    attributions_annuelles_moyennes = models.PositiveIntegerField(
        "attributions par an en moyenne (5 dernières années)", null=True, blank=True
    )
    texte_recherche = models.TextField("texte de recherche (normalisé)", blank=True, editable=False)

    class Meta:
        verbose_name = "qualification"
        ordering = ["intitule"]
        constraints = [
            models.CheckConstraint(
                condition=Q(statut=StatutQualification.PROJET)
                | (Q(numero__isnull=False) & Q(sequence__isnull=False) & Q(date_creation__isnull=False)),
                name="qualification_creee_a_numero_et_date",
                violation_error_message="Une qualification créée porte un numéro et une date de création (R-ID-01).",
            ),
            models.CheckConstraint(
                condition=Q(rncp_debut__isnull=True) | Q(rncp_fin__isnull=True) | Q(rncp_fin__gte=F("rncp_debut")),
                name="qualification_rncp_periode_ordonnee",
                violation_error_message="La fin de l'enregistrement RNCP précède son début.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intitule} ({self.numero})" if self.numero else self.intitule

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.texte_recherche = texte_de_recherche(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "texte_recherche"}
        super().save(*args, **kwargs)

    def est_inscrite_rncp(self, le: datetime.date | None = None) -> bool:
        """True when registered in the RNCP on `le` (today by default); a code alone counts when no dates are known."""
        if not self.code_rncp:
            return False
        le = le or datetime.date.today()
        if self.rncp_debut and le < self.rncp_debut:
            return False
        return not (self.rncp_fin and le > self.rncp_fin)


class CentreRessources(models.Model):
    """A (co-)resource centre of a qualification; `ordre` is the order of the départements in its number."""

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE)
    territoriale = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT)
    ordre = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = "centre de ressources"
        verbose_name_plural = "centres de ressources"
        ordering = ["ordre"]
        constraints = [
            models.UniqueConstraint(fields=["qualification", "territoriale"], name="centre_ressources_unique"),
        ]

    def __str__(self) -> str:
        return str(self.territoriale)


class AncienNumero(models.Model):
    """A number the qualification no longer carries (resource-centre change…), still findable (R-ID-03)."""

    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="anciens_numeros")
    numero = models.CharField("numéro", max_length=40, unique=True)
    remplace_le = models.DateField("remplacé le")

    class Meta:
        verbose_name = "ancien numéro"
        ordering = ["-remplace_le"]

    def __str__(self) -> str:
        return self.numero


class VersionReferentielQuerySet(models.QuerySet["VersionReferentiel"]):
    def decidees(self) -> VersionReferentielQuerySet:
        return self.filter(statut=StatutVersion.DECIDEE)


class VersionReferentiel(models.Model):
    """One référentiel of a qualification (Annex 2). Once decided it never changes (R-REF-03)."""

    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="versions")
    numero = models.PositiveSmallIntegerField("version")
    statut = models.CharField("statut", max_length=10, choices=StatutVersion.choices, default=StatutVersion.BROUILLON)
    intitule = models.CharField("intitulé", max_length=300)
    categorie = models.CharField("catégorie", max_length=2, choices=Categorie.choices, blank=True)
    date_decision = models.DateField("date de décision du GTP", null=True, blank=True)
    date_application = models.DateField("applicable à partir du", null=True, blank=True)
    mission = models.TextField("mission(s) et activités visées", blank=True)
    environnement_travail = models.TextField("environnement de travail", blank=True)
    interactions = models.TextField("interactions dans l'environnement de travail", blank=True)
    secteurs_emplois = models.TextField("secteurs d'activité et types d'emplois", blank=True)
    conditions_admissibilite = models.TextField("conditions d'admissibilité", blank=True)

    objects = VersionReferentielQuerySet.as_manager()

    class Meta:
        verbose_name = "version de référentiel"
        verbose_name_plural = "versions de référentiel"
        ordering = ["qualification", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["qualification", "numero"], name="version_unique"),
            models.CheckConstraint(
                condition=Q(statut=StatutVersion.BROUILLON)
                | (Q(date_decision__isnull=False) & Q(date_application__isnull=False) & ~Q(categorie="")),
                name="version_decidee_datee_et_classee",
                violation_error_message=(
                    "Une version décidée porte sa date de décision, sa date d'application et sa catégorie (R-CAT-01)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(date_application__isnull=True) | Q(date_application__gte=F("date_decision")),
                name="version_appliquee_apres_decision",
                violation_error_message="Une version ne s'applique pas avant la décision du GTP.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intitule} — version {self.numero}"

    @property
    def est_decidee(self) -> bool:
        return self.statut == StatutVersion.DECIDEE


class Activite(models.Model):
    version = models.ForeignKey(VersionReferentiel, on_delete=models.CASCADE, related_name="activites")
    code = models.CharField("code", max_length=10)
    libelle = models.TextField("libellé")
    ordre = models.PositiveSmallIntegerField("ordre")

    class Meta:
        verbose_name = "activité"
        ordering = ["ordre"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="activite_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.libelle}"


class Bloc(models.Model):
    """An unité cohérente; called bloc de compétences when the CQPM is in the RNCP."""

    version = models.ForeignKey(VersionReferentiel, on_delete=models.CASCADE, related_name="blocs")
    numero = models.PositiveSmallIntegerField("numéro du bloc")
    intitule = models.CharField("intitulé", max_length=300)
    code_rncp = models.CharField("code RNCP du bloc", max_length=20, blank=True)
    numero_bdc = models.CharField("numéro M BDC", max_length=50, blank=True)
    date_enregistrement_rncp = models.DateField("inscrit au RNCP le", null=True, blank=True)

    class Meta:
        verbose_name = "bloc de compétences"
        verbose_name_plural = "blocs de compétences"
        ordering = ["numero"]
        constraints = [models.UniqueConstraint(fields=["version", "numero"], name="bloc_unique")]

    def __str__(self) -> str:
        return f"Bloc {self.numero} — {self.intitule}"


class Capacite(models.Model):
    """A capacité professionnelle; its bloc is mandatory, so it is in exactly one bloc (R-REF-03)."""

    version = models.ForeignKey(VersionReferentiel, on_delete=models.CASCADE, related_name="capacites")
    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="capacites")
    numero = models.PositiveSmallIntegerField("numéro")
    intitule = models.TextField("intitulé")
    conditions_realisation = models.TextField("conditions de réalisation", blank=True)
    criteres_evaluation = models.TextField("critères d'évaluation", blank=True)

    class Meta:
        verbose_name = "capacité professionnelle"
        verbose_name_plural = "capacités professionnelles"
        ordering = ["numero"]
        constraints = [models.UniqueConstraint(fields=["version", "numero"], name="capacite_unique")]

    def __str__(self) -> str:
        return f"C{self.numero} {self.intitule}"

    @property
    def code(self) -> str:
        return f"C{self.numero}"


class ModaliteAutorisee(models.Model):
    """An evaluation modality a capacity allows (R-REF-02); several may be allowed, alternative or cumulative."""

    capacite = models.ForeignKey(Capacite, on_delete=models.CASCADE, related_name="modalites")
    modalite = models.CharField("modalité", max_length=20, choices=Modalite.choices)

    class Meta:
        verbose_name = "modalité d'évaluation autorisée"
        verbose_name_plural = "modalités d'évaluation autorisées"
        ordering = ["modalite"]
        constraints = [models.UniqueConstraint(fields=["capacite", "modalite"], name="modalite_unique")]

    def __str__(self) -> str:
        return self.get_modalite_display()


class InscriptionListe(models.Model):
    """A dated stay of a qualification on a CPNEFP list; closed, never deleted (R-LIST-03)."""

    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="inscriptions_listes")
    liste = models.CharField("liste", max_length=1, choices=Liste.choices)
    debut = models.DateField("inscrite le")
    fin = models.DateField("retirée le", null=True, blank=True)
    motif = models.CharField("motif", max_length=300, blank=True)

    class Meta:
        verbose_name = "inscription sur une liste"
        verbose_name_plural = "inscriptions sur les listes"
        ordering = ["liste", "-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")),
                name="inscription_liste_periode_ordonnee",
                violation_error_message="Le retrait d'une liste ne peut précéder l'inscription (R-LIST-03).",
            ),
            models.UniqueConstraint(
                fields=["qualification", "liste"],
                condition=Q(fin__isnull=True),
                name="une_inscription_ouverte_par_liste",
                violation_error_message="Cette qualification est déjà inscrite sur cette liste.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.qualification} sur {self.get_liste_display()} depuis le {self.debut:%d/%m/%Y}"
