"""The lifecycle of referentials (Part 1 of the Dispositif): requests, their dossier, opinions, the GTP's decisions.

The séances and their agenda are `cqpm.gtp`'s: a request is one kind of subject there (`points_ordre_du_jour`).
Everything here is archived for an indefinite time (R-ARCH-04, `cqpm.gtp.models.Archive`): no row can be deleted —
`delete()`, queryset `delete()` and a `pre_delete` receiver (cascades) all refuse, and every foreign key PROTECTs.
A request is withdrawn, never removed. State changes go through `services.py`, one function per transition; the
check constraints below restate, state by state, what each transition records, so that no other write path can
leave a request half-done.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from cqpm.core.champs import champ_utilisateur
from cqpm.core.pieces import FichierDepose
from cqpm.cycle_de_vie.enums import (
    STATUTS_OUVERTS,
    OrigineDemande,
    SensAvisCNCP,
    StatutDemande,
    TypeDemande,
)
from cqpm.gtp.models import Archive
from cqpm.organisations.enums import TypeOrganisation
from cqpm.referentiels.enums import Categorie

SECTIONS_RAPPORT: dict[str, str] = {
    "historique": "Historique de la qualification",
    "besoins_entreprises": "Besoins des entreprises et secteur d'activité concerné",
    "perspectives_emplois": "Perspectives d'emplois et caractéristiques des emplois visés",
    "positionnement": "Positionnement vis-à-vis des diplômes, titres et CQPM existants",
    "publics_flux": "Publics visés et flux estimés",
    "analyse_activites": "Analyse des activités (identification des capacités professionnelles)",
    "analyse_unites": "Analyse du regroupement des capacités en unités cohérentes",
    "flux_potentiel": "Flux potentiel sur la certification",
    "arguments": "Arguments à l'origine de la demande de réactivation",
}
"""The written parts of a dossier: rapport d'opportunité (R-LC-CRE-02, R-LC-REV-03), letter (R-LC-REA-01)."""


class Demande(Archive):
    """A request of one of the five kinds on one qualification, with its dossier (R-LC-CRE-02, R-ARCH-04).

    A creation request creates its qualification (status `projet`) and the draft of its referential; a revision
    starts its draft from the version in force, kept in `version_remplacee` so that the gap (R-LC-REV-03) stays
    computable after the decision.
    """

    type = models.CharField("type de demande", max_length=20, choices=TypeDemande.choices)
    origine = models.CharField("origine", max_length=20, choices=OrigineDemande.choices)
    statut = models.CharField("statut", max_length=10, choices=StatutDemande.choices, default=StatutDemande.BROUILLON)
    qualification = models.ForeignKey(
        "referentiels.Qualification", verbose_name="qualification", on_delete=models.PROTECT, related_name="demandes"
    )
    projet = models.ForeignKey(
        "referentiels.VersionReferentiel",
        verbose_name="projet de référentiel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version_remplacee = models.ForeignKey(
        "referentiels.VersionReferentiel",
        verbose_name="version révisée",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    avec_revision = models.BooleanField("réactivation combinée avec une révision", default=False)
    demandeurs = models.ManyToManyField(
        "organisations.Organisation", through="Demandeur", related_name="demandes_deposees", verbose_name="demandeurs"
    )
    nouveaux_centres = models.ManyToManyField(
        "organisations.Organisation",
        through="NouveauCentre",
        related_name="+",
        verbose_name="nouveaux centres de ressources demandés",
    )

    historique = models.TextField(SECTIONS_RAPPORT["historique"], blank=True)
    besoins_entreprises = models.TextField(SECTIONS_RAPPORT["besoins_entreprises"], blank=True)
    perspectives_emplois = models.TextField(SECTIONS_RAPPORT["perspectives_emplois"], blank=True)
    positionnement = models.TextField(SECTIONS_RAPPORT["positionnement"], blank=True)
    publics_flux = models.TextField(SECTIONS_RAPPORT["publics_flux"], blank=True)
    analyse_activites = models.TextField(SECTIONS_RAPPORT["analyse_activites"], blank=True)
    analyse_unites = models.TextField(SECTIONS_RAPPORT["analyse_unites"], blank=True)
    flux_potentiel = models.TextField(SECTIONS_RAPPORT["flux_potentiel"], blank=True)
    arguments = models.TextField(SECTIONS_RAPPORT["arguments"], blank=True)
    fin_souhaitee = models.DateField(
        "réactivation souhaitée jusqu'au (fin de la session)",
        null=True,
        blank=True,
        help_text="Durée de la réactivation souhaitée, quand aucune révision n'y est combinée (R-LC-REA-01).",
    )
    motif = models.TextField("motif de la demande", blank=True)
    points_ordre_du_jour = GenericRelation(
        "gtp.PointOrdreDuJour",
        content_type_field="sujet_type",
        object_id_field="sujet_id",
        related_query_name="demande",
    )

    creee_le = models.DateTimeField("créée le", default=timezone.now)
    creee_par = champ_utilisateur("créée par")
    soumise_le = models.DateTimeField("soumise le", null=True, blank=True)
    soumise_par = champ_utilisateur("soumise par")
    complete_le = models.DateTimeField("déclarée complète le", null=True, blank=True)
    complete_par = champ_utilisateur("déclarée complète par")
    decidee_le = models.DateField("décidée le (séance du GTP)", null=True, blank=True)
    decidee_par = champ_utilisateur("décision enregistrée par")
    retiree_le = models.DateTimeField("retirée le", null=True, blank=True)
    retiree_par = champ_utilisateur("retirée par")
    motif_retrait = models.TextField("motif du retrait", blank=True)

    class Meta:
        verbose_name = "demande sur un référentiel"
        verbose_name_plural = "demandes sur les référentiels"
        ordering = ["-creee_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(statut=StatutDemande.BROUILLON) | Q(soumise_le__isnull=True, complete_le__isnull=True),
                name="demande_brouillon_ni_soumise_ni_complete",
                violation_error_message="Une demande en brouillon n'a été ni soumise ni déclarée complète.",
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=[StatutDemande.SOUMISE, StatutDemande.COMPLETE, StatutDemande.DECIDEE])
                | Q(soumise_le__isnull=False),
                name="demande_soumise_datee",
                violation_error_message="Une demande soumise porte sa date de soumission.",
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=[StatutDemande.COMPLETE, StatutDemande.DECIDEE]) | Q(complete_le__isnull=False),
                name="demande_complete_datee",
                violation_error_message="Une demande complète porte la date où le secrétariat l'a déclarée complète.",
            ),
            models.CheckConstraint(
                condition=(Q(statut=StatutDemande.DECIDEE) & Q(decidee_le__isnull=False))
                | (~Q(statut=StatutDemande.DECIDEE) & Q(decidee_le__isnull=True)),
                name="demande_decidee_datee",
                violation_error_message="Une demande décidée, et elle seule, porte la date de la décision du GTP.",
            ),
            models.CheckConstraint(
                condition=(Q(statut=StatutDemande.RETIREE) & Q(retiree_le__isnull=False))
                | (~Q(statut=StatutDemande.RETIREE) & Q(retiree_le__isnull=True)),
                name="demande_retiree_datee",
                violation_error_message="Une demande retirée, et elle seule, porte la date de son retrait.",
            ),
            models.CheckConstraint(
                condition=~Q(type__in=[TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION]) | ~Q(motif=""),
                name="demande_veille_suppression_motivee",
                violation_error_message="Une demande de mise en veille ou de suppression est motivée (R-LC-SUP-02).",
            ),
            models.CheckConstraint(
                condition=~Q(origine=OrigineDemande.GTP)
                | Q(type__in=[TypeDemande.REVISION, TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION]),
                name="demande_du_gtp_revision_veille_suppression",
                violation_error_message=(
                    "Le GTP ne se saisit lui-même que d'une révision, d'une mise en veille ou d'une suppression "
                    "(R-LC-REV-01, R-LC-SUP-02)."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(avec_revision=True) | Q(type=TypeDemande.REACTIVATION),
                name="demande_revision_combinee_a_une_reactivation",
                violation_error_message="Seule une réactivation se combine avec une révision (R-LC-REA-01).",
            ),
            models.CheckConstraint(
                condition=(
                    (Q(type__in=[TypeDemande.CREATION, TypeDemande.REVISION]) | Q(avec_revision=True))
                    & Q(projet__isnull=False)
                )
                | (
                    ~Q(type__in=[TypeDemande.CREATION, TypeDemande.REVISION])
                    & Q(avec_revision=False)
                    & Q(projet__isnull=True)
                ),
                name="demande_projet_de_referentiel",
                violation_error_message=(
                    "Une création ou une révision porte un projet de référentiel, les autres demandes aucun "
                    "(R-LC-CRE-02)."
                ),
            ),
            models.UniqueConstraint(
                fields=["qualification"],
                condition=Q(statut__in=STATUTS_OUVERTS),
                name="une_demande_ouverte_par_qualification",
                violation_error_message="Une autre demande est déjà en cours sur cette qualification.",
            ),
        ]

    def __str__(self) -> str:
        return f"Demande de {self.get_type_display().lower()} n° {self.pk} — {self.qualification.intitule}"

    def organisations_concernees(self) -> list[Any]:
        """Scoping protocol of cqpm.comptes.permissions: a request concerns the organisations that file it."""
        return list(self.demandeurs.all())

    @property
    def est_ouverte(self) -> bool:
        return self.statut in STATUTS_OUVERTS

    @property
    def porte_une_revision(self) -> bool:
        return self.type == TypeDemande.REVISION or self.avec_revision


