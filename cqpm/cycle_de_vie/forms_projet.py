"""Forms of the projet de référentiel editor: the referential's texts, then three formsets (activities, blocs,
capacities with their allowed modalities).

They only shape the input into the register's plain data (`ActiviteSaisie`, `BlocSaisi`, `CapaciteSaisie`): the
rules (R-REF-01 to R-REF-03, R-CAT-01) are checked by `projet.modifier_projet`, whose refusal the view shows. A
row left blank is ignored, a row ticked « Retirer » is dropped, and « Ajouter une ligne » re-renders the page with
one more blank row — without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory

from cqpm.comptes.forms import FormulaireAccessible
from cqpm.referentiels.enums import Categorie, Modalite
from cqpm.referentiels.models import VersionReferentiel
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, CapaciteSaisie
from cqpm.referentiels.services import CHAMPS_MODIFIABLES, blocs_saisis

TEXTE_MAX = 50_000
NUMERO_MAX = 32_767

CHAMPS_TEXTE = tuple(c for c in CHAMPS_MODIFIABLES if c not in ("intitule", "categorie"))
"""The long texts of the referential d'activités (Annex 2), in the order of `CHAMPS_MODIFIABLES`."""


def _libelle(champ: str) -> str:
    nom = str(getattr(VersionReferentiel._meta.get_field(champ), "verbose_name", champ))
    return nom[:1].upper() + nom[1:]


