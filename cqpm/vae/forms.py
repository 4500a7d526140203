"""Forms of the VAE pages. They only shape the input: `cqpm.vae.services` checks every rule, and the view shows
its refusal next to the form."""

from __future__ import annotations

from typing import Any

from django import forms

from cqpm.candidats.enums import Financement, Origine, TypeBeneficiaire
from cqpm.candidats.models import Candidat
from cqpm.comptes.forms import FormulaireAccessible
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Bloc, Qualification
from cqpm.vae.enums import TypeContrat
from cqpm.vae.rules import ExperienceSaisie

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChoixBloc(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Bloc) -> str:
        return f"{obj.version.intitule} — bloc {obj.numero} : {obj.intitule}"


class FormulaireDepot(FormulaireAccessible, forms.Form):
    """The request and its recevabilité file (R-VAE-01), on the whole CQPM or on blocs (R-VAE-03)."""

    candidat = forms.ModelChoiceField(label="Candidat", queryset=Candidat.objects.none(), required=False)
    qualification = forms.ModelChoiceField(
        label="CQPM visé",
        queryset=Qualification.objects.exclude(code_rncp="").order_by("intitule"),
        help_text="La VAE n'est ouverte que sur un CQPM inscrit au RNCP (R-ACC-02).",
    )
    blocs = ChoixBloc(
        label="Blocs de compétences visés",
        queryset=Bloc.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun bloc coché : le CQPM entier (R-VAE-03).",
    )
    centre_examen = forms.ModelChoiceField(
        label="UIMM territoriale centre d'examen",
        queryset=Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, active=True).order_by("departement"),
    )
    type_beneficiaire = forms.ChoiceField(label="Vous êtes", choices=TypeBeneficiaire.choices)
    origine = forms.ChoiceField(label="Origine", choices=Origine.choices)
    financement = forms.ChoiceField(label="Financement", choices=Financement.choices, initial=Financement.VAE)
    entreprise = forms.ModelChoiceField(
        label="Entreprise (salarié)",
        queryset=Organisation.objects.filter(type=TypeOrganisation.ENTREPRISE).order_by("nom"),
        required=False,
    )
    cv = forms.FileField(label="CV synthétique", required=False)
    identite = forms.FileField(label="Copie d'une pièce d'identité", required=False)
    motivation = forms.FileField(label="Lettre de motivation", required=False)
    justificatif = forms.FileField(
        label="Justificatif d'activité", required=False, help_text="Contrat de travail, attestation, stage…"
    )
    diplome = forms.FileField(label="Copie d'un diplôme ou d'une attestation de formation (facultatif)", required=False)
    declaration_honneur = forms.BooleanField(
        label="Je déclare sur l'honneur ne déposer qu'une seule demande de VAE pour ce CQPM cette année civile",
        required=False,
        help_text="R-VAE-01.",
    )

    def __init__(self, *args: Any, candidat_impose: Candidat | None, candidats: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if candidat_impose is not None:
            del self.fields["candidat"]
        else:
            champ = self.fields["candidat"]
            assert isinstance(champ, forms.ModelChoiceField)
            champ.queryset = candidats
            champ.required = True
        blocs = self.fields["blocs"]
        assert isinstance(blocs, forms.ModelMultipleChoiceField)
        courantes = Qualification.objects.exclude(code_rncp="").values("version_courante")
        blocs.queryset = (
            Bloc.objects.filter(version__in=courantes).select_related("version").order_by("version__intitule", "numero")
        )


class FormulaireExperience(FormulaireAccessible, forms.Form):
    poste = forms.CharField(label="Poste occupé", max_length=200)
    employeur = forms.CharField(label="Entreprise ou structure", max_length=200)
    activite_entreprise = forms.CharField(label="Activité principale de l'entreprise", max_length=200)
    type_contrat = forms.ChoiceField(label="Type de contrat", choices=[("", "—"), *TypeContrat.choices])
    debut = forms.DateField(label="Début", widget=DATE)
    fin = forms.DateField(label="Fin (vide : en cours)", widget=DATE, required=False)
    rapport = forms.CharField(
        label="Activités en rapport avec le CQPM ou les blocs visés", widget=forms.Textarea(attrs={"rows": 3})
    )

    def saisie(self) -> ExperienceSaisie:
        return ExperienceSaisie(**self.cleaned_data)


Experiences = forms.formset_factory(FormulaireExperience, extra=3, max_num=20)


class FormulaireMotif(FormulaireAccessible, forms.Form):
    motif = forms.CharField(label="Motif de l'avis défavorable", widget=forms.Textarea(attrs={"rows": 3}))


class FormulaireAccompagnement(FormulaireAccessible, forms.Form):
    accompagnateur = forms.CharField(label="Accompagnateur (tiers)", max_length=200)


class FormulairePreuves(FormulaireAccessible, forms.Form):
    fichier = forms.FileField(label="Dossier de preuves (fichier, facultatif pour un dossier papier)", required=False)


class FormulaireCommission(FormulaireAccessible, forms.Form):
    president = forms.CharField(label="Président (représentant du centre d'examen)", max_length=200)
    membres = forms.CharField(
        label="Membres",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un membre par ligne : « Nom — qualité ».",
    )
    date = forms.DateField(label="Date de la commission de validation", widget=DATE)

    def liste_membres(self) -> list[tuple[str, str]]:
        lignes = [ligne.strip() for ligne in self.cleaned_data["membres"].splitlines() if ligne.strip()]
        return [(n.strip(), q.strip()) for n, _, q in (ligne.partition("—") for ligne in lignes)]


class FormulaireConclusions(FormulaireAccessible, forms.Form):
    observations = forms.CharField(
        label="Observations de la commission", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, capacites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.capacites = list(capacites)
        for c in self.capacites:
            self.fields[f"capacite_{c.pk}"] = forms.TypedChoiceField(
                label=f"Bloc {c.bloc.numero} — C{c.numero} {c.intitule}",
                choices=[("oui", "Acquise"), ("non", "Non acquise")],
                coerce=lambda v: v == "oui",
                widget=forms.RadioSelect,
            )

    def acquises(self) -> dict[int, bool]:
        return {c.pk: self.cleaned_data[f"capacite_{c.pk}"] for c in self.capacites}