class Demandeur(Archive):
    """One requesting organisation, in the order of the départements of the number; it signs the joint request."""

    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="signataires")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    ordre = models.PositiveSmallIntegerField("ordre", default=1)
    signe_le = models.DateTimeField("signée le", null=True, blank=True)
    signe_par = champ_utilisateur("signée par")

    class Meta:
        verbose_name = "demandeur"
        ordering = ["ordre"]
        constraints = [models.UniqueConstraint(fields=["demande", "organisation"], name="demandeur_unique")]

    def __str__(self) -> str:
        return str(self.organisation)


class NouveauCentre(Archive):
    """A resource centre the request asks for, in number order (R-LC-REV-02)."""

    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="centres_demandes")
    territoriale = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"type": TypeOrganisation.TERRITORIALE},
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=1)

    class Meta:
        verbose_name = "nouveau centre de ressources demandé"
        verbose_name_plural = "nouveaux centres de ressources demandés"
        ordering = ["ordre"]
        constraints = [models.UniqueConstraint(fields=["demande", "territoriale"], name="nouveau_centre_unique")]

    def __str__(self) -> str:
        return str(self.territoriale)


def chemin_piece(piece: PieceJointe, nom: str) -> str:
    """Stored under a random name: the user's file name is kept in `nom_original`, never used as a path."""
    return f"cycle_de_vie/demandes/{piece.demande_id}/{uuid.uuid4().hex}.{piece.type_detecte}"


class PieceJointe(Archive, FichierDepose):
    """A document of the dossier (PDF or office file, type checked by content, R-LC-CRE-02)."""

    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="pieces")
    fichier = models.FileField("fichier", upload_to=chemin_piece, max_length=200)

    class Meta(FichierDepose.Meta):
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"

    def __str__(self) -> str:
        return self.nom_original


class AvisCNCP(Archive):
    """The CNCP's opinion on the projet d'opportunité of a creation (R-LC-CRE-03)."""

    demande = models.OneToOneField(Demande, on_delete=models.PROTECT, related_name="avis_cncp")
    date = models.DateField("date de l'avis")
    sens = models.CharField("avis", max_length=12, choices=SensAvisCNCP.choices)
    commentaire = models.TextField("commentaire", blank=True)
    enregistre_le = models.DateTimeField("enregistré le", default=timezone.now)
    enregistre_par = champ_utilisateur("enregistré par")

    class Meta:
        verbose_name = "avis de la CNCP"
        verbose_name_plural = "avis de la CNCP"

    def __str__(self) -> str:
        return f"{self.get_sens_display()} de la CNCP du {self.date:%d/%m/%Y}"


class InformationCPREFP(Archive):
    """A CPREFP to inform of a revision or reactivation request, and the date it was informed (R-LC-REV-01)."""

    demande = models.ForeignKey(Demande, on_delete=models.PROTECT, related_name="informations_cprefp")
    cprefp = models.ForeignKey(
        "organisations.Organisation",
        verbose_name="CPREFP",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"type": TypeOrganisation.CPREFP},
    )
    informee_le = models.DateField("informée le", null=True, blank=True)
    enregistree_par = champ_utilisateur("information enregistrée par")

    class Meta:
        verbose_name = "information d'une CPREFP"
        verbose_name_plural = "informations des CPREFP"
        ordering = ["cprefp__region"]
        constraints = [models.UniqueConstraint(fields=["demande", "cprefp"], name="information_cprefp_unique")]

    def __str__(self) -> str:
        etat = f"informée le {self.informee_le:%d/%m/%Y}" if self.informee_le else "à informer"
        return f"{self.cprefp} — {etat}"


class Decision(Archive):
    """The GTP's decision on one request, taken at one séance (date = the séance's, R-LC-DEC-01).

    `categorie` is set at creation and may be changed at revision (R-CAT-01); `liste_b` is the GTP's positive
    opinion for liste B (R-LIST-02); a favourable reactivation ends on `fin_reactivation` or lasts indefinitely
    (`duree_indeterminee`), never both (R-LC-REA-02).
    """

    demande = models.OneToOneField(Demande, on_delete=models.PROTECT, related_name="decision")
    point = models.OneToOneField("gtp.PointOrdreDuJour", on_delete=models.PROTECT, related_name="decision")
    date = models.DateField("date de la décision")
    favorable = models.BooleanField("favorable")
    motif = models.TextField("motif", blank=True)
    categorie = models.CharField("catégorie", max_length=2, choices=Categorie.choices, blank=True)
    liste_b = models.BooleanField("avis favorable à l'inscription sur la liste B", default=False)
    fin_reactivation = models.DateField("réactivation jusqu'au", null=True, blank=True)
    duree_indeterminee = models.BooleanField("réactivation pour une durée indéterminée", default=False)
    version = models.ForeignKey(
        "referentiels.VersionReferentiel",
        verbose_name="version décidée",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    numero = models.CharField("numéro de la qualification après la décision", max_length=40, blank=True)
    enregistree_le = models.DateTimeField("enregistrée le", default=timezone.now)
    enregistree_par = champ_utilisateur("enregistrée par")

    class Meta:
        verbose_name = "décision du GTP"
        verbose_name_plural = "décisions du GTP"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(favorable=True) | ~Q(motif=""),
                name="decision_defavorable_motivee",
                violation_error_message="Une décision défavorable est motivée.",
            ),
            models.CheckConstraint(
                condition=Q(favorable=True) | (Q(liste_b=False) & Q(categorie="")),
                name="decision_defavorable_sans_effet",
                violation_error_message="Une décision défavorable ne classe pas et n'inscrit sur aucune liste.",
            ),
            models.CheckConstraint(
                condition=Q(fin_reactivation__isnull=True) | Q(duree_indeterminee=False),
                name="decision_reactivation_datee_ou_indeterminee",
                violation_error_message="Une réactivation a une date de fin ou une durée indéterminée, pas les deux.",
            ),
            models.CheckConstraint(
                condition=Q(fin_reactivation__isnull=True) | Q(fin_reactivation__gte=F("date")),
                name="decision_reactivation_finit_apres_la_decision",
                violation_error_message="Une réactivation ne finit pas avant la décision qui la prononce.",
            ),
        ]

    def __str__(self) -> str:
        sens = "favorable" if self.favorable else "défavorable"
        return f"Décision {sens} du {self.date:%d/%m/%Y} — {self.demande}"
