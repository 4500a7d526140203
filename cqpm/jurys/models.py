"""The jury paritaire de délibération of an exam centre (Part 2, ch. 2; R-JURY-01 to 10).

A Jury of an UIMM territoriale meets on a date for one qualification; its composition is the employers'
delegation (R-JURY-02, president R-JURY-05), the union delegation designated on request (R-JURY-01, R-JURY-03)
and invitees without vote (R-JURY-04). The CPREFP is informed of each composition (R-JURY-07), members are
convened (R-JURY-08), candidates appear under a code until the PV is signed (R-JURY-06), and each present candidate
gets A or NA from the voting members (R-JURY-09). The database holds each row's invariants; `services` check the
rest and explain refusals.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cqpm.core.champs import champ_utilisateur, si
from cqpm.jurys.enums import (
    BrancheMembre,
    College,
    Decision,
    EtatJury,
    MotifInformation,
    Periodicite,
    Presence,
)
from cqpm.organisations.models import Organisation

APRES_CONVOCATION = [EtatJury.CONVOQUE, EtatJury.DELIBERE, EtatJury.SIGNE]
APRES_DELIBERATION = [EtatJury.DELIBERE, EtatJury.SIGNE]


class Jury(models.Model):
    """One meeting of the jury paritaire de délibération of an exam centre, for one qualification."""

    centre_examen = models.ForeignKey(
        Organisation, verbose_name="centre d'examen", on_delete=models.PROTECT, related_name="jurys"
    )
    qualification = models.ForeignKey(
        "referentiels.Qualification", verbose_name="qualification", on_delete=models.PROTECT, related_name="jurys"
    )
    date = models.DateField("date du jury")
    lieu = models.CharField("lieu", max_length=200)
    periodicite = models.CharField(
        "calendrier", max_length=15, choices=Periodicite.choices, default=Periodicite.PONCTUELLE
    )
    etat = models.CharField("état", max_length=10, choices=EtatJury.choices, default=EtatJury.PLANIFIE)
    information_due = models.CharField(
        "information de la CPREFP à faire",
        max_length=12,
        choices=MotifInformation.choices,
        blank=True,
        default=MotifInformation.INITIALE,
        help_text="Vide quand la CPREFP connaît la composition et le calendrier en vigueur (R-JURY-07).",
    )
    designations_demandees_le = models.DateField("désignations demandées le", null=True, blank=True)
    convoque_le = models.DateField("membres convoqués le", null=True, blank=True)
    delibere_le = models.DateTimeField("délibération arrêtée le", null=True, blank=True)
    signe_le = models.DateTimeField("procès-verbal signé le", null=True, blank=True)
    signe_par = champ_utilisateur("signé par")
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    cree_par = champ_utilisateur("créé par")

    class Meta:
        verbose_name = "jury paritaire de délibération"
        verbose_name_plural = "jurys paritaires de délibération"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(etat__in=EtatJury.values), name="jury_etat_connu", violation_error_message="État inconnu."
            ),
            models.CheckConstraint(
                condition=~Q(lieu=""), name="jury_a_un_lieu", violation_error_message="Le lieu est obligatoire."
            ),
            models.CheckConstraint(
                condition=Q(etat=EtatJury.PLANIFIE, convoque_le__isnull=True)
                | Q(etat__in=APRES_CONVOCATION, convoque_le__isnull=False),
                name="jury_convoque_date",
                violation_error_message="Un jury convoqué porte la date de ses convocations (R-JURY-08).",
            ),
            models.CheckConstraint(
                condition=Q(etat__in=APRES_DELIBERATION, delibere_le__isnull=False)
                | (~Q(etat__in=APRES_DELIBERATION) & Q(delibere_le__isnull=True)),
                name="jury_delibere_date",
                violation_error_message="Un jury délibéré porte la date de sa délibération (R-JURY-09).",
            ),
            models.CheckConstraint(
                condition=Q(etat=EtatJury.SIGNE, signe_le__isnull=False, signe_par__isnull=False)
                | (~Q(etat=EtatJury.SIGNE) & Q(signe_le__isnull=True, signe_par__isnull=True)),
                name="jury_signe_date_et_signataire",
                violation_error_message="Le procès-verbal signé porte sa date et son signataire (R-JURY-10).",
            ),
            models.CheckConstraint(
                condition=si(Q(etat__in=APRES_CONVOCATION), Q(designations_demandees_le__isnull=False)),
                name="jury_convoque_apres_designations",
                violation_error_message="Les désignations syndicales sont demandées avant la convocation (R-JURY-01).",
            ),
        ]

    def __str__(self) -> str:
        return f"Jury du {self.date:%d/%m/%Y} ({self.lieu})"

    @property
    def signe(self) -> bool:
        return self.etat == EtatJury.SIGNE

    def organisations_concernees(self) -> list[Organisation]:
        """Scoping protocol of cqpm.comptes.permissions: the exam centre."""
        return [self.centre_examen]


class DemandeDesignation(models.Model):
    """The request to a union's territorial branch to designate qualified members (R-JURY-01)."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="demandes")
    branche_syndicale = models.ForeignKey(
        Organisation, verbose_name="branche syndicale", on_delete=models.PROTECT, related_name="demandes_jury"
    )
    envoyee_le = models.DateField("envoyée le")

    class Meta:
        verbose_name = "demande de désignation"
        verbose_name_plural = "demandes de désignation"
        ordering = ["branche_syndicale__nom"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "branche_syndicale"], name="demande_designation_unique"),
        ]

    def __str__(self) -> str:
        return f"Demande à {self.branche_syndicale} ({self.envoyee_le:%d/%m/%Y})"

    def organisations_concernees(self) -> list[Organisation]:
        """The union branch answers its own request; the exam centre follows it."""
        return [self.branche_syndicale, self.jury.centre_examen]


