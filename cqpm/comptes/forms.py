"""Login and one-time-code forms. Each field points at its help text and its errors (aria-describedby)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.validators import RegexValidator

ID_ERREURS_FORMULAIRE = "erreurs-formulaire"


class FormulaireAccessible(forms.BaseForm):
    """Link each field to its help text, its own errors and the form-level errors, whenever errors change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lier_aria()

    def full_clean(self) -> None:
        super().full_clean()
        self._lier_aria()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        self._lier_aria()

    def _id_du_champ(self, nom: str) -> str:
        """BoundField.auto_id without creating the BoundField (it would freeze labels set later in __init__)."""
        modele = str(self.auto_id) if self.auto_id else ""
        return modele % self.add_prefix(nom) if "%s" in modele else (self.add_prefix(nom) if modele else "")

    def _lier_aria(self) -> None:
        erreurs = getattr(self, "_errors", None) or {}
        globales = bool(erreurs.get(NON_FIELD_ERRORS))
        for nom, champ in self.fields.items():
            auto_id = self._id_du_champ(nom)
            ids = [f"{auto_id}_aide"] if champ.help_text else []
            if nom in erreurs:
                ids.append(f"{auto_id}_erreurs")
            if globales:
                ids.append(ID_ERREURS_FORMULAIRE)
            champ.widget.attrs.pop("aria-invalid", None)
            if ids:
                champ.widget.attrs["aria-describedby"] = " ".join(ids)
            if nom in erreurs or globales:
                champ.widget.attrs["aria-invalid"] = "true"


class FormulaireConnexion(FormulaireAccessible, AuthenticationForm):
    error_messages = {
        "invalid_login": "Identifiant ou mot de passe incorrect. Vérifiez les majuscules et minuscules.",
        "inactive": "Ce compte est désactivé. Contactez le secrétariat du GTP.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = "Mot de passe"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class FormulaireCode(FormulaireAccessible, forms.Form):
    code = forms.CharField(
        label="Code à usage unique",
        help_text="Les 6 chiffres affichés par votre application d'authentification.",
        max_length=7,
        validators=[RegexValidator(r"^\s*\d{3}\s?\d{3}\s*$", "Saisissez les 6 chiffres du code, sans lettre.")],
        error_messages={"required": "Saisissez le code à 6 chiffres."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )
