"""A VAE file (Part 2, ch. 1 §2 and Annex 4: R-VAE-01 to 03) and what it gathers on its way to the jury.

A `DossierVAE` belongs to the inscription préalable created when the request is filed (parcours VAE, on the whole
CQPM or on blocs: R-VAE-03, R-ACC-02). Its `phase` is an explicit state machine (R-VAE-02); each phase has its
dates, and a CheckConstraint per phase keeps the row consistent whatever writes it. The candidate, the CQPM and
the calendar year are copied on the file so that the database itself refuses a second request for the same CQPM
in the same calendar year, whichever exam centre receives it (R-VAE-01).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from cqpm.core.champs import champ_utilisateur
from cqpm.core.pieces import FichierDepose
from cqpm.organisations.models import Organisation
from cqpm.vae.enums import (
    PHASES_APRES_PREUVES,
    PHASES_AVANT_AVIS,
    PHASES_RECEVABLES,
    Echeance,
    NaturePiece,
    NatureRelance,
    Phase,
    TypeContrat,
    Validation,
)


def _dans(*phases: str) -> Q:
    return Q(phase__in=list(phases))


_AVIS_RENDU = ~_dans(*PHASES_AVANT_AVIS)
_COMMISSION = _dans(Phase.COMMISSION, Phase.CONCLUSIONS)


class DossierVAE(models.Model):
    inscription = models.OneToOneField(
        "candidats.Inscription", verbose_name="inscription", on_delete=models.PROTECT, related_name="dossier_vae"
    )
    candidat = models.ForeignKey(
        "candidats.Candidat", verbose_name="candidat", on_delete=models.PROTECT, related_name="dossiers_vae"
    )
    qualification = models.ForeignKey(
        "referentiels.Qualification", verbose_name="CQPM", on_delete=models.PROTECT, related_name="dossiers_vae"
    )
    centre_examen = models.ForeignKey(
        Organisation, verbose_name="centre d'examen", on_delete=models.PROTECT, related_name="dossiers_vae"
    )
    annee = models.PositiveSmallIntegerField("année civile de la demande")
    phase = models.CharField("phase", max_length=20, choices=Phase.choices, default=Phase.RECEPTION)
    recu_le = models.DateField("demande reçue le")
    declaration_honneur = models.BooleanField(
        "déclaration sur l'honneur",
        default=False,
        help_text="Une seule demande de VAE pour ce CQPM dans l'année civile (R-VAE-01).",
    )
    declaration_le = models.DateField("déclaration faite le", null=True, blank=True)
    avis_du_le = models.DateField("avis sur la recevabilité dû le")
    instruction_le = models.DateField("instruction ouverte le", null=True, blank=True)
    avis_le = models.DateField("avis rendu le", null=True, blank=True)
    motif_defavorable = models.TextField("motif de l'avis défavorable", blank=True)
    recevable_le = models.DateField("recevable depuis le", null=True, blank=True)
    fin_parcours_le = models.DateField("parcours borné au", null=True, blank=True)
    accompagnateur = models.CharField("accompagnateur", max_length=200, blank=True)
    accompagnement_le = models.DateField("accompagnement depuis le", null=True, blank=True)
    preuves_recues_le = models.DateField("dossier de preuves reçu le", null=True, blank=True)
    commission_le = models.DateField("commission de validation le", null=True, blank=True)
    president = models.CharField("président de la commission", max_length=200, blank=True)
    conclusions_le = models.DateField("conclusions transmises le", null=True, blank=True)
    validation = models.CharField("conclusion", max_length=10, choices=Validation.choices, blank=True)
    observations = models.TextField("observations de la commission", blank=True)
    deposee_par = champ_utilisateur("déposée par")
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "dossier de VAE"
        verbose_name_plural = "dossiers de VAE"
        ordering = ["-recu_le", "-pk"]
        indexes = [models.Index(fields=["centre_examen", "phase"], name="vae_centre_phase_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["candidat", "qualification", "annee"],
                name="vae_une_demande_par_cqpm_et_par_an",
                violation_error_message=(
                    "Une seule demande de VAE par CQPM et par année civile, quel que soit le centre d'examen "
                    "(R-VAE-01)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(declaration_honneur=True, declaration_le__isnull=False),
                name="vae_declaration_sur_l_honneur",
                violation_error_message="La demande porte la déclaration sur l'honneur datée (R-VAE-01).",
            ),
            models.CheckConstraint(
                condition=_dans(Phase.RECEPTION) | Q(instruction_le__isnull=False),
                name="vae_instruction_datee",
                violation_error_message="Une demande instruite porte la date d'ouverture de l'instruction (R-VAE-02).",
            ),
            models.CheckConstraint(
                condition=(_AVIS_RENDU & Q(avis_le__isnull=False)) | (~_AVIS_RENDU & Q(avis_le__isnull=True)),
                name="vae_avis_date",
                violation_error_message="L'avis sur la recevabilité est daté, et seulement une fois rendu (R-VAE-02).",
            ),
            models.CheckConstraint(
                condition=(_dans(Phase.CLOS) & ~Q(motif_defavorable=""))
                | (~_dans(Phase.CLOS) & Q(motif_defavorable="")),
                name="vae_clos_motive",
                violation_error_message="Un avis défavorable clôt le dossier et il est motivé (R-VAE-02).",
            ),
            models.CheckConstraint(
                condition=(_dans(*PHASES_RECEVABLES) & Q(recevable_le__isnull=False, fin_parcours_le__isnull=False))
                | (~_dans(*PHASES_RECEVABLES) & Q(recevable_le__isnull=True, fin_parcours_le__isnull=True)),
                name="vae_recevable_borne",
                violation_error_message="Un dossier recevable porte sa date et la borne de 12 mois (R-VAE-02).",
            ),
            models.CheckConstraint(
                condition=~_dans(Phase.ACCOMPAGNEMENT) | (Q(accompagnement_le__isnull=False) & ~Q(accompagnateur="")),
                name="vae_accompagnement_nomme",
                violation_error_message="L'accompagnement nomme l'accompagnateur et sa date de début (R-VAE-02).",
            ),
            models.CheckConstraint(
                condition=(_dans(*PHASES_APRES_PREUVES) & Q(preuves_recues_le__isnull=False))
                | (~_dans(*PHASES_APRES_PREUVES) & Q(preuves_recues_le__isnull=True)),
                name="vae_preuves_datees",
                violation_error_message="Le dossier de preuves reçu est daté (R-VAE-02).",
            ),
            models.CheckConstraint(
                condition=(_COMMISSION & Q(commission_le__isnull=False) & ~Q(president=""))
                | (~_COMMISSION & Q(commission_le__isnull=True) & Q(president="")),
                name="vae_commission_presidee",
                violation_error_message="La commission de validation est datée et présidée par le centre d'examen "
                "(R-VAE-02).",
            ),
            models.CheckConstraint(
                condition=(_dans(Phase.CONCLUSIONS) & Q(conclusions_le__isnull=False) & ~Q(validation=""))
                | (~_dans(Phase.CONCLUSIONS) & Q(conclusions_le__isnull=True) & Q(validation="")),
                name="vae_conclusions_datees",
                violation_error_message="Les conclusions au jury sont datées et disent la validation totale, partielle "
                "ou nulle (R-VAE-02).",
            ),
        ]

    def __str__(self) -> str:
        numero = f"n° {self.pk}" if self.pk else "nouveau"
        return f"Dossier de VAE {numero} — {self.candidat} — {self.qualification}"

    def organisations_concernees(self) -> list[Organisation]:
        """Scoping protocol of cqpm.comptes.permissions: the exam centre."""
        return [self.centre_examen]


class Experience(models.Model):
    """A line of the dossier d'activités: professional or volunteer experience, in chronological order (R-VAE-01)."""

    dossier = models.ForeignKey(DossierVAE, on_delete=models.PROTECT, related_name="experiences")
    poste = models.CharField("poste occupé", max_length=200)
    employeur = models.CharField("entreprise ou structure", max_length=200)
    activite_entreprise = models.CharField("activité principale de l'entreprise", max_length=200)
    type_contrat = models.CharField("type de contrat", max_length=15, choices=TypeContrat.choices)
    debut = models.DateField("début")
    fin = models.DateField("fin", null=True, blank=True, help_text="Vide : en cours.")
    rapport = models.TextField("activités en rapport avec le CQPM ou les blocs visés")

    class Meta:
        verbose_name = "expérience"
        ordering = ["debut", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")),
                name="vae_experience_chronologique",
                violation_error_message="Une expérience finit après avoir commencé (R-VAE-01).",
            ),
            models.CheckConstraint(
                condition=~Q(poste="") & ~Q(rapport=""),
                name="vae_experience_decrite",
                violation_error_message="Une expérience indique le poste et son rapport avec le CQPM visé (R-VAE-01).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poste} — {self.employeur}"

    @property
    def duree_mois(self) -> int | None:
        """Whole months from start to end; None while in progress."""
        if self.fin is None:
            return None
        return (self.fin.year - self.debut.year) * 12 + self.fin.month - self.debut.month


def chemin_piece(piece: PieceVAE, nom: str) -> str:
    """Stored under a random name: the user's file name is kept in `nom_original`, never used as a path."""
    return f"vae/{piece.dossier_id}/{uuid.uuid4().hex}.{piece.type_detecte}"


class PieceVAE(FichierDepose):
    dossier = models.ForeignKey(DossierVAE, on_delete=models.PROTECT, related_name="pieces")
    nature = models.CharField("nature", max_length=15, choices=NaturePiece.choices)
    fichier = models.FileField("fichier", upload_to=chemin_piece, max_length=200)

    class Meta(FichierDepose.Meta):
        verbose_name = "pièce d'un dossier de VAE"
        verbose_name_plural = "pièces des dossiers de VAE"

    def __str__(self) -> str:
        return f"{self.get_nature_display()} : {self.nom_original}"


class MembreCommission(models.Model):
    """A member of the commission de validation, beside its president (R-VAE-02)."""

    dossier = models.ForeignKey(DossierVAE, on_delete=models.PROTECT, related_name="membres")
    nom = models.CharField("nom", max_length=200)
    qualite = models.CharField("qualité", max_length=200, blank=True)

    class Meta:
        verbose_name = "membre de la commission de validation"
        verbose_name_plural = "membres de la commission de validation"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.nom


class ConclusionCapacite(models.Model):
    """The commission's conclusion on one capacity of the target (R-VAE-02, R-VAE-03)."""

    dossier = models.ForeignKey(DossierVAE, on_delete=models.PROTECT, related_name="conclusions")
    capacite = models.ForeignKey("referentiels.Capacite", on_delete=models.PROTECT, related_name="+")
    acquise = models.BooleanField("acquise")
    observations = models.TextField("observations", blank=True)

    class Meta:
        verbose_name = "conclusion sur une capacité"
        ordering = ["capacite__numero"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "capacite"], name="vae_une_conclusion_par_capacite"),
        ]

    def __str__(self) -> str:
        return f"C{self.capacite.numero} : {'acquise' if self.acquise else 'non acquise'}"


class Relance(models.Model):
    """A reminder or an overdue notice sent by the daily command; one per file, limit, kind and day."""

    dossier = models.ForeignKey(DossierVAE, on_delete=models.PROTECT, related_name="relances")
    echeance = models.CharField("échéance", max_length=10, choices=Echeance.choices)
    nature = models.CharField("nature", max_length=15, choices=NatureRelance.choices)
    le = models.DateField("envoyée le")
    destinataires = models.JSONField("destinataires", default=list)

    class Meta:
        verbose_name = "relance VAE"
        ordering = ["-le", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "echeance", "nature", "le"], name="vae_une_relance_par_jour_et_echeance"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} — {self.get_echeance_display()} — {self.le:%d/%m/%Y}"