class MembreJury(models.Model):
    """A person of the jury: employers' or union delegation, or an invitee without vote."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="membres")
    college = models.CharField("collège", max_length=10, choices=College.choices)
    nom = models.CharField("nom et prénom", max_length=200)
    organisme = models.CharField("entreprise, UIMM ou organisation syndicale", max_length=255)
    fonction = models.CharField("fonction", max_length=200)
    courriel = models.EmailField("adresse électronique", blank=True)
    branche = models.CharField(
        "branche de l'employeur", max_length=20, choices=BrancheMembre.choices, default=BrancheMembre.METALLURGIE
    )
    branche_syndicale = models.ForeignKey(
        Organisation,
        verbose_name="branche syndicale mandante",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membres_jury",
    )
    syndicat = models.ForeignKey(
        Organisation,
        verbose_name="organisation syndicale",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    voix_deliberative = models.BooleanField("voix délibérative", default=True)
    president = models.BooleanField("président", default=False)
    utilisateur = champ_utilisateur("compte du membre (signature du président)")
    designe_le = models.DateTimeField("désigné le", auto_now_add=True)

    class Meta:
        verbose_name = "membre de jury"
        verbose_name_plural = "membres de jury"
        ordering = ["college", "-president", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(college__in=College.values),
                name="membre_college_connu",
                violation_error_message="Collège inconnu.",
            ),
            models.CheckConstraint(
                condition=si(Q(college=College.INVITE), Q(voix_deliberative=False, president=False)),
                name="membre_invite_sans_voix",
                violation_error_message="Un invité assiste sans voix délibérative (R-JURY-04).",
            ),
            models.CheckConstraint(
                condition=Q(college=College.SALARIE, syndicat__isnull=False, branche_syndicale__isnull=False)
                | (~Q(college=College.SALARIE) & Q(syndicat__isnull=True, branche_syndicale__isnull=True)),
                name="membre_salarie_mandate",
                violation_error_message="Un membre de la délégation syndicale est désigné par sa branche (R-JURY-03).",
            ),
            models.CheckConstraint(
                condition=si(Q(president=True), Q(college=College.EMPLOYEUR, voix_deliberative=True)),
                name="membre_president_patronal",
                violation_error_message="Le président est désigné par la chambre syndicale patronale (R-JURY-05).",
            ),
            models.CheckConstraint(
                condition=Q(college=College.INVITE) | ~Q(branche=BrancheMembre.AUTRE),
                name="membre_de_la_branche",
                violation_error_message=(
                    "Les membres qualifiés sont salariés de la métallurgie ou du travail temporaire (R-JURY-02, "
                    "R-JURY-03)."
                ),
            ),
            models.UniqueConstraint(
                fields=["jury"],
                condition=Q(president=True),
                name="un_president_par_jury",
                violation_error_message="Le jury a un seul président (R-JURY-05).",
            ),
            models.UniqueConstraint(
                fields=["jury", "syndicat"],
                condition=Q(college=College.SALARIE, voix_deliberative=True),
                name="une_voix_par_syndicat",
                violation_error_message="Un seul membre par organisation syndicale siège avec voix délibérative "
                "(R-JURY-03).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nom} ({self.organisme})"

    def organisations_concernees(self) -> list[Organisation]:
        return [self.jury.centre_examen] + ([self.branche_syndicale] if self.branche_syndicale else [])


class CandidatJury(models.Model):
    """A candidate presented to the jury, under an anonymous code until the PV is signed (R-JURY-06)."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="candidats")
    inscription = models.ForeignKey(
        "candidats.Inscription", verbose_name="inscription", on_delete=models.PROTECT, related_name="passages_jury"
    )
    code = models.CharField("code anonyme", max_length=20)
    presence = models.CharField("présence", max_length=10, choices=Presence.choices, default=Presence.ATTENDU)
    decision = models.CharField("décision du jury", max_length=2, choices=Decision.choices, blank=True)
    commentaire = models.TextField("commentaire", blank=True)
    reporte_vers = models.ForeignKey(
        "self", verbose_name="reporté au jury", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "candidat présenté au jury"
        verbose_name_plural = "candidats présentés au jury"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "inscription"], name="candidat_jury_unique"),
            models.UniqueConstraint(fields=["jury", "code"], name="code_anonyme_unique"),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=Decision.values),
                name="decision_a_ou_na",
                violation_error_message="Le jury déclare A ou NA, aucune autre valeur (R-JURY-09).",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(presence=Presence.PRESENT),
                name="decision_candidat_present",
                violation_error_message="Le jury ne décide rien pour un candidat absent ou excusé.",
            ),
            models.CheckConstraint(
                condition=Q(reporte_vers__isnull=True) | Q(presence__in=[Presence.ABSENT, Presence.EXCUSE]),
                name="report_absent_ou_excuse",
                violation_error_message="Seul un candidat absent ou excusé est reporté à un jury ultérieur.",
            ),
        ]

    def __str__(self) -> str:
        return f"Candidat {self.code}"

    def organisations_concernees(self) -> list[Organisation]:
        return [self.jury.centre_examen]


