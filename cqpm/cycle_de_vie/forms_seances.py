"""Forms of the GTP séance pages. They only shape the input: `services` checks who acts and every rule (a missing
place, a séance not yet held, a creation without its category…) and the view shows its refusal next to the form."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms

from cqpm.comptes.forms import FormulaireAccessible
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.cycle_de_vie.forms import TEXTE_MAX
from cqpm.cycle_de_vie.models import Demande
from cqpm.gtp.models import PointOrdreDuJour
from cqpm.referentiels.enums import Categorie

CHAMP_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FormulaireSeance(FormulaireAccessible, forms.Form):
    date = forms.DateField(
        label="Date de la séance",
        widget=CHAMP_DATE,
        error_messages={"required": "Indiquez la date de la séance.", "invalid": "Saisissez une date valide."},
    )
    lieu = forms.CharField(label="Lieu", required=False, max_length=200)
    intitule = forms.CharField(
        label="Intitulé",
        required=False,
        max_length=200,
        help_text="Facultatif : « Séance du GTP « Qualifications » » par défaut.",
    )


class FormulaireInscription(FormulaireAccessible, forms.Form):
    """Offers the complete requests not yet on an agenda, but accepts any request the user may read: whether it may
    go on this agenda is the service's call (already on another agenda, not complete…), shown as its refusal."""

    demande = forms.ModelChoiceField(
        label="Demande à inscrire",
        queryset=Demande.objects.none(),
        empty_label=None,
        error_messages={"required": "Choisissez la demande à inscrire.", "invalid_choice": "Demande inconnue."},
    )

    def __init__(self, *args: Any, visibles: Any, proposees: Iterable[Demande], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        champ = self.fields["demande"]
        assert isinstance(champ, forms.ModelChoiceField)
        champ.queryset = visibles
        champ.widget.choices = [(d.pk, str(d)) for d in proposees]


SENS = [("favorable", "Favorable"), ("defavorable", "Défavorable")]


def champs_de_decision(demande: Demande) -> set[str]:
    """What the GTP fixes for this kind of request, so the form asks nothing that would not apply: a category at
    creation or revision (R-CAT-01), the liste B opinion except when the CQPM leaves the lists (R-LIST-03), a
    duration for a reactivation (R-LC-REA-02)."""
    champs = {"sens", "motif"}
    if demande.type in (TypeDemande.CREATION, TypeDemande.REVISION) or demande.avec_revision:
        champs.add("categorie")
    if demande.type not in (TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION):
        champs.add("liste_b")
    if demande.type == TypeDemande.REACTIVATION:
        champs |= {"fin_reactivation", "duree_indeterminee"}
    return champs


class FormulaireDecision(FormulaireAccessible, forms.Form):
    """The GTP's decision on one agenda item; prefixed by the item, since a séance page holds one form per item."""

    sens = forms.ChoiceField(
        label="Sens de la décision",
        choices=SENS,
        widget=forms.RadioSelect,
        error_messages={"required": "Indiquez si la décision est favorable ou défavorable."},
    )
    motif = forms.CharField(
        label="Motif",
        required=False,
        max_length=TEXTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour une décision défavorable (R-LC-DEC-01).",
    )
    categorie = forms.ChoiceField(
        label="Catégorie",
        required=False,
        choices=[("", "—"), *Categorie.choices],
        help_text="Fixée par le GTP à la création du CQPM, modifiable à sa révision (R-LC-CRE-04, R-CAT-01).",
    )
    liste_b = forms.BooleanField(label="Liste B (avis positif du GTP)", required=False)
    fin_reactivation = forms.DateField(
        label="Fin de la réactivation",
        required=False,
        widget=CHAMP_DATE,
        error_messages={"invalid": "Saisissez une date valide."},
    )
    duree_indeterminee = forms.BooleanField(label="Réactivation pour une durée indéterminée", required=False)

    def __init__(self, *args: Any, point: PointOrdreDuJour, demande: Demande, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"point-{point.pk}")
        super().__init__(*args, **kwargs)
        for nom in set(self.fields) - champs_de_decision(demande):
            del self.fields[nom]
        if "fin_reactivation" in self.fields:
            self.fields["fin_reactivation"].help_text = _aide_fin(demande.fin_souhaitee, demande.avec_revision)
        self._lier_aria()

    def options(self) -> dict[str, Any]:
        """The keyword arguments of `services.decider`."""
        donnees = self.cleaned_data
        return {
            "favorable": donnees["sens"] == "favorable",
            "motif": donnees["motif"],
            "categorie": donnees.get("categorie") or None,
            "liste_b": donnees.get("liste_b", False),
            "fin_reactivation": donnees.get("fin_reactivation"),
            "duree_indeterminee": donnees.get("duree_indeterminee", False),
        }


def _aide_fin(fin_souhaitee: datetime.date | None, avec_revision: bool) -> str:
    aide = "Une date de fin ou une durée indéterminée, pas les deux (R-LC-REA-02)."
    if fin_souhaitee and not avec_revision:
        aide += f" Sans l'une ni l'autre, la fin souhaitée par la demande est retenue : le {fin_souhaitee:%d/%m/%Y}."
    return aide
