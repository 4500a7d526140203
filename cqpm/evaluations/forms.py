"""Forms of the evaluation pages. They only shape the input: `services` check every rule and their refusal is shown
next to the form (R-EVAL-01 to 06, R-REG-02)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet

from cqpm.comptes.forms import FormulaireAccessible
from cqpm.evaluations.models import CommissionEvaluation, ModaliteChoisie, ResultatCapacite
from cqpm.evaluations.rules import MembreSaisi
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import Modalite
from cqpm.referentiels.models import Capacite

TEXTE_MAX = 50_000
MEMBRES_PROPOSES = 4
ACQUISE, NON_ACQUISE = "acquise", "non_acquise"


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _texte(label: str, *, required: bool = False, aide: str = "", lignes: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXTE_MAX,
        help_text=aide,
        widget=forms.Textarea(attrs={"rows": lignes}),
    )


class FormulaireModalites(FormulaireAccessible, forms.Form):
    """Per capacity, the modalities the referential allows as checkboxes, and the justification of a situation
    reconstituée where the referential allows one (R-EVAL-01, R-EVAL-02)."""

    def __init__(
        self, *args: Any, capacites: Sequence[Capacite], choisies: Sequence[ModaliteChoisie], **kwargs: Any
    ) -> None:
        initial: dict[str, Any] = {}
        for m in choisies:
            initial.setdefault(f"c{m.capacite_id}_modalites", []).append(m.modalite)
            if m.justification:
                initial[f"c{m.capacite_id}_justification"] = m.justification
        super().__init__(*args, initial=initial, **kwargs)
        self.capacites = list(capacites)
        for c in self.capacites:
            autorisees = [m.modalite for m in c.modalites.all()]
            self.fields[f"c{c.pk}_modalites"] = forms.MultipleChoiceField(
                label=f"Modalités retenues pour {c.code}",
                required=False,
                choices=[(m, Modalite(m).label) for m in autorisees],
                widget=forms.CheckboxSelectMultiple,
            )
            if Modalite.SITUATION_RECONSTITUEE in autorisees:
                self.fields[f"c{c.pk}_justification"] = _texte(
                    f"Justification d'une situation reconstituée pour {c.code}",
                    aide="Seulement si l'évaluation en situation réelle est impossible (R-EVAL-02).",
                    lignes=2,
                )
        self._lier_aria()

    def groupes(self) -> list[dict[str, Any]]:
        return [
            {
                "capacite": c,
                "modalites": self[f"c{c.pk}_modalites"],
                "justification": self[f"c{c.pk}_justification"] if f"c{c.pk}_justification" in self.fields else None,
            }
            for c in self.capacites
        ]

    def choix(self) -> list[tuple[Capacite, tuple[str, ...], str]]:
        """The capacities the user filled in: a capacity left empty keeps its earlier choice."""
        resultat = []
        for c in self.capacites:
            modalites = tuple(self.cleaned_data.get(f"c{c.pk}_modalites") or ())
            justification = self.cleaned_data.get(f"c{c.pk}_justification", "") or ""
            if modalites or justification:
                resultat.append((c, modalites, justification))
        return resultat


class FormulaireResultats(FormulaireAccessible, forms.Form):
    """The commission and, per capacity to evaluate, « acquise », « non acquise » or nothing yet (R-EVAL-04)."""

    commission = forms.ModelChoiceField(
        label="Commission d'évaluation", queryset=CommissionEvaluation.objects.none(), empty_label=None
    )

    def __init__(
        self,
        *args: Any,
        capacites: Sequence[Capacite],
        commissions: QuerySet[CommissionEvaluation],
        resultats: Sequence[ResultatCapacite],
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = {}
        for r in resultats:
            initial[f"c{r.capacite_id}_resultat"] = ACQUISE if r.acquise else NON_ACQUISE
            initial[f"c{r.capacite_id}_observations"] = r.observations
            initial["commission"] = r.commission_id
        super().__init__(*args, initial=initial, **kwargs)
        champ = self.fields["commission"]
        assert isinstance(champ, forms.ModelChoiceField)
        champ.queryset = commissions
        self.capacites = list(capacites)
        for c in self.capacites:
            self.fields[f"c{c.pk}_resultat"] = forms.ChoiceField(
                label=f"Résultat de {c.code}",
                required=False,
                choices=[("", "Pas encore évaluée"), (ACQUISE, "Acquise"), (NON_ACQUISE, "Non acquise")],
                widget=forms.RadioSelect,
            )
            self.fields[f"c{c.pk}_observations"] = forms.CharField(
                label=f"Observations sur {c.code}", required=False, max_length=TEXTE_MAX
            )
        self._lier_aria()

    def groupes(self) -> list[dict[str, Any]]:
        return [
            {"capacite": c, "resultat": self[f"c{c.pk}_resultat"], "observations": self[f"c{c.pk}_observations"]}
            for c in self.capacites
        ]

    def resultats(self) -> list[tuple[Capacite, bool, str]]:
        return [
            (c, self.cleaned_data[f"c{c.pk}_resultat"] == ACQUISE, self.cleaned_data[f"c{c.pk}_observations"])
            for c in self.capacites
            if self.cleaned_data.get(f"c{c.pk}_resultat")
        ]


class FormulaireTransmission(FormulaireAccessible, forms.Form):
    le = _date("Date de transmission au centre de ressources")


class FormulaireRecommandations(FormulaireAccessible, forms.Form):
    recommandations = _texte("Recommandations du centre de ressources", required=True)
    adaptations = _texte("Adaptations apportées au dossier")
    le = _date("Recommandations reçues le")


class FormulaireAvis(FormulaireAccessible, forms.Form):
    avis = _texte(
        "Avis de l'entreprise",
        required=True,
        aide="Au regard des capacités du référentiel, sur les projets ou activités réalisés (R-EVAL-03).",
        lignes=4,
    )
    auteur = forms.CharField(
        label="Auteur de l'avis", max_length=200, help_text="Tuteur, responsable hiérarchique ou fonctionnel."
    )
    le = _date("Avis donné le")


class FormulaireCompensations(FormulaireAccessible, forms.Form):
    demandees = _texte("Compensations demandées par le candidat", aide="Par exemple : temps supplémentaire.")
    demandees_le = _date("Demandées le", required=False)
    accordees = _texte("Compensations accordées")
    accordees_le = _date("Accordées le", required=False)


class FormulaireCommission(FormulaireAccessible, forms.Form):
    """A commission and up to four members; empty member rows are ignored (R-EVAL-04 counts the others)."""

    centre_examen = forms.ModelChoiceField(
        label="Centre d'examen", queryset=Organisation.objects.none(), empty_label=None
    )
    date = _date("Date de réunion")
    lieu = forms.CharField(label="Lieu", max_length=200)

    def __init__(self, *args: Any, centres: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        champ = self.fields["centre_examen"]
        assert isinstance(champ, forms.ModelChoiceField)
        champ.queryset = centres
        for i in range(1, MEMBRES_PROPOSES + 1):
            self.fields[f"membre_{i}_nom"] = forms.CharField(label=f"Membre {i} : nom", required=False, max_length=200)
            self.fields[f"membre_{i}_qualite"] = forms.CharField(
                label=f"Membre {i} : qualité et expérience",
                required=False,
                max_length=300,
                help_text="Par exemple : tuteur, 15 ans de conduite de ligne." if i == 1 else "",
            )
        self._lier_aria()

    def membres(self) -> list[MembreSaisi]:
        d = self.cleaned_data
        return [
            MembreSaisi(d[f"membre_{i}_nom"], d[f"membre_{i}_qualite"])
            for i in range(1, MEMBRES_PROPOSES + 1)
            if d[f"membre_{i}_nom"].strip() or d[f"membre_{i}_qualite"].strip()
        ]


class FormulaireAcquis(FormulaireAccessible, forms.Form):
    """A capacity validated by an earlier jury, from the paper history (R-EVAL-06)."""

    capacite = forms.ModelChoiceField(label="Capacité validée", queryset=Capacite.objects.none())
    date_jury = _date("Date du jury")
    bloc_certifie = forms.BooleanField(label="Bloc certifié seul (certificat de bloc)", required=False)
    cqpm_rncp = forms.TypedChoiceField(
        label="CQPM enregistré au RNCP à la date du jury",
        choices=[("", "Selon le registre"), ("oui", "Oui"), ("non", "Non")],
        coerce=lambda v: v == "oui",
        empty_value=None,
        required=False,
    )
    reference = forms.CharField(label="Référence (procès-verbal, archive)", required=False, max_length=200)

    def __init__(self, *args: Any, capacites: QuerySet[Capacite], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        champ = self.fields["capacite"]
        assert isinstance(champ, forms.ModelChoiceField)
        champ.queryset = capacites
        champ.label_from_instance = lambda c: f"Version {c.version.numero} — {c.code} {c.intitule}"  # type: ignore[method-assign,assignment]
