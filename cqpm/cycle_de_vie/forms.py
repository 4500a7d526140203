"""Forms of the request pages. They only shape the input: every rule is checked by `services`, whose refusal the
view shows next to the form (a missing title included, R-REF-01)."""

from __future__ import annotations

from typing import Any

from django import forms

from cqpm.comptes.forms import FormulaireAccessible
from cqpm.comptes.permissions import Action, perimetre
from cqpm.cycle_de_vie.enums import SensAvisCNCP
from cqpm.cycle_de_vie.models import SECTIONS_RAPPORT
from cqpm.cycle_de_vie.rules import SECTIONS_CREATION
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation

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
