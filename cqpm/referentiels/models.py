"""The register: qualifications, their versioned referentials, and dated list membership.

A Qualification is the stable identity (MQ number, status, RNCP data); each VersionReferentiel is one
référentiel (activities + certification). A decided version is immutable and kept forever (R-REF-03): the guard
is here, at the model level, so that no service, command or shell session can bypass it — `save()` and
`QuerySet.update()` refuse to change a decided version or its activities, blocs, capacities and modalities, and a
`pre_delete` receiver refuses to delete them (also when Django cascades). The only ways to write a decided
version are inside `ecriture_historique()`: the transition that decides it (services.decider_version), the import
of a referential decided in the past (echange), and test factories that build one. One narrow exception: a bloc's
RNCP registration (`CHAMPS_ENREGISTREMENT_RNCP`) is France Compétences' data, not referential content, so the RNCP
synchronisation (rncp.py) may update exactly those fields inside `ecriture_enregistrement_rncp()`.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from cqpm.core.errors import RegleViolee
from cqpm.referentiels.enums import (
    Categorie,
    Liste,
    Modalite,
    StatutQualification,
    StatutVersion,
    TypeQualification,
)
from cqpm.referentiels.recherche import texte_de_recherche

_ecriture_historique: ContextVar[bool] = ContextVar("ecriture_historique", default=False)


@contextlib.contextmanager
def ecriture_historique() -> Iterator[None]:
    """Allow writing a decided version for the duration of the block (decision, historical import, factories)."""
    jeton = _ecriture_historique.set(True)
    try:
        yield
    finally:
        _ecriture_historique.reset(jeton)


_ecriture_enregistrement_rncp: ContextVar[bool] = ContextVar("ecriture_enregistrement_rncp", default=False)

CHAMPS_ENREGISTREMENT_RNCP = frozenset({"code_rncp", "date_enregistrement_rncp"})
"""The fields of a Bloc that record its RNCP registration; everything else in a decided bloc stays frozen."""


@contextlib.contextmanager
def ecriture_enregistrement_rncp() -> Iterator[None]:
    """Allow `bloc.save(update_fields=…)` limited to `CHAMPS_ENREGISTREMENT_RNCP` on decided versions (RNCP sync)."""
    jeton = _ecriture_enregistrement_rncp.set(True)
    try:
        yield
    finally:
        _ecriture_enregistrement_rncp.reset(jeton)


def _version_immuable() -> RegleViolee:
    return RegleViolee(
        "R-REF-03",
        "Cette version du référentiel a été décidée par le GTP : elle ne peut plus être modifiée ni supprimée ; "
        "une révision crée une nouvelle version (R-REF-03).",
        code="version_decidee",
    )


def _est_decidee(version_id: int | None) -> bool:
    return (
        version_id is not None
        and VersionReferentiel.objects.filter(pk=version_id, statut=StatutVersion.DECIDEE).exists()
    )


def _refuser_si_decidee(version_id: int | None) -> None:
    """Refuse a write on the content of a decided version, outside `ecriture_historique()`."""
    if not _ecriture_historique.get() and _est_decidee(version_id):
        raise _version_immuable()


class _ContenuQuerySet(models.QuerySet[Any]):
    """QuerySet of a version or of its content: `update()` and `delete()` bypass the model methods, so they
    carry the same guard — checked before Django's own transaction starts, so a refusal leaves it usable."""

    chemin_statut = "version__statut"

    def _touche_une_version_decidee(self) -> bool:
        return self.filter(**{self.chemin_statut: StatutVersion.DECIDEE}).exists()

    def update(self, **kwargs: Any) -> int:
        if not _ecriture_historique.get() and self._touche_une_version_decidee():
            raise _version_immuable()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self._touche_une_version_decidee():
            raise _version_immuable()
        return super().delete()


class _ModaliteQuerySet(_ContenuQuerySet):
    chemin_statut = "capacite__version__statut"


class _ContenuDeVersion(models.Model):
    """Activities, blocs, capacities and modalities: part of one version, frozen with it once decided."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        _refuser_si_decidee(self.id_version())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if _est_decidee(self.id_version()):
            raise _version_immuable()
        return super().delete(*args, **kwargs)

    def id_version(self) -> int | None:
        return self.version_id  # type: ignore[attr-defined,no-any-return]


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
    # Kept up to date from France Compétences' open data (cqpm/referentiels/rncp.py).
    rncp_niveau = models.PositiveSmallIntegerField("niveau RNCP (cadre national)", null=True, blank=True)
    rncp_actif = models.BooleanField("enregistrement RNCP actif", null=True, blank=True)
    rncp_etat = models.CharField("état de la fiche RNCP", max_length=60, blank=True)
    rncp_codes_anciens = models.JSONField("anciens codes RNCP (fiches remplacées)", default=list, blank=True)
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
        """True when registered in the RNCP on `le` (today in Paris by default, as every rule counts); a code alone
        counts when no dates are known."""
        if not self.code_rncp:
            return False
        le = le or timezone.localdate()
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


class VersionReferentielQuerySet(_ContenuQuerySet):
    chemin_statut = "statut"

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

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A stored decided row never changes; a draft becomes decided only through the decision transition.

        Inserting a row that is already decided is not a change (test factories do it); what it may then
        contain is guarded like any other decided content.
        """
        if self.pk is not None and not _ecriture_historique.get():
            stocke = VersionReferentiel.objects.filter(pk=self.pk).values_list("statut", flat=True).first()
            if stocke == StatutVersion.DECIDEE:
                raise _version_immuable()
            if stocke is not None and self.statut == StatutVersion.DECIDEE:
                raise RegleViolee(
                    "R-REF-01",
                    "Seule la décision du GTP, après contrôle de la complétude du référentiel, fait passer une "
                    "version à « décidée » (R-REF-01).",
                    code="decision_requise",
                )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if _est_decidee(self.pk):
            raise _version_immuable()
        return super().delete(*args, **kwargs)

    @property
    def est_decidee(self) -> bool:
        return self.statut == StatutVersion.DECIDEE


