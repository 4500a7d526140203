"""What waits for a training organisation on « À traiter »: its trainees' paths in progress, each a link to the
registration; nothing of another organisation's, nothing cancelled."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cqpm.candidats import services
from cqpm.candidats.enums import VoieInscription
from cqpm.comptes.enums import Role
from cqpm.core.navigation import a_traiter
from cqpm.organisations.enums import TypeOrganisation
from tests.candidats.outils import agent
from tests.factories import CandidatFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

RUBRIQUE = "Parcours en cours de vos stagiaires"


def elements(utilisateur):  # type: ignore[no-untyped-def]
    return [(e.libelle, e.url) for r in a_traiter(utilisateur) if r.titre == RUBRIQUE for e in r.elements]


def test_a_training_organisation_follows_its_trainees_paths_in_progress(cadre) -> None:  # type: ignore[no-untyped-def]
    contact = agent(cadre.organisme, Role.ORGANISME_FORMATION)
    autre = agent(
        OrganisationFactory(type=TypeOrganisation.ORGANISME_FORMATION, nom="Autre OF"), Role.ORGANISME_FORMATION
    )
    assert elements(contact) == []
    suivie = cadre.inscrire(organisme_formation=cadre.organisme, voie=VoieInscription.ORGANISME_FORMATION)
    annulee = cadre.inscrire(
        CandidatFactory(nom="Roux"), organisme_formation=cadre.organisme, voie=VoieInscription.ORGANISME_FORMATION
    )
    services.annuler_inscription(annulee, acteur=cadre.personnel, motif="Abandon.")
    assert elements(contact) == [
        (f"{suivie.candidat} — {suivie.qualification}", reverse("candidats:detail", args=[suivie.pk]))
    ]
    assert elements(autre) == [] and elements(cadre.personnel) == []
