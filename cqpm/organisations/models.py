from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from cqpm.organisations.departements import DepartementInconnu, normaliser_departement
from cqpm.organisations.enums import Secteur, TypeOrganisation
from cqpm.organisations.validators import valider_nace, valider_siret


def _valider_departement(value: str) -> None:
    try:
        normaliser_departement(value)
    except DepartementInconnu as exc:
        raise ValidationError(exc.message, code="departement") from exc


class Organisation(models.Model):
    """Every body of the Dispositif, in one table so that roles, audit and documents point at one thing.

    Kind-specific fields are nullable; check constraints say which kind needs which field.
    """

    type = models.CharField("type", max_length=30, choices=TypeOrganisation.choices)
    nom = models.CharField("nom", max_length=255)
    departement = models.CharField(
        "département",
        max_length=3,
        blank=True,
        validators=[_valider_departement],
        help_text="Code du département (01, 2A, 971…) — identifie une UIMM territoriale.",
    )
    region = models.CharField("région", max_length=100, blank=True)
    adresse = models.TextField("adresse", blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[valider_siret])
    code_nace = models.CharField("code NACE", max_length=6, blank=True, validators=[valider_nace])
    secteur = models.CharField("secteur", max_length=2, choices=Secteur.choices, blank=True)
    branche = models.CharField("branche (si hors métaux)", max_length=255, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="organisation de rattachement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="antennes",
        help_text="Pour une branche syndicale : l'organisation syndicale nationale.",
    )
    active = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "organisation"
        ordering = ["type", "departement", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement"],
                condition=Q(type=TypeOrganisation.TERRITORIALE),
                name="territoriale_unique_par_departement",
                violation_error_message="Une UIMM territoriale existe déjà pour ce département.",
            ),
            models.CheckConstraint(
                condition=~Q(type=TypeOrganisation.TERRITORIALE) | ~Q(departement=""),
                name="territoriale_a_un_departement",
                violation_error_message="Une UIMM territoriale est identifiée par son département.",
            ),
            models.CheckConstraint(
                condition=~Q(type=TypeOrganisation.CPREFP) | ~Q(region=""),
                name="cprefp_a_une_region",
                violation_error_message="Une CPREFP est rattachée à une région.",
            ),
            models.CheckConstraint(
                condition=~Q(type=TypeOrganisation.ENTREPRISE) | (~Q(siret="") & ~Q(secteur="")),
                name="entreprise_a_siret_et_secteur",
                violation_error_message="Une entreprise a un SIRET et un secteur (M ou HM).",
            ),
            models.CheckConstraint(
                condition=~Q(secteur=Secteur.HORS_METAUX) | ~Q(branche=""),
                name="hors_metaux_nomme_sa_branche",
                violation_error_message="Une entreprise hors métaux doit préciser sa branche.",
            ),
            models.CheckConstraint(
                condition=~Q(type=TypeOrganisation.BRANCHE_SYNDICALE) | Q(parent__isnull=False),
                name="branche_syndicale_a_un_syndicat",
                violation_error_message="Une branche syndicale est rattachée à une organisation syndicale.",
            ),
        ]

    def __str__(self) -> str:
        if self.type == TypeOrganisation.TERRITORIALE:
            return f"{self.nom} ({self.departement})"
        return self.nom

    def clean(self) -> None:
        if self.departement:
            with contextlib.suppress(DepartementInconnu):  # the field validator reports a bad code
                self.departement = normaliser_departement(self.departement)
        parent = self.parent if self.parent_id else None
        if self.type == TypeOrganisation.BRANCHE_SYNDICALE and parent and parent.type != TypeOrganisation.SYNDICAT:
            message = f"Une branche syndicale est rattachée à une organisation syndicale, pas à « {parent} »."
            raise ValidationError({"parent": message})

    def organisations_concernees(self) -> list[Organisation]:
        """Scoping protocol of cqpm.comptes.permissions: an organisation concerns itself."""
        return [self]
