"""Forms of the inscription pages. They only shape the input: the individual form is read by the same
`import_masse.interpreter` as a row of a file, and every rule is checked by `services` (R-ACC-01/02, R-REG-01 to
04), whose refusal the view shows next to the field it names."""

from __future__ import annotations

from typing import Any

from django import forms

from cqpm.candidats.enums import StatutInscription
from cqpm.candidats.import_masse import COLONNES, LIGNES_MAX, TAILLE_MAX
from cqpm.comptes.forms import FormulaireAccessible
from cqpm.referentiels.models import Qualification


class FormulaireFiltres(forms.Form):
    """The list's filters, read from the query string (GET): a bad value is ignored, not an error page."""

    q = forms.CharField(label="Nom du candidat", required=False, max_length=150)
    statut = forms.ChoiceField(label="Statut", required=False, choices=[("", "Tous"), *StatutInscription.choices])
    qualification = forms.ModelChoiceField(
        label="Qualification", required=False, queryset=Qualification.objects.none(), empty_label="Toutes"
    )

    def __init__(self, *args: Any, qualifications: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        champ = self.fields["qualification"]
        assert isinstance(champ, forms.ModelChoiceField)
        champ.queryset = qualifications


class FormulaireImport(FormulaireAccessible, forms.Form):
    fichier = forms.FileField(
        label="Fichier de la cohorte",
        help_text=f"Classeur XLSX (partez du modèle) ou CSV UTF-8 séparé par « ; » ou « , » ; au plus {LIGNES_MAX} "
        f"lignes et {TAILLE_MAX // 1000} Ko. Rien n'est enregistré avant votre confirmation.",
        error_messages={"required": "Choisissez le fichier à importer.", "empty": "Le fichier est vide."},
    )


class FormulaireAnnulation(FormulaireAccessible, forms.Form):
    motif = forms.CharField(
        label="Motif de l'annulation",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="L'inscription annulée reste enregistrée, avec qui l'a annulée, quand et pourquoi.",
    )


class FormulaireInscription(FormulaireAccessible, forms.Form):
    """One inscription typed in: the columns of the import's template, as fields of the same names."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lier_aria()

    def cellules(self) -> dict[str, Any]:
        return {c.cle: self.cleaned_data.get(c.cle) for c in COLONNES}


for _colonne in COLONNES:
    _aide = f"{_colonne.aide} ({_colonne.regle})"
    _champ: forms.Field
    if _colonne.choix:
        _vide = [] if _colonne.obligatoire else [("", "—")]
        _choix = [*_vide, *((valeur, affiche) for valeur, affiche in _colonne.choix)]
        if _colonne.cle in ("apprenti", "accord_employeur"):
            _champ = forms.ChoiceField(label=_colonne.entete, choices=_choix[1:], initial="non", help_text=_aide)
        else:
            _champ = forms.ChoiceField(label=_colonne.entete, choices=_choix, required=False, help_text=_aide)
    elif _colonne.date:
        _champ = forms.DateField(
            label=_colonne.entete,
            required=False,
            help_text=_aide,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
    else:
        _champ = forms.CharField(label=_colonne.entete, required=False, max_length=_colonne.longueur, help_text=_aide)
    FormulaireInscription.base_fields[_colonne.cle] = _champ
FormulaireInscription.base_fields["pays_naissance"].initial = "France"
