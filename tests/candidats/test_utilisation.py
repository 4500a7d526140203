"""Registrations are what "used" means for the automatic veille proposals (R-LC-SUP-03)."""

from __future__ import annotations

import datetime

import pytest

from cqpm.candidats.enums import StatutInscription
from cqpm.candidats.services import derniere_inscription
from cqpm.cycle_de_vie import propositions
from cqpm.referentiels.models import ecriture_historique
from tests.cycle_de_vie.outils import a_la_date
from tests.factories import InscriptionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_latest_registration_postpones_the_veille_proposal_R_LC_SUP_03():
    inscription = InscriptionFactory(date_inscription=D(2023, 5, 10))
    q = inscription.qualification
    q.date_creation = D(2015, 6, 1)
    q.save(update_fields=["date_creation"])
    with ecriture_historique():
        q.versions.update(date_decision=D(2015, 6, 1), date_application=D(2015, 6, 1))
    assert derniere_inscription in propositions.SOURCES_UTILISATION
    assert propositions.derniere_utilisation(q) == D(2023, 5, 10)
    with a_la_date(D(2026, 5, 9)):
        assert propositions.proposer(D(2026, 5, 9)) == []
    with a_la_date(D(2026, 5, 10)):
        assert [d.qualification for d in propositions.proposer(D(2026, 5, 10))] == [q]


def test_a_cancelled_registration_is_not_a_use_R_LC_SUP_03():
    inscription = InscriptionFactory(date_inscription=D(2023, 5, 10))
    InscriptionFactory.create(
        candidat=inscription.candidat,
        version=inscription.version,
        date_inscription=D(2024, 1, 8),
        statut=StatutInscription.ANNULEE,
        annulee_le=datetime.datetime(2024, 1, 9, tzinfo=datetime.UTC),
    )
    assert derniere_inscription(inscription.qualification) == D(2023, 5, 10)
