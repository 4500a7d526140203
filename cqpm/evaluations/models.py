"""Evaluation of a candidate on the training path (Part 2, ch. 1 §1 B: R-EVAL-01 to 06, R-REG-02, R-LET-04).

One DossierEvaluation per inscription of the continuing-training path: the modalities chosen per capacity of the
pinned version (R-EVAL-01), the justification of a *situation reconstituée* (R-EVAL-02), what the resource centre
recommended, the company's opinion (R-EVAL-03) and the disability compensations (R-EVAL-05). A
CommissionEvaluation of an exam centre, with its qualified members, records per capacity « acquise » or not
(R-EVAL-04). An AcquisAnterieur is a capacity an earlier jury validated, carried over under R-EVAL-06 / R-LET-04.
The database holds each row's invariants; `services` check the rest and explain refusals.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cqpm.core.champs import champ_utilisateur
from cqpm.evaluations.enums import SourceAcquis
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import Modalite


class DossierEvaluation(models.Model):
    """The dossier the exam centre and the company send to the resource centre (R-EVAL-01)."""

    inscription = models.OneToOneField(
        "candidats.Inscription",
        verbose_name="inscription",
        on_delete=models.PROTECT,
        related_name="dossier_evaluation",
    )
    transmis_le = models.DateField("transmis au centre de ressources le", null=True, blank=True)
    recommandations = models.TextField("recommandations du centre de ressources", blank=True)
    recommandations_le = models.DateField("recommandations reçues le", null=True, blank=True)
    adaptations = models.TextField("adaptations apportées", blank=True)
    avis_entreprise = models.TextField("avis de l'entreprise", blank=True)
    avis_auteur = models.CharField("auteur de l'avis (tuteur, responsable…)", max_length=200, blank=True)
    avis_le = models.DateField("avis donné le", null=True, blank=True)
    compensations_demandees = models.TextField("compensations du handicap demandées", blank=True)
    compensations_demandees_le = models.DateField("demandées le", null=True, blank=True)
    compensations_accordees = models.TextField("compensations du handicap accordées", blank=True)
    compensations_accordees_le = models.DateField("accordées le", null=True, blank=True)
    ouvert_le = models.DateTimeField("ouvert le", auto_now_add=True)
    ouvert_par = champ_utilisateur("ouvert par")

    class Meta:
        verbose_name = "dossier d'évaluation"
        verbose_name_plural = "dossiers d'évaluation"
        ordering = ["-ouvert_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(avis_entreprise="", avis_auteur="", avis_le__isnull=True)
                | (~Q(avis_entreprise="") & ~Q(avis_auteur="") & Q(avis_le__isnull=False)),
                name="dossier_avis_entreprise_complet",
                violation_error_message="L'avis de l'entreprise porte son texte, son auteur et sa date (R-EVAL-03).",
            ),
            models.CheckConstraint(
                condition=Q(recommandations="", recommandations_le__isnull=True)
                | (~Q(recommandations="") & Q(recommandations_le__isnull=False)),
                name="dossier_recommandations_datees",
                violation_error_message="Les recommandations du centre de ressources sont datées (R-EVAL-01).",
            ),
            models.CheckConstraint(
                condition=Q(recommandations="") | Q(transmis_le__isnull=False),
                name="dossier_recommandations_apres_transmission",
                violation_error_message=(
                    "Le centre de ressources recommande sur le dossier qui lui a été transmis (R-EVAL-01)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(compensations_accordees="") | ~Q(compensations_demandees=""),
                name="dossier_compensations_a_la_demande",
                violation_error_message=(
                    "Les compensations du handicap sont accordées à la demande du candidat (R-EVAL-05)."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(compensations_demandees="") & Q(compensations_demandees_le__isnull=True))
                | (~Q(compensations_demandees="") & Q(compensations_demandees_le__isnull=False)),
                name="dossier_compensations_demandees_datees",
                violation_error_message="La demande de compensations est datée (R-EVAL-05).",
            ),
            models.CheckConstraint(
                condition=(Q(compensations_accordees="") & Q(compensations_accordees_le__isnull=True))
                | (~Q(compensations_accordees="") & Q(compensations_accordees_le__isnull=False)),
                name="dossier_compensations_accordees_datees",
                violation_error_message="Les compensations accordées sont datées (R-EVAL-05).",
            ),
        ]

    def __str__(self) -> str:
        return f"Dossier d'évaluation de l'inscription n° {self.inscription_id}"

    def organisations_concernees(self) -> list[Organisation]:
        """Scoping protocol of cqpm.comptes.permissions: those of the inscription."""
        return self.inscription.organisations_concernees()


class ModaliteChoisie(models.Model):
    """A modality chosen to evaluate one capacity, among those the pinned version allows (R-EVAL-01, R-EVAL-02)."""

    dossier = models.ForeignKey(DossierEvaluation, on_delete=models.CASCADE, related_name="modalites")
    capacite = models.ForeignKey("referentiels.Capacite", on_delete=models.PROTECT, related_name="+")
    modalite = models.CharField("modalité", max_length=20, choices=Modalite.choices)
    justification = models.TextField(
        "justification (situation reconstituée)",
        blank=True,
        help_text="Pourquoi l'évaluation en situation réelle est impossible (R-EVAL-02).",
    )

    class Meta:
        verbose_name = "modalité d'évaluation choisie"
        verbose_name_plural = "modalités d'évaluation choisies"
        ordering = ["capacite__numero", "modalite"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "capacite", "modalite"], name="modalite_choisie_unique"),
            models.CheckConstraint(
                condition=(Q(modalite=Modalite.SITUATION_RECONSTITUEE) & ~Q(justification=""))
                | (~Q(modalite=Modalite.SITUATION_RECONSTITUEE) & Q(justification="")),
                name="modalite_reconstituee_justifiee",
                violation_error_message=(
                    "Une situation reconstituée, et elle seule, porte la justification de l'impossibilité d'évaluer "
                    "en situation réelle (R-EVAL-02)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"C{self.capacite.numero} : {self.get_modalite_display()}"


class CommissionEvaluation(models.Model):
    """A meeting of the commission d'évaluation of an exam centre (R-EVAL-04)."""

    centre_examen = models.ForeignKey(
        Organisation, verbose_name="centre d'examen", on_delete=models.PROTECT, related_name="commissions_evaluation"
    )
    date = models.DateField("date de réunion")
    lieu = models.CharField("lieu", max_length=200)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    cree_par = champ_utilisateur("créée par")

    class Meta:
        verbose_name = "commission d'évaluation"
        verbose_name_plural = "commissions d'évaluation"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(lieu=""), name="commission_a_un_lieu", violation_error_message="Le lieu est obligatoire."
            ),
        ]

    def __str__(self) -> str:
        return f"Commission d'évaluation du {self.date:%d/%m/%Y} ({self.lieu})"

    def organisations_concernees(self) -> list[Organisation]:
        return [self.centre_examen]


