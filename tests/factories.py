"""factory_boy factories: each builds a valid object in one line."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from cqpm.comptes.enums import Role
from cqpm.comptes.models import Habilitation, Utilisateur
from cqpm.organisations.enums import Secteur, TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import Categorie, Modalite, StatutQualification, StatutVersion
from cqpm.referentiels.models import (
    Bloc,
    Capacite,
    CentreRessources,
    ModaliteAutorisee,
    Qualification,
    VersionReferentiel,
    ecriture_historique,
)

DEPARTEMENTS = ["01", "13", "2A", "2B", "31", "33", "38", "44", "59", "67", "69", "75", "971", "974"]


class TerritorialeFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("type", "departement")

    type = TypeOrganisation.TERRITORIALE
    departement = factory.Iterator(DEPARTEMENTS)
    nom = factory.LazyAttribute(lambda o: f"UIMM territoriale {o.departement}")
    region = "Auvergne-Rhône-Alpes"


class EntrepriseFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    type = TypeOrganisation.ENTREPRISE
    nom = factory.Sequence(lambda n: f"Mécanique {n}")
    siret = "73282932000074"
    code_nace = "25.62A"
    secteur = Secteur.METAUX


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    type = TypeOrganisation.UIMM
    nom = factory.Sequence(lambda n: f"Organisation {n}")


class UtilisateurFactory(DjangoModelFactory):
    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@exemple.fr")
    password = factory.PostGenerationMethodCall("set_password", "motdepasse-de-test-1")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """`UtilisateurFactory(role=Role.TERRITORIALE, organisation=org)` also creates the habilitation."""
        if extracted:
            Habilitation.objects.create(utilisateur=self, role=extracted, organisation=kwargs.get("organisation"))
        self.save()


class QualificationFactory(DjangoModelFactory):
    class Meta:
        model = Qualification

    intitule = factory.Sequence(lambda n: f"Technicien(ne) de test {n}")
    statut = StatutQualification.EN_VIGUEUR
    sequence = factory.Sequence(lambda n: 1000 + n)
    date_creation = datetime.date(2015, 6, 1)
    numero = factory.LazyAttribute(lambda o: f"MQ 2015 06 69 {o.sequence:04d}")


class VersionFactory(DjangoModelFactory):
    class Meta:
        model = VersionReferentiel

    qualification = factory.SubFactory(QualificationFactory)
    numero = 1
    intitule = factory.LazyAttribute(lambda o: o.qualification.intitule)
    statut = StatutVersion.DECIDEE
    categorie = Categorie.B
    date_decision = datetime.date(2015, 6, 1)
    date_application = datetime.date(2015, 6, 1)
    mission = "Réaliser des pièces."


def referentiel_complet(blocs: int = 2, capacites_par_bloc: int = 3, **kwargs) -> VersionReferentiel:  # type: ignore[no-untyped-def]
    """A decided version with its blocs, capacities and modalities, pointed at by its qualification."""
    version = VersionFactory(**kwargs)
    numero = 0
    with ecriture_historique():  # the version may already be decided (R-REF-03 guard in models.py)
        for b in range(1, blocs + 1):
            bloc = Bloc.objects.create(version=version, numero=b, intitule=f"Bloc {b}")
            for _ in range(capacites_par_bloc):
                numero += 1
                capacite = Capacite.objects.create(
                    version=version, bloc=bloc, numero=numero, intitule=f"Capacité {numero}"
                )
                ModaliteAutorisee.objects.create(capacite=capacite, modalite=Modalite.SITUATION_REELLE)
    qualification = version.qualification
    qualification.version_courante = version
    qualification.save(update_fields=["version_courante"])
    CentreRessources.objects.get_or_create(
        qualification=qualification, territoriale=TerritorialeFactory(departement="69")
    )
    return version


__all__ = ["Role"]


class SyndicatFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    type = TypeOrganisation.SYNDICAT
    nom = factory.Sequence(lambda n: f"Fédération syndicale {n}")


class BrancheSyndicaleFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    type = TypeOrganisation.BRANCHE_SYNDICALE
    nom = factory.Sequence(lambda n: f"Branche syndicale {n}")
    parent = factory.SubFactory(SyndicatFactory)
    departement = "69"


def verifie_par_otp(utilisateur: Utilisateur) -> Utilisateur:
    """What django-otp's middleware does once the user typed a right code: a confirmed device, is_verified()."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    appareil, _ = TOTPDevice.objects.get_or_create(user=utilisateur, name="Test", defaults={"confirmed": True})
    utilisateur.otp_device = appareil  # type: ignore[attr-defined]
    utilisateur.is_verified = lambda: True  # type: ignore[method-assign]
    return utilisateur


class CandidatFactory(DjangoModelFactory):
    class Meta:
        model = "candidats.Candidat"

    nom = factory.Sequence(lambda n: f"Dupont{n}")
    prenoms = "Jean Marie"
    date_naissance = datetime.date(1990, 5, 17)
    commune_naissance = "Lyon"
    departement_naissance = "69"
    pays_naissance = "France"


class InscriptionFactory(DjangoModelFactory):
    """An employee of a metallurgy company registered by it on a whole CQPM, in continuing training (plan de
    formation), with the UIMM territoriale 69 as exam centre; its version is a fresh complete referential."""

    class Meta:
        model = "candidats.Inscription"
        skip_postgeneration_save = True

    candidat = factory.SubFactory(CandidatFactory)
    version = factory.LazyFunction(lambda: referentiel_complet())
    qualification = factory.LazyAttribute(lambda o: o.version.qualification)
    centre_examen = factory.LazyFunction(lambda: TerritorialeFactory(departement="69"))
    date_inscription = factory.LazyFunction(datetime.date.today)
    parcours = "formation_continue"
    voie = "entreprise"
    financement = "PF"
    type_beneficiaire = "salarie_metallurgie"
    origine = "SL"
    entreprise = factory.SubFactory(EntrepriseFactory)

    @factory.post_generation
    def blocs(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """`InscriptionFactory(blocs=[bloc])` targets those blocs; none: the whole CQPM."""
        if create and extracted:
            self.blocs.set(extracted)


class CompteCandidatFactory(DjangoModelFactory):
    """A candidate's own account (role CANDIDAT) linked to his register entry (cqpm.portail)."""

    class Meta:
        model = "portail.CompteCandidat"

    candidat = factory.SubFactory(CandidatFactory, courriel=factory.Sequence(lambda n: f"candidat{n}@exemple.fr"))
    utilisateur = factory.SubFactory(UtilisateurFactory, role=Role.CANDIDAT)
