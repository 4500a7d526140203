"""Forms of the request pages. They only shape the input: every rule is checked by `services`, whose refusal the
view shows next to the form (a missing title included, R-REF-01)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from cqpm.comptes.forms import FormulaireAccessible
from cqpm.comptes.permissions import Action, perimetre, peut
from cqpm.cycle_de_vie.enums import SensAvisCNCP, TypeDemande
from cqpm.cycle_de_vie.models import SECTIONS_RAPPORT, Demande
from cqpm.cycle_de_vie.rules import SECTIONS_CREATION, SECTIONS_REACTIVATION, sections_requises
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import StatutQualification
from cqpm.referentiels.models import Qualification

TEXTE_MAX = 50_000


class FormulaireCreation(FormulaireAccessible, forms.Form):
    """A creation request filed by a territoriale: the CQPM's title and the rapport d'opportunité (R-LC-CRE-02)."""

    demandeur = forms.ModelChoiceField(
        label="UIMM territoriale qui dépose la demande",
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text="Elle deviendra centre de ressources du CQPM créé (R-LC-CRE-01).",
    )
    intitule = forms.CharField(label="Titre du CQPM", required=False, max_length=300)

    def __init__(self, *args: Any, utilisateur: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        champ = self.fields["demandeur"]
        assert isinstance(champ, forms.ModelChoiceField)
        portee = perimetre(utilisateur, Action.DEPOSER_DEMANDE)
        territoriales = Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, active=True)
        if not portee.toutes:
            territoriales = territoriales.filter(pk__in=portee.organisations)
        champ.queryset = territoriales.order_by("departement", "nom")

    def dossier(self) -> dict[str, Any]:
        return {s: self.cleaned_data[s] for s in SECTIONS_CREATION}


for _section in SECTIONS_CREATION:
    FormulaireCreation.base_fields[_section] = forms.CharField(
        label=SECTIONS_RAPPORT[_section],
        required=False,
        max_length=TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Partie du rapport d'opportunité : elle peut être complétée jusqu'à la soumission.",
    )


class FormulaireAvisCNCP(FormulaireAccessible, forms.Form):
    """The CNCP's opinion on the projet d'opportunité of a creation (R-LC-CRE-03)."""

    date = forms.DateField(label="Date de l'avis", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    avis = forms.ChoiceField(label="Sens de l'avis", choices=SensAvisCNCP.choices)
    commentaire = forms.CharField(
        label="Commentaire", required=False, max_length=TEXTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


def _partie(nom: str, aide: str = "") -> forms.CharField:
    return forms.CharField(
        label=SECTIONS_RAPPORT[nom],
        required=False,
        max_length=TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=aide or "Partie du dossier : elle peut être complétée jusqu'à la soumission.",
    )


def _date(label: str, aide: str = "", *, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=aide,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _motif(type_demande: str) -> forms.CharField:
    libelle = TypeDemande(type_demande).label.lower()
    return forms.CharField(
        label="Motif de la demande",
        required=False,
        max_length=TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Une demande de {libelle} est motivée (R-LC-SUP-02).",
    )


def _territoriales() -> QuerySet[Organisation]:
    return Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, active=True).order_by("departement", "nom")


AIDE_MULTIPLE = "Maintenez la touche Ctrl (Cmd sur Mac) pour en choisir plusieurs, ou aucune."
FIN_SOUHAITEE = (
    "Fin de la session qui motive la réactivation ; à indiquer quand aucune révision n'y est combinée (R-LC-REA-01)."
)
TYPES_SUITE = (TypeDemande.REVISION, TypeDemande.REACTIVATION, TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION)
"""The requests on an existing CQPM, filed through `FormulaireSuite`."""


class FormulaireSuite(FormulaireAccessible, forms.Form):
    """A revision, reactivation, mise en veille or suppression of an existing CQPM.

    Only the CQPMs the user's territoriale is resource centre of are offered (all of them to the secretariat), but
    any qualification is accepted, so that `services.creer_demande` is the one to refuse it with its rule
    (R-LC-REV-01, R-LC-REA-01, R-LC-SUP-01/02, R-LC-REV-02)."""

    qualification = forms.ModelChoiceField(
        label="CQPM concerné", queryset=Qualification.objects.all(), empty_label=None
    )
    demandeur = forms.ModelChoiceField(
        label="UIMM territoriale qui dépose la demande", queryset=Organisation.objects.none()
    )
    codemandeurs = forms.ModelMultipleChoiceField(
        label="Autres UIMM territoriales qui déposent la demande avec elle (demande conjointe)",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Chacune signera la demande avant sa soumission. " + AIDE_MULTIPLE,
    )

    def __init__(self, *args: Any, type_demande: TypeDemande, utilisateur: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.type_demande = type_demande
        portee = perimetre(utilisateur, Action.DEPOSER_DEMANDE)
        territoriales = _territoriales()
        demandeur = self.fields["demandeur"]
        assert isinstance(demandeur, forms.ModelChoiceField)
        if portee.toutes:
            demandeur.queryset, demandeur.required = territoriales, False
            demandeur.empty_label = "Aucune (demande du GTP ou de l'UIMM)"
        else:
            demandeur.queryset = territoriales.filter(pk__in=portee.organisations)
            demandeur.empty_label = None
        codemandeurs = self.fields["codemandeurs"]
        assert isinstance(codemandeurs, forms.ModelMultipleChoiceField)
        codemandeurs.queryset = territoriales
        self._proposer_qualifications(portee.toutes, portee.organisations)
        if type_demande in (TypeDemande.REVISION, TypeDemande.REACTIVATION):
            self.fields["nouveaux_centres"] = forms.ModelMultipleChoiceField(
                label="Nouveaux centres de ressources demandés (changement de centre de ressources)",
                queryset=territoriales,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 6}),
                help_text="Laissez vide si les centres de ressources ne changent pas ; sinon, choisissez tous les "
                "centres après le changement. Ceux qui partent et ceux qui arrivent déposent ensemble la demande "
                "(R-LC-REV-02). " + AIDE_MULTIPLE,
            )
        if type_demande != TypeDemande.REACTIVATION and peut(utilisateur, Action.INSTRUIRE_DEMANDES):
            self.fields["par_le_gtp"] = forms.BooleanField(
                label="Le GTP « Qualifications » se saisit lui-même de la demande",
                required=False,
                help_text="Sans UIMM territoriale demandeuse (R-LC-REV-01, R-LC-SUP-02).",
            )
        if type_demande == TypeDemande.REACTIVATION:
            self.fields["avec_revision"] = forms.BooleanField(
                label="Réactivation combinée avec une révision du référentiel",
                required=False,
                help_text="Un projet de référentiel est alors ouvert à partir de la version en vigueur (R-LC-REA-01).",
            )
            self.fields["fin_souhaitee"] = _date("Réactivation souhaitée jusqu'au", FIN_SOUHAITEE)
        if type_demande in (TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION):
            self.fields["motif"] = _motif(type_demande)
        for nom in self.sections():
            self.fields[nom] = _partie(nom)
        self._lier_aria()

    def _proposer_qualifications(self, toutes: bool, organisations: frozenset[int]) -> None:
        attendu = (
            StatutQualification.EN_VEILLE
            if self.type_demande == TypeDemande.REACTIVATION
            else StatutQualification.EN_VIGUEUR
        )
        proposees = Qualification.objects.filter(statut=attendu)
        if not toutes:
            proposees = proposees.filter(centres_ressources__in=organisations)
        self.proposees = [(q.pk, str(q)) for q in proposees.distinct().order_by("intitule", "pk")]
        self.fields["qualification"].widget.choices = self.proposees

    def sections(self) -> list[str]:
        """Every written part this kind of request may need (a reactivation: also those of a combined revision)."""
        noms = [s for s, _ in sections_requises(self.type_demande, avec_revision=True)]
        return list(dict.fromkeys(noms))

    def groupes(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The dossier's fieldsets, in the order the page shows them."""
        if self.type_demande == TypeDemande.REACTIVATION:
            lettre = [self[s] for s in SECTIONS_REACTIVATION] + [self["fin_souhaitee"]]
            revision = [self[s] for s in self.sections() if s not in SECTIONS_REACTIVATION]
            return [
                ("Lettre de demande de réactivation (R-LC-REA-01)", lettre),
                ("Rapport d'opportunité, si une révision est combinée (R-LC-REV-03)", revision),
            ]
        if self.type_demande == TypeDemande.REVISION:
            return [("Rapport d'opportunité (R-LC-REV-03)", [self[s] for s in self.sections()])]
        return [("Motivation (R-LC-SUP-02)", [self["motif"]])]

    def demandeurs(self) -> list[Organisation]:
        premier = self.cleaned_data.get("demandeur")
        return [*([premier] if premier else []), *self.cleaned_data.get("codemandeurs", [])]

    def dossier(self) -> dict[str, Any]:
        noms = [*self.sections(), "fin_souhaitee", "motif"]
        return {n: self.cleaned_data[n] for n in noms if n in self.cleaned_data}