class MembreCommission(models.Model):
    """A qualified member: his professional experience lets him evaluate the capacities (R-EVAL-04)."""

    commission = models.ForeignKey(CommissionEvaluation, on_delete=models.CASCADE, related_name="membres")
    nom = models.CharField("nom", max_length=200)
    qualite = models.CharField("qualité et expérience", max_length=300)

    class Meta:
        verbose_name = "membre de commission d'évaluation"
        verbose_name_plural = "membres de commission d'évaluation"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(nom="") & ~Q(qualite=""),
                name="membre_commission_qualifie",
                violation_error_message="Chaque membre est nommé, avec sa qualité et son expérience (R-EVAL-04).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nom} ({self.qualite})"


class ResultatCapacite(models.Model):
    """What the commission recorded for one capacity of one candidate: acquired or not (R-EVAL-04)."""

    dossier = models.ForeignKey(DossierEvaluation, on_delete=models.PROTECT, related_name="resultats")
    capacite = models.ForeignKey("referentiels.Capacite", on_delete=models.PROTECT, related_name="+")
    commission = models.ForeignKey(CommissionEvaluation, on_delete=models.PROTECT, related_name="resultats")
    acquise = models.BooleanField("acquise")
    observations = models.TextField("observations", blank=True)
    enregistre_le = models.DateTimeField("enregistré le", auto_now=True)
    enregistre_par = champ_utilisateur("enregistré par")

    class Meta:
        verbose_name = "résultat d'une capacité"
        verbose_name_plural = "résultats des capacités"
        ordering = ["capacite__numero"]
        constraints = [models.UniqueConstraint(fields=["dossier", "capacite"], name="resultat_capacite_unique")]

    def __str__(self) -> str:
        return f"C{self.capacite.numero} : {'acquise' if self.acquise else 'non acquise'}"


class AcquisAnterieur(models.Model):
    """A capacity an earlier jury validated for a candidate (R-EVAL-06, R-LET-04).

    Written by the staff from the paper history for now, by the jury app later (`source`). The capacity is the
    one of the version that jury used; the carry-over compares number and title with the new pinned version.
    """

    candidat = models.ForeignKey(
        "candidats.Candidat", verbose_name="candidat", on_delete=models.PROTECT, related_name="acquis_anterieurs"
    )
    qualification = models.ForeignKey(
        "referentiels.Qualification", verbose_name="qualification", on_delete=models.PROTECT, related_name="+"
    )
    capacite = models.ForeignKey(
        "referentiels.Capacite", verbose_name="capacité validée", on_delete=models.PROTECT, related_name="+"
    )
    date_jury = models.DateField("date du jury")
    bloc_certifie = models.BooleanField(
        "bloc certifié seul", default=False, help_text="Le bloc de la capacité a fait l'objet d'un certificat de bloc."
    )
    cqpm_rncp = models.BooleanField("CQPM enregistré au RNCP à la date du jury", default=False)
    source = models.CharField("source", max_length=12, choices=SourceAcquis.choices, default=SourceAcquis.HISTORIQUE)
    reference = models.CharField("référence (procès-verbal, archive)", max_length=200, blank=True)
    cree_le = models.DateTimeField("enregistré le", auto_now_add=True)
    cree_par = champ_utilisateur("enregistré par")

    class Meta:
        verbose_name = "capacité acquise antérieurement"
        verbose_name_plural = "capacités acquises antérieurement"
        ordering = ["-date_jury", "capacite__numero"]
        constraints = [
            models.UniqueConstraint(fields=["candidat", "capacite", "date_jury"], name="acquis_anterieur_unique"),
        ]

    def __str__(self) -> str:
        return f"C{self.capacite.numero} validée par le jury du {self.date_jury:%d/%m/%Y}"

    def organisations_concernees(self) -> list[Organisation]:
        return self.candidat.organisations_concernees()
