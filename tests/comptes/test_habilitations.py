"""Granting and removing roles: checked against the organisation kind, audited, the staff flag kept in step."""

import pytest

from cqpm.audit.services import historique
from cqpm.comptes.enums import Role
from cqpm.comptes.models import Habilitation
from cqpm.comptes.permissions import Action, peut
from cqpm.comptes.services import attribuer_role, creer_utilisateur, retirer_role
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.organisations.enums import TypeOrganisation
from tests.factories import (
    EntrepriseFactory,
    OrganisationFactory,
    TerritorialeFactory,
    UtilisateurFactory,
    verifie_par_otp,
)

pytestmark = pytest.mark.django_db


def test_secretariat_role_sets_the_staff_flag_and_removing_it_clears_it():
    u = UtilisateurFactory()
    attribuer_role(u, Role.SECRETARIAT_GTP, acteur=SYSTEME)
    u.refresh_from_db()
    assert u.is_staff
    retirer_role(u, Role.SECRETARIAT_GTP, acteur=SYSTEME)
    u.refresh_from_db()
    assert not u.is_staff


def test_other_roles_never_set_the_staff_flag():
    u = UtilisateurFactory()
    attribuer_role(u, Role.MEMBRE_GTP, acteur=SYSTEME)
    attribuer_role(u, Role.TERRITORIALE, TerritorialeFactory(), acteur=SYSTEME)
    u.refresh_from_db()
    assert not u.is_staff


def test_grant_and_removal_are_audited_old_to_new():
    u = UtilisateurFactory()
    territoriale = TerritorialeFactory(departement="69")
    attribuer_role(u, Role.TERRITORIALE, territoriale, acteur=SYSTEME)
    retirer_role(u, Role.TERRITORIALE, territoriale, acteur=SYSTEME)
    attribution, retrait = historique(u).order_by("id")
    assert attribution.action == "habilitation.attribution" and attribution.regle == "HAB"
    assert attribution.avant == {"habilitations": [], "is_staff": False}
    assert attribution.apres["habilitations"] == [f"Personnel d'une UIMM territoriale — {territoriale}"]
    assert retrait.action == "habilitation.retrait" and retrait.apres["habilitations"] == []


def test_granting_a_role_already_held_changes_nothing():
    u = UtilisateurFactory()
    premiere = attribuer_role(u, Role.MEMBRE_JURY, acteur=SYSTEME)
    assert attribuer_role(u, Role.MEMBRE_JURY, acteur=SYSTEME) == premiere
    assert historique(u).count() == 1


@pytest.mark.parametrize(
    ("role", "fabrique"),
    [
        (Role.TERRITORIALE, EntrepriseFactory),
        (Role.ENTREPRISE, TerritorialeFactory),
        (Role.BRANCHE_SYNDICALE, lambda: OrganisationFactory(type=TypeOrganisation.SYNDICAT)),
        (Role.CANDIDAT, TerritorialeFactory),
    ],
)
def test_role_must_be_held_for_the_right_kind_of_organisation(role, fabrique):
    with pytest.raises(RegleViolee) as exc:
        attribuer_role(UtilisateurFactory(), role, fabrique(), acteur=SYSTEME)
    assert exc.value.rule == "HAB" and exc.value.champ == "organisation"
    assert not Habilitation.objects.exists()


def test_scoped_role_needs_its_organisation():
    with pytest.raises(RegleViolee, match="s'exerce pour une organisation \\(UIMM territoriale\\)"):
        attribuer_role(UtilisateurFactory(), Role.TERRITORIALE, acteur=SYSTEME)


def test_gtp_roles_may_name_the_gtp_or_nothing():
    gtp = OrganisationFactory(type=TypeOrganisation.GTP)
    u = UtilisateurFactory()
    attribuer_role(u, Role.MEMBRE_GTP, gtp, acteur=SYSTEME)
    attribuer_role(u, Role.SECRETARIAT_GTP, acteur=SYSTEME)
    assert u.habilitations.count() == 2


def test_removing_a_role_not_held_is_refused():
    with pytest.raises(RegleViolee, match="ne détient pas le rôle « Candidat »"):
        retirer_role(UtilisateurFactory(), Role.CANDIDAT, acteur=SYSTEME)


def test_only_the_verified_secretariat_grants_roles():
    secretariat = UtilisateurFactory(role=Role.SECRETARIAT_GTP)
    with pytest.raises(AccesRefuse, match="double authentification"):
        attribuer_role(UtilisateurFactory(), Role.CANDIDAT, acteur=secretariat)
    u = UtilisateurFactory()
    attribuer_role(u, Role.CANDIDAT, acteur=verifie_par_otp(secretariat))
    assert historique(u).get().acteur == secretariat


def test_permissions_follow_a_new_role_on_the_same_user_object():
    u = verifie_par_otp(UtilisateurFactory())
    assert not peut(u, Action.ADMINISTRER)
    attribuer_role(u, Role.SECRETARIAT_GTP, acteur=SYSTEME)
    assert peut(u, Action.ADMINISTRER)
    retirer_role(u, Role.SECRETARIAT_GTP, acteur=SYSTEME)
    assert not peut(u, Action.ADMINISTRER)


def test_created_account_is_audited_and_usernames_are_unique():
    u = creer_utilisateur(acteur=SYSTEME, username="lea", password="un-mot-de-passe-long", first_name="Léa")
    assert u.check_password("un-mot-de-passe-long")
    assert historique(u).get().apres == {"username": "lea", "first_name": "Léa"}
    with pytest.raises(RegleViolee, match="« LEA » est déjà utilisé"):
        creer_utilisateur(acteur=SYSTEME, username="LEA")
