"""Forms of the candidate space. They shape the input; `services` checks the rules and the view shows a refusal
next to the field it names (`RegleViolee.champ`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts

from cqpm.comptes.forms import FormulaireAccessible
from cqpm.core.errors import RegleViolee
from cqpm.portail.services import EtatCivil, Identifiants


def _requis(quoi: str) -> dict[str, str]:
    return {"required": f"Indiquez {quoi}."}


CHAMP_DATE = forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d")


class FormulaireRefus(FormulaireAccessible):
    def montrer_refus(self, refus: RegleViolee) -> None:
        """Put the service's refusal next to its field, or above the form when it names none of them."""
        champ = refus.champ if refus.champ in self.fields else None
        self.add_error(champ, refus.message)


class FormulaireIdentifiants(FormulaireRefus, forms.Form):
    """The login name and password the candidate chooses when he opens his space."""

    identifiant = forms.CharField(
        label="Identifiant",
        max_length=150,
        help_text="Lettres, chiffres et @ . + - _ ; vous le saisirez pour vous connecter.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        error_messages={"required": "Choisissez un identifiant."},
    )
    mot_de_passe = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Choisissez un mot de passe."},
    )
    confirmation = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Saisissez de nouveau le mot de passe."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.base_fields["mot_de_passe"].help_text = " ".join(password_validators_help_texts())
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        mot, confirmation = donnees.get("mot_de_passe"), donnees.get("confirmation")
        if mot and confirmation and mot != confirmation:
            self.add_error("confirmation", "Les deux mots de passe ne sont pas identiques.")
        return donnees

    def identifiants(self) -> Identifiants:
        return Identifiants(self.cleaned_data["identifiant"], self.cleaned_data["mot_de_passe"])


class FormulaireDemandeCompte(FormulaireRefus, forms.Form):
    """A person without an account asks for one: his address and his civil status (R-REG-04)."""

    courriel = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        help_text="Le lien de confirmation y sera envoyé ; utilisez l'adresse connue de votre centre d'examen.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Indiquez votre adresse électronique.",
            "invalid": "Adresse électronique invalide.",
        },
    )
    nom = forms.CharField(
        label="Nom de naissance",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages=_requis("votre nom de naissance"),
    )
    prenoms = forms.CharField(
        label="Prénoms",
        max_length=200,
        help_text="Tous vos prénoms, dans l'ordre de l'état civil.",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages=_requis("vos prénoms"),
    )
    date_naissance = forms.DateField(
        label="Date de naissance",
        widget=CHAMP_DATE,
        error_messages={**_requis("votre date de naissance"), "invalid": "Date invalide (jj/mm/aaaa)."},
    )
    commune_naissance = forms.CharField(
        label="Commune de naissance", max_length=150, error_messages=_requis("votre commune de naissance")
    )
    departement_naissance = forms.CharField(
        label="Département de naissance",
        max_length=100,
        help_text="Code ou nom ; « Étranger » hors de France.",
        error_messages=_requis("votre département de naissance"),
    )
    pays_naissance = forms.CharField(
        label="Pays de naissance", max_length=100, initial="France", error_messages=_requis("votre pays de naissance")
    )

    def etat_civil(self) -> EtatCivil:
        d = self.cleaned_data
        return EtatCivil(
            nom=d["nom"],
            prenoms=d["prenoms"],
            date_naissance=d["date_naissance"],
            commune_naissance=d["commune_naissance"],
            departement_naissance=d["departement_naissance"],
            pays_naissance=d["pays_naissance"],
        )


class FormulaireRecherche(forms.Form):
    q = forms.CharField(label="Nom du candidat", required=False, max_length=150)
