"""The séances of the GTP « Qualifications » and their agenda, whatever the GTP examines there.

A point of the agenda names its subject generically (`sujet_type` + `sujet_id`, with its `nature`): a request on a
referential (`cqpm.cycle_de_vie`) today, the validation of a jury's awards (`cqpm.attributions`, R-GTP-02) next.
The apps above declare their kinds of subject in `cqpm.gtp.sujets`; this app imports none of them.

The secretariat's archive is kept for an indefinite time (R-ARCH-04): `Archive` rows can't be deleted — `delete()`,
queryset `delete()` and a `pre_delete` receiver (cascades) all refuse. The requests' models build on it too.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from cqpm.core.champs import champ_utilisateur
from cqpm.core.errors import RegleViolee
from cqpm.gtp.enums import IssuePoint, NatureSujet, StatutSeance


def archive_indefinie(objet: object) -> RegleViolee:
    return RegleViolee(
        "R-ARCH-04",
        f"« {objet} » fait partie des archives du secrétariat du GTP, conservées pour une durée indéterminée : "
        "rien ne peut en être supprimé ; une demande se retire, elle ne s'efface pas (R-ARCH-04).",
        code="archive_indefinie",
    )


class ArchiveQuerySet(models.QuerySet[Any]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise archive_indefinie(self.model._meta.verbose_name_plural)


class Archive(models.Model):
    """A row of the secretariat's indefinite archive (R-ARCH-04)."""

    objects = ArchiveQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise archive_indefinie(self)


@receiver(pre_delete)
def _refuser_la_suppression_des_archives(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Last line, for deletions that bypass the model (cascades, raw collectors)."""
    if isinstance(instance, Archive):
        raise archive_indefinie(instance)


class Seance(Archive):
    """A dated meeting of the GTP « Qualifications » and its agenda of dated, ordered items."""

    date = models.DateField("date")
    lieu = models.CharField("lieu", max_length=200)
    intitule = models.CharField("intitulé", max_length=200, default="Séance du GTP « Qualifications »")
    statut = models.CharField("statut", max_length=10, choices=StatutSeance.choices, default=StatutSeance.PLANIFIEE)
    creee_le = models.DateTimeField("créée le", default=timezone.now)
    creee_par = champ_utilisateur("créée par")

    class Meta:
        verbose_name = "séance du GTP"
        verbose_name_plural = "séances du GTP"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.intitule} du {self.date:%d/%m/%Y}"


class PointOrdreDuJour(Archive):
    """One item of a séance's agenda, on one subject. A subject is on one agenda at a time (until decided,
    postponed or withdrawn): the database holds it, whatever the kind of subject."""

    seance = models.ForeignKey(Seance, on_delete=models.PROTECT, related_name="points")
    ordre = models.PositiveSmallIntegerField("ordre")
    intitule = models.CharField("intitulé", max_length=300)
    nature = models.CharField("nature", max_length=20, choices=NatureSujet.choices, blank=True)
    sujet_type = models.ForeignKey(
        ContentType, verbose_name="type du sujet", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sujet_id = models.PositiveBigIntegerField("identifiant du sujet", null=True, blank=True)
    sujet = GenericForeignKey("sujet_type", "sujet_id")
    issue = models.CharField("issue", max_length=12, choices=IssuePoint.choices, default=IssuePoint.A_EXAMINER)
    inscrit_le = models.DateTimeField("inscrit le", default=timezone.now)
    inscrit_par = champ_utilisateur("inscrit par")

    class Meta:
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "points de l'ordre du jour"
        ordering = ["seance", "ordre"]
        indexes = [models.Index(fields=["sujet_type", "sujet_id"], name="point_sujet_idx")]
        constraints = [
            models.UniqueConstraint(fields=["seance", "ordre"], name="point_ordre_unique"),
            models.CheckConstraint(
                condition=(Q(sujet_type__isnull=True) & Q(sujet_id__isnull=True) & Q(nature=""))
                | (Q(sujet_type__isnull=False) & Q(sujet_id__isnull=False) & ~Q(nature="")),
                name="point_sujet_complet",
                violation_error_message=(
                    "Un point porte un sujet entier (sa nature, son type, son identifiant) ou aucun."
                ),
            ),
            models.UniqueConstraint(
                fields=["sujet_type", "sujet_id"],
                condition=Q(issue=IssuePoint.A_EXAMINER),
                name="sujet_sur_un_seul_ordre_du_jour",
                violation_error_message="Ce sujet est déjà inscrit à l'ordre du jour d'une séance.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ordre}. {self.intitule}"
