"""Award of CQPMs by the GTP (Part 2, ch. 2 §4, ch. 3, ch. 4: R-GTP-01 to 03, R-ID-04, R-CERT-01 to 04, R-LET-01 to 04).

A DemandeAttribution is what an exam centre sends the GTP secretariat after a signed jury, with its four pieces
(R-GTP-01). Its CibleAttribution rows are what each candidate may be awarded (R-GTP-02), each validated or not by
the GTP in a séance; a validated target becomes a Certificat numbered `MC …` (R-ID-04, R-GTP-03), delivered,
copied on loss and verifiable publicly by its token (R-CERT-01 to 04). A Courrier records the letters (R-LET-01
to 04). The database holds each row's invariants; `services` check the rest and explain refusals.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cqpm.attributions import codes
from cqpm.attributions.enums import (
    CanalTirage,
    DecisionGtp,
    Destinataire,
    DestinataireCourrier,
    ModeRemise,
    NatureCertificat,
    NatureCible,
    NatureCourrier,
    NaturePiece,
    ResultatVerification,
    StatutCorrection,
    StatutDemande,
)
from cqpm.core.champs import champ_utilisateur, si
from cqpm.organisations.models import Organisation


class DemandeAttribution(models.Model):
    """The transmission of a signed jury to the GTP secretariat, asking the award of its candidates (R-GTP-01)."""

    jury = models.OneToOneField(
        "jurys.Jury", verbose_name="jury", on_delete=models.PROTECT, related_name="demande_attribution"
    )
    statut = models.CharField("statut", max_length=10, choices=StatutDemande.choices, default=StatutDemande.BROUILLON)
    envoyee_le = models.DateField("envoyée le", null=True, blank=True)
    envoyee_par = champ_utilisateur("envoyée par")
    en_retard = models.BooleanField(
        "transmise en retard", default=False, help_text="Envoyée plus de 2 mois après le jury (R-GTP-01)."
    )
    seance = models.ForeignKey(
        "gtp.Seance",
        verbose_name="séance du GTP",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demandes_attribution",
    )
    examinee_le = models.DateTimeField("examinée le", null=True, blank=True)
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    cree_par = champ_utilisateur("créée par")

    class Meta:
        verbose_name = "demande d'attribution"
        verbose_name_plural = "demandes d'attribution"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(statut__in=StatutDemande.values),
                name="demande_attribution_statut_connu",
                violation_error_message="Statut inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutDemande.BROUILLON, envoyee_le__isnull=True, en_retard=False)
                | (~Q(statut=StatutDemande.BROUILLON) & Q(envoyee_le__isnull=False)),
                name="demande_attribution_envoyee_datee",
                violation_error_message="Une demande envoyée porte sa date d'envoi (R-GTP-01).",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutDemande.EXAMINEE, seance__isnull=False, examinee_le__isnull=False)
                | (~Q(statut=StatutDemande.EXAMINEE) & Q(examinee_le__isnull=True)),
                name="demande_attribution_examinee_en_seance",
                violation_error_message="Une demande examinée l'a été dans une séance du GTP (R-GTP-02).",
            ),
            models.CheckConstraint(
                condition=si(Q(statut=StatutDemande.BROUILLON), Q(seance__isnull=True)),
                name="demande_attribution_seance_apres_envoi",
                violation_error_message="Seule une demande envoyée est inscrite à une séance du GTP.",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande d'attribution — jury du {self.jury.date:%d/%m/%Y}"

    def organisations_concernees(self) -> list[Organisation]:
        """Scoping protocol of cqpm.comptes.permissions: the exam centre that held the jury."""
        return [self.jury.centre_examen]


class PieceDemande(models.Model):
    """One of the four documents of the transmission (R-GTP-01)."""

    demande = models.ForeignKey(DemandeAttribution, on_delete=models.CASCADE, related_name="pieces")
    nature = models.CharField("nature", max_length=20, choices=NaturePiece.choices)
    fichier = models.FileField("fichier", upload_to="attributions/pieces/%Y/")
    nom_fichier = models.CharField("nom du fichier", max_length=255)
    jointe_le = models.DateTimeField("jointe le", auto_now_add=True)
    jointe_par = champ_utilisateur("jointe par")

    class Meta:
        verbose_name = "pièce d'une demande d'attribution"
        verbose_name_plural = "pièces des demandes d'attribution"
        ordering = ["nature"]
        constraints = [
            models.UniqueConstraint(fields=["demande", "nature"], name="piece_demande_unique"),
            models.CheckConstraint(condition=Q(nature__in=NaturePiece.values), name="piece_demande_nature_connue"),
        ]

    def __str__(self) -> str:
        return self.get_nature_display()


class CibleAttribution(models.Model):
    """What one candidate may be awarded: the CQPM, one bloc, or the corresponding CQPI (R-GTP-02, R-GTP-03)."""

    demande = models.ForeignKey(DemandeAttribution, on_delete=models.CASCADE, related_name="cibles")
    candidat = models.ForeignKey(
        "jurys.CandidatJury", verbose_name="candidat", on_delete=models.PROTECT, related_name="cibles_attribution"
    )
    nature = models.CharField("nature", max_length=5, choices=NatureCible.choices)
    qualification = models.ForeignKey(
        "referentiels.Qualification", verbose_name="qualification", on_delete=models.PROTECT, related_name="+"
    )
    bloc = models.ForeignKey(
        "referentiels.Bloc", verbose_name="bloc", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        "décision du GTP", max_length=12, choices=DecisionGtp.choices, default=DecisionGtp.A_EXAMINER
    )
    motif = models.TextField("motif de la non-validation", blank=True)
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    decidee_par = champ_utilisateur("décidée par")
    echec = models.TextField("échec de la dernière validation en lot", blank=True)
    """Why the séance's background validation could not decide this target (its other targets went on); cleared
    by the decision that follows."""

    class Meta:
        verbose_name = "cible d'attribution"
        verbose_name_plural = "cibles d'attribution"
        ordering = ["candidat__code", "nature", "bloc__numero"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nature__in=NatureCible.values) & Q(decision__in=DecisionGtp.values),
                name="cible_nature_et_decision_connues",
            ),
            models.CheckConstraint(
                condition=Q(nature=NatureCible.BLOC, bloc__isnull=False) | (~Q(nature=NatureCible.BLOC) & Q(bloc=None)),
                name="cible_bloc_si_bloc",
                violation_error_message="Seule une cible « bloc » désigne un bloc (R-GTP-02).",
            ),
            models.CheckConstraint(
                condition=Q(decision=DecisionGtp.A_EXAMINER, decidee_le__isnull=True)
                | (~Q(decision=DecisionGtp.A_EXAMINER) & Q(decidee_le__isnull=False)),
                name="cible_decision_datee",
                violation_error_message="Une décision du GTP est datée (R-GTP-02).",
            ),
            models.CheckConstraint(
                condition=si(Q(decision=DecisionGtp.NON_VALIDEE), ~Q(motif="")),
                name="cible_non_validee_motivee",
                violation_error_message="Une non-validation est motivée (R-GTP-02).",
            ),
            models.UniqueConstraint(fields=["candidat", "nature", "bloc"], name="cible_unique_bloc"),
            models.UniqueConstraint(
                fields=["candidat", "nature"], condition=Q(bloc__isnull=True), name="cible_unique_sans_bloc"
            ),
        ]

    def __str__(self) -> str:
        quoi = str(self.bloc) if self.bloc_id else str(self.qualification)
        return f"{self.get_nature_display()} : {quoi}"

    def organisations_concernees(self) -> list[Organisation]:
        return self.demande.organisations_concernees()


class Certificat(models.Model):
    """A certificate as awarded (R-GTP-03) with what it prints (R-CERT-04), its delivery (R-CERT-01), the
    questionnaire handed with it (R-CERT-03) and its revocation; `jeton` is the public verification key."""

    cible = models.OneToOneField(CibleAttribution, on_delete=models.PROTECT, related_name="certificat")
    nature = models.CharField("nature", max_length=10, choices=NatureCertificat.choices)
    numero = models.CharField("numéro de certificat", max_length=40, unique=True)
    annee = models.PositiveSmallIntegerField("année d'attribution")
    sequence = models.PositiveIntegerField("séquence nationale de l'année")
    titulaire_nom = models.CharField("nom du titulaire", max_length=150)
    titulaire_prenoms = models.CharField("prénoms du titulaire", max_length=200)
    date_naissance = models.DateField("date de naissance")
    lieu_naissance = models.CharField("lieu de naissance", max_length=255)
    intitule_qualification = models.CharField("intitulé", max_length=300)
    numero_qualification = models.CharField("numéro MQ ou M BDC", max_length=60, blank=True)
    date_jury = models.DateField("date du jury")
    fait_le = models.DateField("fait à Paris le")
    jeton = models.CharField("jeton de vérification", max_length=64, unique=True)
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True)
    motif_revocation = models.TextField("motif de la révocation", blank=True)
    revoque_par = champ_utilisateur("révoqué par")
    destinataire = models.CharField("remis à", max_length=10, choices=Destinataire.choices, blank=True)
    mode_remise = models.CharField("mode de remise", max_length=15, choices=ModeRemise.choices, blank=True)
    remis_le = models.DateField("remis le", null=True, blank=True)
    questionnaire_remis = models.BooleanField("questionnaire remis avec le certificat", default=False)
    reponses_questionnaire = models.JSONField("réponses au questionnaire", null=True, blank=True)
    reponses_transmises_le = models.DateTimeField("réponses transmises au GTP le", null=True, blank=True)
    edition = models.PositiveSmallIntegerField("édition", default=1)
    """1 as awarded; each approved correction reissues the certificate under the same number, one edition more."""
    reedite_le = models.DateField("réédité le", null=True, blank=True)

    class Meta:
        verbose_name = "certificat"
        ordering = ["-annee", "-sequence"]
        constraints = [
            models.CheckConstraint(condition=Q(nature__in=NatureCertificat.values), name="certificat_nature_connue"),
            models.UniqueConstraint(fields=["annee", "sequence"], name="certificat_sequence_unique"),
            models.UniqueConstraint(fields=["jeton"], name="certificat_jeton_unique"),
            models.CheckConstraint(condition=~Q(jeton="") & ~Q(numero=""), name="certificat_numero_et_jeton"),
            models.CheckConstraint(
                condition=Q(revoque_le__isnull=True, motif_revocation="")
                | (Q(revoque_le__isnull=False) & ~Q(motif_revocation="")),
                name="certificat_revocation_motivee",
                violation_error_message="Une révocation est datée et motivée.",
            ),
            models.CheckConstraint(
                condition=Q(remis_le__isnull=True, destinataire="", mode_remise="", questionnaire_remis=False)
                | (Q(remis_le__isnull=False) & ~Q(destinataire="") & ~Q(mode_remise="")),
                name="certificat_remise_complete",
                violation_error_message="Une remise indique son destinataire, son mode et sa date (R-CERT-01).",
            ),
            models.CheckConstraint(
                condition=si(Q(reponses_transmises_le__isnull=False), Q(questionnaire_remis=True)),
                name="certificat_reponses_apres_questionnaire",
                violation_error_message="Les réponses suivent le questionnaire remis avec le certificat (R-CERT-03).",
            ),
            models.CheckConstraint(
                condition=Q(edition=1, reedite_le__isnull=True) | Q(edition__gt=1, reedite_le__isnull=False),
                name="certificat_reedition_datee",
                violation_error_message="Une réédition est datée ; la première édition ne l'est pas.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} n° {self.numero}"

    @property
    def revoque(self) -> bool:
        return self.revoque_le is not None

    @property
    def code_verification(self) -> str:
        """The code as printed and typed: `ABCD-EFGH-JKMN-PQRS` (`cqpm.attributions.codes`)."""
        return codes.formater(self.jeton)

    def organisations_concernees(self) -> list[Organisation]:
        return self.cible.organisations_concernees()


class CopieCertifiee(models.Model):
    """A certified true copy of a certificate, issued on loss (R-CERT-02); copies are numbered per certificate."""

    certificat = models.ForeignKey(Certificat, on_delete=models.PROTECT, related_name="copies")
    rang = models.PositiveSmallIntegerField("copie n°")
    motif = models.TextField("motif (perte)")
    delivree_le = models.DateField("délivrée le")
    delivree_par = champ_utilisateur("délivrée par")

    class Meta:
        verbose_name = "copie certifiée conforme"
        verbose_name_plural = "copies certifiées conformes"
        ordering = ["certificat", "rang"]
        constraints = [
            models.UniqueConstraint(fields=["certificat", "rang"], name="copie_certifiee_rang_unique"),
            models.CheckConstraint(condition=~Q(motif=""), name="copie_certifiee_motivee"),
        ]

    def __str__(self) -> str:
        return f"Copie certifiée conforme n° {self.rang} de {self.certificat.numero}"


class TirageCertificat(models.Model):
    """One PDF of a certificate produced (downloaded or printed): every copy in circulation stays listed, with
    the edition it shows, so that a reissue after correction says which older copies exist."""

    certificat = models.ForeignKey(Certificat, on_delete=models.PROTECT, related_name="tirages")
    edition = models.PositiveSmallIntegerField("édition")
    canal = models.CharField("canal", max_length=10, choices=CanalTirage.choices)
    le = models.DateTimeField("le", auto_now_add=True)
    par = champ_utilisateur("par")

    class Meta:
        verbose_name = "tirage d'un certificat"
        verbose_name_plural = "tirages des certificats"
        ordering = ["certificat", "le", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(canal__in=CanalTirage.values), name="tirage_canal_connu"),
            models.CheckConstraint(condition=Q(edition__gte=1), name="tirage_edition_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.certificat.numero}, édition {self.edition}, {self.get_canal_display()}"


class DemandeCorrection(models.Model):
    """A request to correct the holder's civil data printed on an issued certificate: motivated, with its proof,
    approved or refused by the GTP secretariat; approved, the certificate is reissued under the same number."""

    certificat = models.ForeignKey(Certificat, on_delete=models.PROTECT, related_name="corrections")
    titulaire_nom = models.CharField("nom corrigé", max_length=150)
    titulaire_prenoms = models.CharField("prénoms corrigés", max_length=200)
    date_naissance = models.DateField("date de naissance corrigée")
    lieu_naissance = models.CharField("lieu de naissance corrigé", max_length=255)
    motif = models.TextField("motif")
    justificatif = models.FileField("justificatif", upload_to="attributions/corrections/%Y/")
    nom_justificatif = models.CharField("nom du justificatif", max_length=255)
    statut = models.CharField(
        "statut", max_length=10, choices=StatutCorrection.choices, default=StatutCorrection.DEMANDEE
    )
    demandee_le = models.DateTimeField("demandée le", auto_now_add=True)
    demandee_par = champ_utilisateur("demandée par")
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    decidee_par = champ_utilisateur("décidée par")
    motif_refus = models.TextField("motif du refus", blank=True)
    ancien = models.JSONField("données remplacées", null=True, blank=True)
    """What the certificate printed before the approved correction (its edition, name, birth date and place)."""

    class Meta:
        verbose_name = "demande de correction d'un certificat"
        verbose_name_plural = "demandes de correction des certificats"
        ordering = ["-demandee_le", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(statut__in=StatutCorrection.values), name="correction_statut_connu"),
            models.CheckConstraint(condition=~Q(motif="") & ~Q(nom_justificatif=""), name="correction_motivee"),
            models.CheckConstraint(
                condition=Q(statut=StatutCorrection.DEMANDEE, decidee_le__isnull=True)
                | (~Q(statut=StatutCorrection.DEMANDEE) & Q(decidee_le__isnull=False)),
                name="correction_decision_datee",
            ),
            models.CheckConstraint(
                condition=si(Q(statut=StatutCorrection.REFUSEE), ~Q(motif_refus="")),
                name="correction_refus_motive",
                violation_error_message="Un refus de correction est motivé.",
            ),
            models.CheckConstraint(
                condition=si(Q(statut=StatutCorrection.APPROUVEE), Q(ancien__isnull=False)),
                name="correction_garde_l_ancien",
            ),
            models.UniqueConstraint(
                fields=["certificat"],
                condition=Q(statut=StatutCorrection.DEMANDEE),
                name="correction_une_en_cours",
                violation_error_message="Une demande de correction de ce certificat est déjà en cours.",
            ),
        ]

    def __str__(self) -> str:
        return f"Correction de {self.certificat.numero} ({self.get_statut_display()})"

    def organisations_concernees(self) -> list[Organisation]:
        return self.certificat.organisations_concernees()


class ControleVerification(models.Model):
    """One public check of a verification code: when and what it answered. Nothing on who checked (no address,
    no account): the log shows how certificates are used without tracking the people who check them."""

    le = models.DateTimeField("le", auto_now_add=True, db_index=True)
    certificat = models.ForeignKey(
        Certificat, null=True, blank=True, on_delete=models.PROTECT, related_name="controles"
    )
    resultat = models.CharField("résultat", max_length=10, choices=ResultatVerification.choices)

    class Meta:
        verbose_name = "vérification publique"
        verbose_name_plural = "vérifications publiques"
        ordering = ["-le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resultat=ResultatVerification.INCONNU, certificat__isnull=True)
                | (
                    Q(resultat__in=[ResultatVerification.VALIDE, ResultatVerification.REVOQUE])
                    & Q(certificat__isnull=False)
                ),
                name="controle_resultat_et_certificat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.le:%d/%m/%Y %H:%M} {self.get_resultat_display()}"


class Courrier(models.Model):
    """A letter after the GTP's decision: award (R-LET-01), non-admission (R-LET-02), partial acquisition with
    the retention deadline (R-LET-03, R-LET-04)."""

    demande = models.ForeignKey(DemandeAttribution, on_delete=models.CASCADE, related_name="courriers")
    candidat = models.ForeignKey(
        "jurys.CandidatJury", verbose_name="candidat", on_delete=models.PROTECT, related_name="courriers"
    )
    nature = models.CharField("nature", max_length=25, choices=NatureCourrier.choices)
    destinataire = models.CharField("destinataire", max_length=20, choices=DestinataireCourrier.choices)
    date = models.DateField("date de la lettre")
    capacites = models.JSONField("capacités acquises et validées", default=list, blank=True)
    conservation_jusqu_au = models.DateField("nouvelle inscription à demander au plus tard le", null=True, blank=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "courrier"
        ordering = ["candidat__code", "nature", "destinataire"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nature__in=NatureCourrier.values) & Q(destinataire__in=DestinataireCourrier.values),
                name="courrier_nature_connue",
            ),
            models.CheckConstraint(
                condition=si(Q(nature=NatureCourrier.ACQUISITION_PARTIELLE), Q(conservation_jusqu_au__isnull=False)),
                name="courrier_partiel_avec_delai",
                violation_error_message="La lettre d'acquisition partielle rappelle le délai de conservation "
                "(R-LET-03, R-LET-04).",
            ),
            models.UniqueConstraint(fields=["candidat", "nature", "destinataire"], name="courrier_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_nature_display()} — {self.get_destinataire_display()}"

    def organisations_concernees(self) -> list[Organisation]:
        return self.demande.organisations_concernees()