class FormulaireDossier(FormulaireAccessible, forms.Form):
    """The dossier of a request still open to changes: the parts its kind requires, and any other already written;
    the reactivation's end date; the motive of a veille or a suppression (R-LC-CRE-02, R-LC-REA-01, R-LC-SUP-02)."""

    def __init__(self, *args: Any, demande: Demande, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        requises = [s for s, _ in sections_requises(demande.type, avec_revision=demande.avec_revision)]
        autres = [s for s in SECTIONS_RAPPORT if s not in requises and getattr(demande, s).strip()]
        for nom in [*requises, *autres]:
            self.fields[nom] = _partie(nom)
            self.initial[nom] = getattr(demande, nom)
        if demande.type == TypeDemande.REACTIVATION:
            self.fields["fin_souhaitee"] = _date("Réactivation souhaitée jusqu'au", FIN_SOUHAITEE)
            self.initial["fin_souhaitee"] = demande.fin_souhaitee
        if demande.type in (TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION) or demande.motif:
            self.fields["motif"] = _motif(demande.type)
            self.initial["motif"] = demande.motif
        self._lier_aria()

    def modifications(self) -> dict[str, Any]:
        """Only what changed, so that the audit log records the parts actually rewritten."""
        return {n: self.cleaned_data[n] for n in self.changed_data}


class FormulairePiece(FormulaireAccessible, forms.Form):
    fichier = forms.FileField(
        label="Fichier à joindre",
        help_text="PDF ou document bureautique (Word, Excel, PowerPoint, OpenDocument), reconnu à son contenu ; "
        "taille plafonnée.",
    )


class FormulaireRetrait(FormulaireAccessible, forms.Form):
    motif = forms.CharField(
        label="Motif du retrait",
        required=False,
        max_length=TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="La demande retirée reste archivée avec son dossier (R-ARCH-04).",
    )


class FormulaireInformationCPREFP(FormulaireAccessible, forms.Form):
    """The date a CPREFP still to inform was informed of a revision or reactivation (R-LC-REV-01)."""

    cprefp = forms.ModelChoiceField(label="CPREFP informée", queryset=Organisation.objects.none(), empty_label=None)
    le = _date("Informée le", required=True)

    def __init__(self, *args: Any, demande: Demande, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        champ = self.fields["cprefp"]
        assert isinstance(champ, forms.ModelChoiceField)
        a_informer = demande.informations_cprefp.filter(informee_le__isnull=True).values("cprefp")
        champ.queryset = Organisation.objects.filter(pk__in=a_informer).order_by("region", "nom")