class CibleJury(models.Model):
    """What the jury gives its A or NA on for one candidate (R-GTP-02, decision): the whole CQPM (`bloc` empty) or
    one bloc of an RNCP CQPM whose capacities are all acquired. Created when the decisions are arrêtées, each with the
    candidate's decision; the jury may then declare a target NA until the PV is signed (sovereign after)."""

    candidat = models.ForeignKey(CandidatJury, on_delete=models.CASCADE, related_name="cibles")
    bloc = models.ForeignKey(
        "referentiels.Bloc", verbose_name="bloc", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField("décision du jury", max_length=2, choices=Decision.choices)

    class Meta:
        verbose_name = "certification examinée par le jury"
        verbose_name_plural = "certifications examinées par le jury"
        ordering = ["candidat", "bloc__numero"]
        constraints = [
            models.UniqueConstraint(fields=["candidat", "bloc"], name="cible_jury_unique_bloc"),
            models.UniqueConstraint(fields=["candidat"], condition=Q(bloc__isnull=True), name="cible_jury_unique_cqpm"),
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values),
                name="cible_jury_a_ou_na",
                violation_error_message="Le jury déclare A ou NA, aucune autre valeur (R-JURY-09).",
            ),
        ]

    def __str__(self) -> str:
        quoi = f"bloc {self.bloc.numero}" if self.bloc_id and self.bloc else "CQPM"
        return f"{self.candidat.code} — {quoi} : {self.decision}"

    def organisations_concernees(self) -> list[Organisation]:
        return [self.candidat.jury.centre_examen]


class Vote(models.Model):
    """The vote of one voting member on one candidate: A or NA (R-JURY-09)."""

    candidat = models.ForeignKey(CandidatJury, on_delete=models.CASCADE, related_name="votes")
    membre = models.ForeignKey(MembreJury, on_delete=models.PROTECT, related_name="votes")
    decision = models.CharField("vote", max_length=2, choices=Decision.choices)

    class Meta:
        verbose_name = "vote"
        constraints = [
            models.UniqueConstraint(fields=["candidat", "membre"], name="un_vote_par_membre"),
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values),
                name="vote_a_ou_na",
                violation_error_message="Un vote est A ou NA, aucune autre valeur (R-JURY-09).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membre.nom} : {self.decision}"


class InformationCprefp(models.Model):
    """A dated notice to the CPREFP of the composition and forecast calendar, kept for the GTP (R-JURY-07)."""

    jury = models.ForeignKey(Jury, on_delete=models.PROTECT, related_name="informations")
    cprefp = models.ForeignKey(Organisation, verbose_name="CPREFP", on_delete=models.PROTECT, related_name="+")
    motif = models.CharField("motif", max_length=12, choices=MotifInformation.choices)
    envoyee_le = models.DateTimeField("envoyée le")
    contenu = models.JSONField("composition et calendrier communiqués")
    envoyee_par = champ_utilisateur("envoyée par")

    class Meta:
        verbose_name = "information de la CPREFP"
        verbose_name_plural = "informations de la CPREFP"
        ordering = ["envoyee_le", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(motif__in=MotifInformation.values),
                name="information_motif_connu",
                violation_error_message="Motif inconnu.",
            ),
        ]

    def __str__(self) -> str:
        return f"Information de la CPREFP du {self.envoyee_le:%d/%m/%Y} ({self.get_motif_display()})"


class Convocation(models.Model):
    """A member's convocation, also sent to the union branch that mandated him (R-JURY-08)."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="convocations")
    membre = models.ForeignKey(MembreJury, on_delete=models.CASCADE, related_name="convocations")
    envoyee_le = models.DateField("envoyée le")

    class Meta:
        verbose_name = "convocation"
        constraints = [models.UniqueConstraint(fields=["jury", "membre"], name="convocation_unique")]

    def __str__(self) -> str:
        return f"Convocation de {self.membre.nom} ({self.envoyee_le:%d/%m/%Y})"