class Activite(_ContenuDeVersion):
    version = models.ForeignKey(VersionReferentiel, on_delete=models.CASCADE, related_name="activites")
    code = models.CharField("code", max_length=10)
    libelle = models.TextField("libellé")
    ordre = models.PositiveSmallIntegerField("ordre")

    objects = _ContenuQuerySet.as_manager()

    class Meta:
        verbose_name = "activité"
        ordering = ["ordre"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="activite_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.libelle}"


class Bloc(_ContenuDeVersion):
    """An unité cohérente; called bloc de compétences when the CQPM is in the RNCP."""

    version = models.ForeignKey(VersionReferentiel, on_delete=models.CASCADE, related_name="blocs")
    numero = models.PositiveSmallIntegerField("numéro du bloc")
    intitule = models.CharField("intitulé", max_length=300)
    code_rncp = models.CharField("code RNCP du bloc", max_length=20, blank=True)
    numero_bdc = models.CharField("numéro M BDC", max_length=50, blank=True)
    date_enregistrement_rncp = models.DateField("inscrit au RNCP le", null=True, blank=True)

    objects = _ContenuQuerySet.as_manager()

    class Meta:
        verbose_name = "bloc de compétences"
        verbose_name_plural = "blocs de compétences"
        ordering = ["numero"]
        constraints = [models.UniqueConstraint(fields=["version", "numero"], name="bloc_unique")]

    def __str__(self) -> str:
        return f"Bloc {self.numero} — {self.intitule}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Inside `ecriture_enregistrement_rncp()`, an update of registration fields only skips the R-REF-03 guard."""
        champs = kwargs.get("update_fields")
        if (
            _ecriture_enregistrement_rncp.get()
            and self.pk is not None
            and champs
            and set(champs) <= CHAMPS_ENREGISTREMENT_RNCP
        ):
            models.Model.save(self, *args, **kwargs)
            return
        super().save(*args, **kwargs)


class Capacite(_ContenuDeVersion):
    """A capacité professionnelle; its bloc is mandatory, so it is in exactly one bloc (R-REF-03)."""

    version = models.ForeignKey(VersionReferentiel, on_delete=models.CASCADE, related_name="capacites")
    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="capacites")
    numero = models.PositiveSmallIntegerField("numéro")
    intitule = models.TextField("intitulé")
    conditions_realisation = models.TextField("conditions de réalisation", blank=True)
    criteres_evaluation = models.TextField("critères d'évaluation", blank=True)

    objects = _ContenuQuerySet.as_manager()

    class Meta:
        verbose_name = "capacité professionnelle"
        verbose_name_plural = "capacités professionnelles"
        ordering = ["numero"]
        constraints = [models.UniqueConstraint(fields=["version", "numero"], name="capacite_unique")]

    def __str__(self) -> str:
        return f"C{self.numero} {self.intitule}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The bloc must belong to the capacity's own version: one bloc, of the same referential (R-REF-03)."""
        if not Bloc.objects.filter(pk=self.bloc_id, version_id=self.version_id).exists():
            raise RegleViolee(
                "R-REF-03",
                f"La capacité C{self.numero} doit appartenir à un bloc de sa propre version du référentiel (R-REF-03).",
                code="bloc_autre_version",
                champ="bloc",
            )
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        return f"C{self.numero}"


class ModaliteAutorisee(_ContenuDeVersion):
    """An evaluation modality a capacity allows (R-REF-02); several may be allowed, alternative or cumulative."""

    capacite = models.ForeignKey(Capacite, on_delete=models.CASCADE, related_name="modalites")
    modalite = models.CharField("modalité", max_length=20, choices=Modalite.choices)

    objects = _ModaliteQuerySet.as_manager()

    class Meta:
        verbose_name = "modalité d'évaluation autorisée"
        verbose_name_plural = "modalités d'évaluation autorisées"
        ordering = ["modalite"]
        constraints = [models.UniqueConstraint(fields=["capacite", "modalite"], name="modalite_unique")]

    def __str__(self) -> str:
        return self.get_modalite_display()

    def id_version(self) -> int | None:
        return Capacite.objects.filter(pk=self.capacite_id).values_list("version_id", flat=True).first()


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

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise _historique_listes()


def _historique_listes() -> RegleViolee:
    """A list stay is closed, never deleted: what was on a list on a given date stays answerable (R-LIST-03)."""
    return RegleViolee(
        "R-LIST-03",
        "Une inscription sur une liste n'est jamais supprimée : elle est close à la date du retrait (R-LIST-03).",
        code="historique_listes",
    )


@receiver(pre_delete, sender=VersionReferentiel)
@receiver(pre_delete, sender=Activite)
@receiver(pre_delete, sender=Bloc)
@receiver(pre_delete, sender=Capacite)
@receiver(pre_delete, sender=ModaliteAutorisee)
def _garder_les_versions_decidees(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Last line for cascades: a decided version and its content are kept forever (R-REF-03)."""
    version_id = instance.pk if isinstance(instance, VersionReferentiel) else instance.id_version()  # type: ignore[attr-defined]
    if _est_decidee(version_id):
        raise _version_immuable()


@receiver(pre_delete, sender=InscriptionListe)
def _garder_l_historique_des_listes(sender: type[models.Model], instance: InscriptionListe, **kwargs: Any) -> None:
    raise _historique_listes()
