"""The demo shows every stage (issue 10): a request in each state, the séance that decided and the one planned,
duplicates to merge — so that what waits for each role is not empty."""

from io import StringIO

import pytest
from django.core.management import call_command

from cqpm.candidats.services import groupes_de_doublons
from cqpm.comptes.enums import Role
from cqpm.comptes.models import Utilisateur
from cqpm.core.navigation import a_traiter
from cqpm.cycle_de_vie.enums import IssuePoint, StatutDemande, StatutSeance
from cqpm.cycle_de_vie.models import Demande
from cqpm.demo.management.commands.charger_demo import identifiant
from cqpm.gtp.models import PointOrdreDuJour
from cqpm.referentiels.enums import StatutQualification

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("charger_demo", stdout=StringIO())


def compte(role: Role) -> Utilisateur:
    utilisateur = Utilisateur.objects.get(username=identifiant(role))
    utilisateur.is_verified = lambda: True  # type: ignore[attr-defined]
    return utilisateur


def test_a_request_in_each_state(demo) -> None:  # type: ignore[no-untyped-def]
    assert set(Demande.objects.values_list("statut", flat=True)) == set(StatutDemande.values)


def test_one_request_waits_on_a_planned_seance_and_one_was_decided_with_its_mq_number(demo) -> None:  # type: ignore[no-untyped-def]
    en_attente = PointOrdreDuJour.objects.get(issue=IssuePoint.A_EXAMINER)
    assert en_attente.seance.statut == StatutSeance.PLANIFIEE
    decidee = Demande.objects.get(statut=StatutDemande.DECIDEE)
    assert decidee.qualification.statut == StatutQualification.EN_VIGUEUR
    assert decidee.qualification.numero.startswith("MQ ")


def test_the_exam_centre_has_duplicates_to_merge(demo) -> None:  # type: ignore[no-untyped-def]
    assert [len(g) for g in groupes_de_doublons(compte(Role.TERRITORIALE))] == [2]


@pytest.mark.parametrize("role", [Role.SECRETARIAT_GTP, Role.MEMBRE_GTP, Role.TERRITORIALE, Role.CANDIDAT])
def test_something_waits_for_each_working_role(demo, role: Role) -> None:  # type: ignore[no-untyped-def]
    assert a_traiter(compte(role)), f"rien à traiter pour {role.label}"


def test_a_certificate_was_corrected_reissued_and_checked(demo) -> None:  # type: ignore[no-untyped-def]
    from cqpm.attributions.enums import StatutCorrection
    from cqpm.attributions.models import Certificat, ControleVerification

    corrige = Certificat.objects.get(corrections__statut=StatutCorrection.APPROUVEE)
    assert corrige.edition == 2 and corrige.reedite_le is not None
    assert list(corrige.tirages.values_list("edition", flat=True)) == [1]  # a copy of the first edition exists
    assert ControleVerification.objects.filter(certificat=corrige).count() == 2
