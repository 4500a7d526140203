"""Who may cancel a registration (R-REG-01): the exam centre, or the company or training organisation that made
it — not a company merely named on a registration the exam centre recorded. The cancellation is audited under
R-REG-01."""

from __future__ import annotations

import pytest

from cqpm.audit.models import EntreeAudit
from cqpm.candidats import services
from cqpm.candidats.enums import StatutInscription, VoieInscription
from cqpm.comptes.enums import Role
from cqpm.core.errors import AccesRefuse
from tests.candidats.outils import agent

pytestmark = pytest.mark.django_db


def test_a_company_cannot_cancel_a_registration_its_exam_centre_made_R_REG_01(cadre):
    inscription = cadre.inscrire()
    salarie_rh = agent(cadre.entreprise, Role.ENTREPRISE)
    assert not services.peut_annuler(salarie_rh, inscription)
    with pytest.raises(AccesRefuse) as exc:
        services.annuler_inscription(inscription, acteur=salarie_rh, motif="Erreur")
    assert exc.value.rule == "R-REG-01" and "centre d'examen et l'organisation qui a fait" in exc.value.message
    inscription.refresh_from_db()
    assert inscription.statut == StatutInscription.EN_COURS


def test_the_company_that_made_the_registration_may_cancel_it_R_REG_01(cadre):
    salarie_rh = agent(cadre.entreprise, Role.ENTREPRISE)
    inscription = cadre.inscrire(acteur=salarie_rh)
    assert services.peut_annuler(salarie_rh, inscription)
    annulee = services.annuler_inscription(inscription, acteur=salarie_rh, motif="Départ")
    assert annulee.statut == StatutInscription.ANNULEE


def test_the_exam_centre_may_cancel_a_registration_a_company_made_R_REG_01(cadre):
    inscription = cadre.inscrire(acteur=agent(cadre.entreprise, Role.ENTREPRISE))
    assert services.peut_annuler(cadre.personnel, inscription)
    services.annuler_inscription(inscription, acteur=cadre.personnel, motif="Doublon")
    entree = EntreeAudit.objects.filter(action="inscription.annulation").get()
    assert entree.regle == "R-REG-01"


def test_a_training_organisation_cannot_cancel_what_the_company_made_R_REG_01(cadre):
    inscription = cadre.inscrire(acteur=agent(cadre.entreprise, Role.ENTREPRISE), organisme_formation=cadre.organisme)
    assert inscription.voie == VoieInscription.ENTREPRISE
    formateur = agent(cadre.organisme, Role.ORGANISME_FORMATION)
    assert not services.peut_annuler(formateur, inscription)
    with pytest.raises(AccesRefuse):
        services.annuler_inscription(inscription, acteur=formateur)
