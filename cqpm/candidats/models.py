"""Candidates and their inscriptions préalables with an exam centre (Part 2, ch. 1: R-ACC-01/02, R-REG-01 to 04).

A Candidat is a person, kept once: `cle_doublon` (surname without case nor accents) finds duplicates, and a
duplicate merged into another keeps its row, pointing at the one kept (`fusionne_dans`). An Inscription ties a
candidate to a CQPM (or some of its blocs) with one UIMM territoriale as exam centre, and is pinned to the version
of the referential in force on its date (R-REG-03, R-LC-REV-04). The company data the PV needs (raison sociale,
address, NACE code, sector M/HM and branch) are those of the `entreprise` Organisation, not copied here.
Constraints in the database hold each state's invariants; the services check the rest and explain refusals.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from cqpm.candidats.enums import (
    FINANCEMENTS_APPRENTI,
    FINANCEMENTS_VAE,
    Financement,
    Origine,
    Parcours,
    StatutInscription,
    TypeBeneficiaire,
    VoieInscription,
)
from cqpm.organisations.models import Organisation
from cqpm.referentiels.recherche import normaliser


def cle_doublon(nom: str) -> str:
    """The surname as duplicates are compared: no case, no accents, single spaces, no hyphens."""
    return normaliser(nom.replace("-", " ").replace("'", " ").replace("’", " "))


class Candidat(models.Model):
    nom = models.CharField("nom de naissance", max_length=150)
    prenoms = models.CharField("prénoms", max_length=200)
    date_naissance = models.DateField("date de naissance")
    commune_naissance = models.CharField("commune de naissance", max_length=150)
    departement_naissance = models.CharField(
        "département de naissance",
        max_length=100,
        help_text="Code ou nom ; « Étranger » pour une naissance hors de France.",
    )
    pays_naissance = models.CharField("pays de naissance", max_length=100, default="France")
    courriel = models.EmailField("adresse électronique", blank=True)
    cle_doublon = models.CharField("nom normalisé (doublons)", max_length=150, editable=False, db_index=True)
    fusionne_dans = models.ForeignKey(
        "self",
        verbose_name="fusionné dans",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="doublons_fusionnes",
        help_text="Doublon fusionné : le candidat conservé.",
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "candidat"
        ordering = ["cle_doublon", "prenoms", "date_naissance", "pk"]
        indexes = [models.Index(fields=["cle_doublon", "date_naissance"], name="candidat_doublon_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(fusionne_dans=models.F("id")),
                name="candidat_pas_fusionne_en_lui_meme",
                violation_error_message="Un candidat ne peut pas être fusionné dans lui-même.",
            ),
            models.CheckConstraint(
                condition=~Q(nom="") & ~Q(prenoms="") & ~Q(commune_naissance="") & ~Q(pays_naissance=""),
                name="candidat_etat_civil_complet",
                violation_error_message=(
                    "Nom, prénoms, date et lieu de naissance (commune, département, pays) sont obligatoires (R-REG-04)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nom.upper()} {self.prenoms} (né(e) le {self.date_naissance:%d/%m/%Y})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.cle_doublon = cle_doublon(self.nom)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "cle_doublon"}
        super().save(*args, **kwargs)

    def organisations_concernees(self) -> list[Organisation]:
        """Scoping protocol of cqpm.comptes.permissions: the organisations of his inscriptions."""
        if self.pk is None:
            return []
        organisations: dict[int, Organisation] = {}
        for inscription in self.inscriptions.select_related("centre_examen", "entreprise", "organisme_formation"):
            for o in inscription.organisations_concernees():
                organisations[o.pk] = o
        return list(organisations.values())


_DE = Q(type_beneficiaire=TypeBeneficiaire.DEMANDEUR_EMPLOI)


class Inscription(models.Model):
    """The inscription préalable of a candidate with his exam centre (R-REG-01), pinned to a version (R-REG-03)."""

    candidat = models.ForeignKey(
        Candidat, verbose_name="candidat", on_delete=models.PROTECT, related_name="inscriptions"
    )
    centre_examen = models.ForeignKey(
        Organisation,
        verbose_name="centre d'examen (UIMM territoriale)",
        on_delete=models.PROTECT,
        related_name="inscriptions_centre",
    )
    qualification = models.ForeignKey(
        "referentiels.Qualification",
        verbose_name="qualification",
        on_delete=models.PROTECT,
        related_name="inscriptions",
    )
    version = models.ForeignKey(
        "referentiels.VersionReferentiel",
        verbose_name="version du référentiel",
        on_delete=models.PROTECT,
        related_name="inscriptions",
        help_text="La version en vigueur à la date d'inscription ; elle ne change plus (R-REG-03, R-LC-REV-04).",
    )
    blocs = models.ManyToManyField(
        "referentiels.Bloc",
        verbose_name="blocs visés",
        blank=True,
        related_name="inscriptions",
        help_text="Aucun : le CQPM entier (R-VAE-03).",
    )
    date_inscription = models.DateField("date d'inscription")
    motif_retroactivite = models.TextField(
        "motif de l'enregistrement tardif",
        blank=True,
        help_text="Une inscription datée avant son enregistrement dit pourquoi (RETROACTIVITE_JOURS, R-REG-03).",
    )
    parcours = models.CharField("parcours", max_length=20, choices=Parcours.choices)
    voie = models.CharField("voie d'inscription", max_length=20, choices=VoieInscription.choices)
    financement = models.CharField("dispositif de financement", max_length=5, choices=Financement.choices)
    type_beneficiaire = models.CharField("bénéficiaire", max_length=25, choices=TypeBeneficiaire.choices)
    origine = models.CharField("origine du candidat", max_length=3, choices=Origine.choices)
    apprenti = models.BooleanField("apprenti", default=False)
    accord_employeur = models.BooleanField("accord de l'employeur", default=False)
    entreprise = models.ForeignKey(
        Organisation,
        verbose_name="entreprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inscriptions_entreprise",
    )
    organisme_formation = models.ForeignKey(
        Organisation,
        verbose_name="organisme de formation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inscriptions_organisme",
    )
    statut = models.CharField(
        "statut", max_length=10, choices=StatutInscription.choices, default=StatutInscription.EN_COURS
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)
    annulee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="annulée par",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    motif_annulation = models.TextField("motif de l'annulation", blank=True)
    close_le = models.DateField("close le", null=True, blank=True)
    motif_cloture = models.TextField("motif de la clôture", blank=True)

    class Meta:
        verbose_name = "inscription"
        ordering = ["-date_inscription", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~_DE | Q(entreprise__isnull=True),
                name="inscription_demandeur_emploi_sans_entreprise",
                violation_error_message="Un demandeur d'emploi n'a pas d'entreprise (R-REG-04).",
            ),
            models.CheckConstraint(
                condition=_DE | Q(entreprise__isnull=False),
                name="inscription_salarie_a_une_entreprise",
                violation_error_message="Un salarié est inscrit avec son entreprise (R-REG-04).",
            ),
            models.CheckConstraint(
                condition=(_DE & Q(origine=Origine.DEMANDEUR_EMPLOI)) | (~_DE & ~Q(origine=Origine.DEMANDEUR_EMPLOI)),
                name="inscription_origine_de_coherente",
                violation_error_message="L'origine DE est celle, et la seule, d'un demandeur d'emploi (R-REG-04).",
            ),
            models.CheckConstraint(
                condition=~_DE | Q(accord_employeur=False),
                name="inscription_demandeur_emploi_sans_employeur",
                violation_error_message="Un demandeur d'emploi n'a pas d'employeur dont recueillir l'accord.",
            ),
            models.CheckConstraint(
                condition=~Q(voie=VoieInscription.ENTREPRISE) | Q(entreprise__isnull=False),
                name="inscription_voie_entreprise_a_une_entreprise",
                violation_error_message="Une inscription par l'entreprise nomme l'entreprise (R-REG-01).",
            ),
            models.CheckConstraint(
                condition=~Q(voie=VoieInscription.ORGANISME_FORMATION) | Q(organisme_formation__isnull=False),
                name="inscription_voie_organisme_a_un_organisme",
                violation_error_message="Une inscription par un organisme de formation nomme l'organisme (R-REG-01).",
            ),
            models.CheckConstraint(
                condition=~Q(voie=VoieInscription.DIRECTE)
                | Q(financement=Financement.CIF)
                | Q(parcours=Parcours.VAE)
                | (Q(financement=Financement.CPF) & Q(accord_employeur=False)),
                name="inscription_voie_directe_admise",
                violation_error_message=(
                    "Le candidat ne s'inscrit directement que pour un CIF, une VAE individuelle ou un CPF sans accord "
                    "de l'employeur (R-REG-01)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(apprenti=False) | Q(financement__in=sorted(FINANCEMENTS_APPRENTI)),
                name="inscription_apprenti_par_le_cpf",
                violation_error_message="Un apprenti n'obtient un CQPM qu'en mobilisant son CPF (R-ACC-02).",
            ),
            models.CheckConstraint(
                condition=~Q(financement=Financement.CPFCA) | Q(apprenti=True),
                name="inscription_cpfca_pour_un_apprenti",
                violation_error_message="Le financement CPFCA est celui d'un apprenti (R-ACC-02).",
            ),
            models.CheckConstraint(
                condition=~Q(financement__in=sorted(FINANCEMENTS_VAE)) | Q(parcours=Parcours.VAE),
                name="inscription_financement_vae_pour_une_vae",
                violation_error_message="Les financements VAE et CVAE ne financent qu'une VAE (R-REG-04).",
            ),
            models.CheckConstraint(
                condition=(Q(statut=StatutInscription.ANNULEE) & Q(annulee_le__isnull=False))
                | (~Q(statut=StatutInscription.ANNULEE) & Q(annulee_le__isnull=True)),
                name="inscription_annulee_datee",
                violation_error_message="Une inscription annulée porte sa date d'annulation, et elle seule.",
            ),
            models.CheckConstraint(
                condition=(Q(statut=StatutInscription.CLOSE) & Q(close_le__isnull=False) & ~Q(motif_cloture=""))
                | (~Q(statut=StatutInscription.CLOSE) & Q(close_le__isnull=True) & Q(motif_cloture="")),
                name="inscription_close_datee_et_motivee",
                violation_error_message="Une inscription close porte sa date et son motif de clôture, et elle seule.",
            ),
        ]

    def __str__(self) -> str:
        numero = f"n° {self.pk}" if self.pk else "nouvelle"
        return f"Inscription {numero} — {self.candidat} — {self.qualification}"

    def organisations_concernees(self) -> list[Organisation]:
        """Scoping protocol of cqpm.comptes.permissions: the exam centre, the company, the training organisation."""
        return [o for o in (self.centre_examen, self.entreprise, self.organisme_formation) if o is not None]

    @property
    def est_active(self) -> bool:
        return self.statut != StatutInscription.ANNULEE