class FormulaireReferentiel(FormulaireAccessible, forms.Form):
    """The texts of the projet; the category only for the secretariat — the GTP fixes it (R-CAT-01)."""

    intitule = forms.CharField(label="Titre du CQPM", max_length=300, required=False)
    categorie = forms.ChoiceField(
        label="Catégorie",
        choices=[("", "Non fixée"), *Categorie.choices],
        required=False,
        help_text="Fixée par le GTP « Qualifications » lors de sa décision (R-CAT-01, R-LC-CRE-04).",
    )

    def __init__(self, *args: Any, categorie_modifiable: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not categorie_modifiable:
            del self.fields["categorie"]

    def champs(self) -> dict[str, str]:
        return {nom: self.cleaned_data[nom] for nom in self.fields}


for _champ in CHAMPS_TEXTE:
    FormulaireReferentiel.base_fields[_champ] = forms.CharField(
        label=_libelle(_champ), required=False, max_length=TEXTE_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class _Ligne(FormulaireAccessible, forms.Form):
    """One row of a formset: blank (every field empty) means « no row »; a started row must be finished."""

    obligatoires: tuple[str, ...] = ()
    manquant = "Ce champ est obligatoire pour cette ligne."

    def est_vide(self) -> bool:
        donnees = getattr(self, "cleaned_data", {})
        return not any(donnees.get(nom) not in (None, "", []) for nom in self.fields if nom != "DELETE")

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        if not self.est_vide() and not donnees.get("DELETE"):
            for nom in self.obligatoires:
                if donnees.get(nom) in (None, "") and nom not in self.errors:
                    self.add_error(nom, self.manquant)
        return donnees


class FormulaireActivite(_Ligne):
    obligatoires = ("code", "libelle")
    code = forms.CharField(label="Code", max_length=10, required=False, help_text="A1, A2…")
    libelle = forms.CharField(label="Libellé de l'activité", max_length=TEXTE_MAX, required=False)


class FormulaireBloc(_Ligne):
    obligatoires = ("numero", "intitule")
    numero = forms.IntegerField(label="Numéro du bloc", min_value=1, max_value=NUMERO_MAX, required=False)
    intitule = forms.CharField(label="Intitulé du bloc", max_length=300, required=False)


class FormulaireCapacite(_Ligne):
    obligatoires = ("bloc", "numero", "intitule")
    bloc = forms.IntegerField(
        label="Numéro du bloc", min_value=1, max_value=NUMERO_MAX, required=False, help_text="Un seul bloc (R-REF-03)."
    )
    numero = forms.IntegerField(
        label="Numéro de la capacité",
        min_value=1,
        max_value=NUMERO_MAX,
        required=False,
        help_text="C1 à Cn sur tout le référentiel : indiquez le nombre seul.",
    )
    intitule = forms.CharField(
        label="Intitulé de la capacité", max_length=TEXTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    conditions_realisation = forms.CharField(
        label="Conditions de réalisation",
        max_length=TEXTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    criteres_evaluation = forms.CharField(
        label="Critères d'évaluation", max_length=TEXTE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    modalites = forms.MultipleChoiceField(
        label="Modalités d'évaluation autorisées",
        choices=Modalite.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="L'avis de l'entreprise ne fait que compléter l'évaluation (R-REF-02).",
    )


class _Lignes(BaseFormSet):  # type: ignore[type-arg]
    """Rows with a « Retirer » box; `lignes()` gives the kept, non-blank rows in order."""

    libelle_retrait = "Retirer cette ligne"

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.libelle_retrait

    def lignes(self) -> list[dict[str, Any]]:
        return [
            f.cleaned_data
            for f in self.forms
            if isinstance(f, _Ligne) and not f.est_vide() and not f.cleaned_data.get("DELETE")
        ]


class LignesActivites(_Lignes):
    libelle_retrait = "Retirer cette activité"


class LignesBlocs(_Lignes):
    libelle_retrait = "Retirer ce bloc"


class LignesCapacites(_Lignes):
    libelle_retrait = "Retirer cette capacité"


Activites = formset_factory(FormulaireActivite, formset=LignesActivites, extra=1, can_delete=True, max_num=100)
Blocs = formset_factory(FormulaireBloc, formset=LignesBlocs, extra=1, can_delete=True, max_num=50)
Capacites = formset_factory(FormulaireCapacite, formset=LignesCapacites, extra=1, can_delete=True, max_num=500)

PREFIXES = {"activites": Activites, "blocs": Blocs, "capacites": Capacites}


def valeurs_initiales(version: VersionReferentiel) -> dict[str, Any]:
    """What the editor shows first: the projet as stored."""
    blocs = blocs_saisis(version)
    return {
        "referentiel": {"intitule": version.intitule, "categorie": version.categorie}
        | {c: getattr(version, c) for c in CHAMPS_TEXTE},
        "activites": [{"code": a.code, "libelle": a.libelle} for a in version.activites.order_by("ordre")],
        "blocs": [{"numero": b.numero, "intitule": b.intitule} for b in blocs],
        "capacites": [
            {
                "bloc": b.numero,
                "numero": c.numero,
                "intitule": c.intitule,
                "conditions_realisation": c.conditions_realisation,
                "criteres_evaluation": c.criteres_evaluation,
                "modalites": list(c.modalites),
            }
            for b in blocs
            for c in b.capacites
        ],
    }


def avec_une_ligne_de_plus(donnees: Any, prefixe: str) -> Any:
    """The posted data with one more blank row in the formset `prefixe` (the « Ajouter une ligne » button)."""
    copie = donnees.copy()
    cle = f"{prefixe}-TOTAL_FORMS"
    try:
        total = int(copie.get(cle, 0))
    except ValueError:
        total = 0
    copie[cle] = str(min(total + 1, PREFIXES[prefixe].max_num or total + 1))
    return copie


def saisie(
    activites: LignesActivites, blocs: LignesBlocs, capacites: LignesCapacites
) -> tuple[list[ActiviteSaisie], list[BlocSaisi]] | None:
    """The valid formsets as the register's plain data; None (errors added to the rows) when a capacity names a
    bloc that is not in the list — a capacity belongs to one bloc of its own referential (R-REF-03)."""
    lignes_blocs = blocs.lignes()
    numeros = {b["numero"] for b in lignes_blocs}
    par_bloc: dict[int, list[CapaciteSaisie]] = {}
    valide = True
    for form in capacites.forms:
        if not isinstance(form, _Ligne) or form.est_vide() or form.cleaned_data.get("DELETE"):
            continue
        c = form.cleaned_data
        if c["bloc"] not in numeros:
            form.add_error(
                "bloc",
                f"Le bloc n° {c['bloc']} ne figure pas dans la liste des blocs : chaque capacité appartient à un bloc "
                "du référentiel (R-REF-03).",
            )
            valide = False
            continue
        par_bloc.setdefault(c["bloc"], []).append(
            CapaciteSaisie(
                numero=c["numero"],
                intitule=c["intitule"],
                conditions_realisation=c["conditions_realisation"],
                criteres_evaluation=c["criteres_evaluation"],
                modalites=tuple(c["modalites"]),
            )
        )
    if not valide:
        return None
    return (
        [ActiviteSaisie(a["code"], a["libelle"]) for a in activites.lignes()],
        [
            BlocSaisi(
                numero=b["numero"],
                intitule=b["intitule"],
                capacites=tuple(sorted(par_bloc.get(b["numero"], []), key=lambda c: c.numero)),
            )
            for b in lignes_blocs
        ],
    )
