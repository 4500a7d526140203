"""Helpers of the candidates' tests: a CQPM with its exam centre, a company, a training organisation, the people
who act, and `inscrire_salarie` that registers with valid defaults so that each test changes only what it checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from cqpm.candidats import services
from cqpm.candidats.enums import Financement, Origine, Parcours, TypeBeneficiaire, VoieInscription
from cqpm.candidats.models import Candidat, Inscription
from cqpm.comptes.enums import Role
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Qualification
from tests.factories import (
    CandidatFactory,
    EntrepriseFactory,
    OrganisationFactory,
    TerritorialeFactory,
    UtilisateurFactory,
    referentiel_complet,
)

SALARIE: dict[str, Any] = {
    "parcours": Parcours.FORMATION_CONTINUE,
    "voie": VoieInscription.ENTREPRISE,
    "financement": Financement.PF,
    "type_beneficiaire": TypeBeneficiaire.SALARIE_METALLURGIE,
    "origine": Origine.SALARIE,
}
DEMANDEUR_EMPLOI: dict[str, Any] = {
    "parcours": Parcours.FORMATION_CONTINUE,
    "voie": VoieInscription.ORGANISME_FORMATION,
    "financement": Financement.POEI,
    "type_beneficiaire": TypeBeneficiaire.DEMANDEUR_EMPLOI,
    "origine": Origine.DEMANDEUR_EMPLOI,
}


def agent(organisation: Organisation, role: Role = Role.TERRITORIALE) -> Any:
    return UtilisateurFactory(role=role, role__organisation=organisation)


def enregistre_par(candidat: Candidat, acteur: Any) -> Candidat:
    """A factory candidate, never registered nor authored, is recorded by whoever registers him first, as
    `creer_candidat` would have done: otherwise he is outside every perimeter but the secretariat's."""
    if candidat.cree_par_id is None and not candidat.inscriptions.exists() and getattr(acteur, "pk", None):
        candidat.cree_par = acteur
        candidat.save(update_fields=["cree_par"])
    return candidat


@dataclass
class Cadre:
    qualification: Qualification
    centre: Organisation
    entreprise: Organisation
    organisme: Organisation
    candidat: Candidat
    personnel: Any

    def inscrire(
        self, candidat: Candidat | None = None, *, acteur: Any = "personnel", **changements: Any
    ) -> Inscription:
        """Register an employee of `entreprise` through it, with the territoriale 69 as exam centre."""
        valeurs: dict[str, Any] = {**SALARIE, "centre_examen": self.centre, "entreprise": self.entreprise}
        valeurs.update(changements)
        qui = self.personnel if acteur == "personnel" else acteur
        candidat = enregistre_par(candidat or self.candidat, qui)
        return services.inscrire(
            candidat,
            valeurs.pop("qualification", self.qualification),
            acteur=qui,
            **valeurs,
        )


@pytest.fixture
def cadre(db: None) -> Cadre:
    """A CQPM decided in 2015 (not in the RNCP), the territoriale 69 and its staff, a metallurgy company, a
    training organisation and one candidate."""
    centre = TerritorialeFactory(departement="69")
    return Cadre(
        qualification=referentiel_complet().qualification,
        centre=centre,
        entreprise=EntrepriseFactory(nom="Forges de Vénissieux", adresse="1 rue de l'Usine, 69200 Vénissieux"),
        organisme=OrganisationFactory(type=TypeOrganisation.ORGANISME_FORMATION, nom="AFPI Rhône"),
        candidat=CandidatFactory(nom="Dupont", prenoms="Jeanne"),
        personnel=agent(centre),
    )
