"""Composition of the jury: union designations (R-JURY-01, R-JURY-03), employers' delegation (R-JURY-02),
invitees (R-JURY-04), president (R-JURY-05), each rule at its boundary."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from cqpm.comptes.enums import Role
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.jurys import services
from cqpm.jurys.enums import BrancheMembre, College
from cqpm.jurys.models import DemandeDesignation, MembreJury
from tests.factories import SyndicatFactory, UtilisateurFactory
from tests.jurys.outils import centre, jours, jury, membre, territoriale, unions

pytestmark = pytest.mark.django_db

TT = BrancheMembre.TRAVAIL_TEMPORAIRE


@pytest.fixture
def acteur():
    return territoriale(centre())


def contact(demande):
    return UtilisateurFactory(role=Role.BRANCHE_SYNDICALE, role__organisation=demande.branche_syndicale)


def test_request_goes_to_every_union_15_days_ahead_R_JURY_01(acteur):
    branches = unions(3)
    j = jury(acteur, date=jours(15))
    demandes = services.demander_designations(j, acteur=acteur)
    assert {d.branche_syndicale for d in demandes} == set(branches)
    j.refresh_from_db()
    assert j.designations_demandees_le == jours(0)


def test_request_14_days_ahead_is_refused_R_JURY_01(acteur):
    unions()
    j = jury(acteur, date=jours(14))
    with pytest.raises(RegleViolee) as e:
        services.demander_designations(j, acteur=acteur)
    assert e.value.rule == "R-JURY-01"
    assert not DemandeDesignation.objects.exists()


def test_a_union_without_territorial_branch_is_reported_R_JURY_01(acteur):
    unions()
    SyndicatFactory(nom="Union sans antenne")
    with pytest.raises(RegleViolee, match="Union sans antenne") as e:
        services.demander_designations(jury(acteur), acteur=acteur)
    assert e.value.rule == "R-JURY-01"


def test_union_designee_from_another_branch_is_refused_R_JURY_03(acteur):
    unions(1)
    (d,) = services.demander_designations(jury(acteur), acteur=acteur)
    with pytest.raises(RegleViolee) as e:
        services.designer_membre_syndical(
            d, membre(branche=BrancheMembre.AUTRE), voix_deliberative=True, acteur=contact(d)
        )
    assert e.value.rule == "R-JURY-03"


def test_one_voting_member_per_union_others_without_vote_R_JURY_03(acteur):
    unions(1)
    (d,) = services.demander_designations(jury(acteur), acteur=acteur)
    qui = contact(d)
    services.designer_membre_syndical(d, membre("Un"), voix_deliberative=True, acteur=qui)
    with pytest.raises(RegleViolee) as e:
        services.designer_membre_syndical(d, membre("Deux"), voix_deliberative=True, acteur=qui)
    assert e.value.rule == "R-JURY-03"
    suppleant = services.designer_membre_syndical(d, membre("Deux"), voix_deliberative=False, acteur=qui)
    assert suppleant.syndicat == d.branche_syndicale.parent


def test_the_database_holds_one_vote_per_union_R_JURY_03(acteur):
    unions(1)
    (d,) = services.demander_designations(jury(acteur), acteur=acteur)
    m = services.designer_membre_syndical(d, membre("Un"), voix_deliberative=True, acteur=contact(d))
    m.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        m.save()


def test_at_most_one_union_designee_from_temporary_work_R_JURY_03(acteur):
    unions(2)
    d1, d2 = services.demander_designations(jury(acteur), acteur=acteur)
    services.designer_membre_syndical(d1, membre("Un", TT), voix_deliberative=True, acteur=contact(d1))
    with pytest.raises(RegleViolee) as e:
        services.designer_membre_syndical(d2, membre("Deux", TT), voix_deliberative=True, acteur=contact(d2))
    assert e.value.rule == "R-JURY-03"


def test_a_union_branch_answers_only_its_own_request_R_JURY_03(acteur):
    unions(2)
    d1, d2 = services.demander_designations(jury(acteur), acteur=acteur)
    with pytest.raises(AccesRefuse):
        services.designer_membre_syndical(d2, membre(), voix_deliberative=True, acteur=contact(d1))


def test_fifth_employer_member_accepted_sixth_refused_R_JURY_02(acteur):
    j = jury(acteur)
    for n in range(5):
        services.designer_membre_patronal(j, membre(f"Patron {n}"), acteur=acteur)
    with pytest.raises(RegleViolee) as e:
        services.designer_membre_patronal(j, membre("Patron 6"), acteur=acteur)
    assert e.value.rule == "R-JURY-02"
    services.designer_membre_patronal(j, membre("Intérim", TT), acteur=acteur)  # plus one from temporary work
    with pytest.raises(RegleViolee) as e:
        services.designer_membre_patronal(j, membre("Intérim 2", TT), acteur=acteur)
    assert e.value.rule == "R-JURY-02"
    assert MembreJury.objects.filter(jury=j, college=College.EMPLOYEUR).count() == 6


def test_employer_member_from_another_branch_is_refused_R_JURY_02(acteur):
    with pytest.raises(RegleViolee) as e:
        services.designer_membre_patronal(jury(acteur), membre(branche=BrancheMembre.AUTRE), acteur=acteur)
    assert e.value.rule == "R-JURY-02"


def test_invitees_never_have_a_vote_R_JURY_04(acteur):
    invite = services.ajouter_invite(jury(acteur), membre("Théo Tuteur"), acteur=acteur)
    assert invite.voix_deliberative is False
    invite.voix_deliberative = True
    with pytest.raises(IntegrityError), transaction.atomic():
        invite.save()


def test_president_is_from_the_employers_delegation_R_JURY_05(acteur):
    unions(1)
    j = jury(acteur)
    (d,) = services.demander_designations(j, acteur=acteur)
    syndical = services.designer_membre_syndical(d, membre(), voix_deliberative=True, acteur=contact(d))
    with pytest.raises(RegleViolee) as e:
        services.designer_president(syndical, acteur=acteur)
    assert e.value.rule == "R-JURY-05"
    patron = services.designer_membre_patronal(j, membre("Patron"), acteur=acteur)
    assert services.designer_president(patron, acteur=acteur).president


def test_one_president_only_R_JURY_05(acteur):
    j = jury(acteur)
    a = services.designer_membre_patronal(j, membre("A"), acteur=acteur)
    b = services.designer_membre_patronal(j, membre("B"), acteur=acteur)
    services.designer_president(a, acteur=acteur)
    services.designer_president(b, acteur=acteur)
    assert list(MembreJury.objects.filter(jury=j, president=True)) == [b]


def test_another_centre_cannot_compose_the_jury(acteur):
    j = jury(acteur)
    autre = UtilisateurFactory(
        role=Role.TERRITORIALE,
        role__organisation=centre().__class__.objects.create(
            type="territoriale", departement="01", nom="UIMM Ain", region="Auvergne-Rhône-Alpes"
        ),
    )
    with pytest.raises(AccesRefuse):
        services.designer_membre_patronal(j, membre(), acteur=autre)
