"""Roles and scoping (ACCES): the whole role × action matrix, then the organisation scope of each role."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from cqpm.comptes.enums import Role
from cqpm.comptes.permissions import Action, exiger, organisations_visibles, perimetre, peut, roles
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import AccesRefuse
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from tests.factories import (
    BrancheSyndicaleFactory,
    EntrepriseFactory,
    OrganisationFactory,
    TerritorialeFactory,
    UtilisateurFactory,
    verifie_par_otp,
)

pytestmark = pytest.mark.django_db

A = Action
ANONYME = "anonyme"

# Written from the brief, independently of cqpm.comptes.permissions.MATRICE: who may do what.
AUTORISE = {
    ANONYME: {A.CONSULTER_CATALOGUE},
    Role.SECRETARIAT_GTP: set(Action) - {A.CONSULTER_SON_ESPACE},
    Role.MEMBRE_GTP: {
        A.CONSULTER_CATALOGUE,
        A.CONSULTER_BROUILLONS,
        A.EXPORTER_REFERENTIEL,
        A.CONSULTER_ORGANISATION,
        A.CONSULTER_DEMANDES,
    },
    Role.TERRITORIALE: {
        A.CONSULTER_CATALOGUE,
        A.CONSULTER_BROUILLONS,
        A.EXPORTER_REFERENTIEL,
        A.CONSULTER_ORGANISATION,
        A.GERER_JETONS_API,
        A.CONSULTER_DEMANDES,
        A.DEPOSER_DEMANDE,
        A.INSCRIRE_CANDIDATS,
        A.CONSULTER_INSCRIPTIONS,
        A.FUSIONNER_CANDIDATS,
        A.INVITER_CANDIDATS,
        A.DEPOSER_VAE,
        A.CONSULTER_VAE,
        A.INSTRUIRE_VAE,
        A.GERER_EVALUATIONS,
        A.SAISIR_AVIS_ENTREPRISE,
        A.GERER_JURYS,
        A.DEMANDER_ATTRIBUTION,
        A.DELIVRER_CERTIFICATS,
        A.DONNEES_PERSONNELLES,
    },
    Role.ENTREPRISE: {
        A.CONSULTER_CATALOGUE,
        A.CONSULTER_ORGANISATION,
        A.GERER_JETONS_API,
        A.INSCRIRE_CANDIDATS,
        A.CONSULTER_INSCRIPTIONS,
        A.SAISIR_AVIS_ENTREPRISE,
    },
    Role.ORGANISME_FORMATION: {
        A.CONSULTER_CATALOGUE,
        A.CONSULTER_ORGANISATION,
        A.GERER_JETONS_API,
        A.INSCRIRE_CANDIDATS,
        A.CONSULTER_INSCRIPTIONS,
    },
    Role.BRANCHE_SYNDICALE: {A.CONSULTER_CATALOGUE, A.CONSULTER_ORGANISATION, A.DESIGNER_MEMBRES_JURY},
    Role.MEMBRE_JURY: {A.CONSULTER_CATALOGUE},
    Role.CANDIDAT: {A.CONSULTER_CATALOGUE, A.CONSULTER_SON_ESPACE, A.DEPOSER_VAE, A.CONSULTER_VAE},
}
DOUBLE_FACTEUR = {Role.SECRETARIAT_GTP, Role.MEMBRE_GTP, Role.MEMBRE_JURY}  # the jury president signs (R-JURY-10)


def organisation_du_role(role):
    return {
        Role.SECRETARIAT_GTP: None,
        Role.MEMBRE_GTP: None,
        Role.TERRITORIALE: lambda: TerritorialeFactory(departement="69"),
        Role.ENTREPRISE: EntrepriseFactory,
        Role.ORGANISME_FORMATION: lambda: OrganisationFactory(type=TypeOrganisation.ORGANISME_FORMATION),
        Role.BRANCHE_SYNDICALE: BrancheSyndicaleFactory,
        Role.MEMBRE_JURY: None,
        Role.CANDIDAT: None,
    }[role]


def utilisateur(role, *, verifie=True):
    if role == ANONYME:
        return AnonymousUser()
    fabrique = organisation_du_role(role)
    u = UtilisateurFactory(role=role, role__organisation=fabrique() if fabrique else None)
    return verifie_par_otp(u) if verifie else u


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", [ANONYME, *Role])
def test_role_action_matrix_ACCES(role, action):
    assert peut(utilisateur(role), action) is (action in AUTORISE[role])


def test_the_expected_table_covers_every_role_and_action():
    assert set(AUTORISE) == {ANONYME, *Role}
    assert set().union(*AUTORISE.values()) == set(Action)


@pytest.mark.parametrize("role", sorted(DOUBLE_FACTEUR))
@pytest.mark.parametrize("action", list(Action))
def test_double_factor_role_counts_only_once_otp_verified(role, action):
    non_verifie = utilisateur(role, verifie=False)
    assert peut(non_verifie, action) is (action == A.CONSULTER_CATALOGUE)
    assert roles(non_verifie) == set()


def test_unverified_staff_keeps_his_other_roles():
    u = UtilisateurFactory(role=Role.MEMBRE_GTP)
    u.habilitations.create(role=Role.CANDIDAT)
    assert roles(u) == {Role.CANDIDAT}
    assert roles(verifie_par_otp(u)) == {Role.MEMBRE_GTP, Role.CANDIDAT}


def test_system_may_do_everything():
    assert all(peut(SYSTEME, action) for action in Action)
    exiger(SYSTEME, A.ADMINISTRER)


def test_none_is_never_taken_for_the_system():
    with pytest.raises(TypeError, match="acteur=SYSTEME"):
        peut(None, A.ADMINISTRER)
    with pytest.raises(TypeError, match="acteur=SYSTEME"):
        perimetre(None, A.CONSULTER_INSCRIPTIONS)


def test_inactive_user_has_no_role():
    u = utilisateur(Role.SECRETARIAT_GTP)
    u.is_active = False
    assert not peut(u, A.ADMINISTRER) and peut(u, A.CONSULTER_CATALOGUE)


def test_refusal_names_the_role_and_the_action():
    u = utilisateur(Role.ENTREPRISE)
    with pytest.raises(AccesRefuse) as exc:
        exiger(u, A.GERER_ORGANISATIONS)
    assert exc.value.message == (
        "Accès refusé : le rôle « Contact entreprise » ne permet pas l'action « Gérer les organisations »."
    )
    assert exc.value.rule == "ACCES" and exc.value.status_code == 403


def test_refusal_of_the_anonymous_asks_to_log_in():
    with pytest.raises(AccesRefuse, match=r"visiteur non connecté .* « Consulter une organisation » ; connectez-vous"):
        exiger(AnonymousUser(), A.CONSULTER_ORGANISATION)


def test_refusal_of_unverified_staff_asks_for_the_code():
    with pytest.raises(AccesRefuse, match="« Secrétariat du GTP « Qualifications » » n'est reconnu qu'après"):
        exiger(utilisateur(Role.SECRETARIAT_GTP, verifie=False), A.ADMINISTRER)


def test_refusal_without_any_habilitation():
    with pytest.raises(AccesRefuse, match="aucune habilitation permettant l'action « Administrer le site »"):
        exiger(UtilisateurFactory(), A.ADMINISTRER)


# Scoping: which organisations each role sees.


@pytest.fixture
def monde():
    return {
        "t69": TerritorialeFactory(departement="69"),
        "t75": TerritorialeFactory(departement="75"),
        "e1": EntrepriseFactory(),
        "e2": EntrepriseFactory(),
        "of": OrganisationFactory(type=TypeOrganisation.ORGANISME_FORMATION),
        "b69": BrancheSyndicaleFactory(departement="69"),
    }


@pytest.mark.parametrize(
    ("role", "cle", "visibles"),
    [
        (Role.TERRITORIALE, "t69", {"t69"}),
        (Role.ENTREPRISE, "e1", {"e1"}),
        (Role.ORGANISME_FORMATION, "of", {"of"}),
        (Role.BRANCHE_SYNDICALE, "b69", {"b69"}),
    ],
)
def test_scoped_roles_see_only_their_own_organisation_ACCES(monde, role, cle, visibles):
    u = UtilisateurFactory(role=role, role__organisation=monde[cle])
    assert set(organisations_visibles(u)) == {monde[c] for c in visibles}
    for nom, org in monde.items():
        assert peut(u, A.CONSULTER_ORGANISATION, org) is (nom in visibles)
    autre = next(org for nom, org in monde.items() if nom not in visibles)
    with pytest.raises(AccesRefuse, match=r"que pour sa propre organisation .* hors de ce périmètre"):
        exiger(u, A.CONSULTER_ORGANISATION, autre)


def test_union_branch_contact_does_not_see_the_national_union(monde):
    u = UtilisateurFactory(role=Role.BRANCHE_SYNDICALE, role__organisation=monde["b69"])
    assert not peut(u, A.CONSULTER_ORGANISATION, monde["b69"].parent)


@pytest.mark.parametrize("role", sorted(DOUBLE_FACTEUR - {Role.MEMBRE_JURY}))
def test_gtp_roles_see_every_organisation_once_verified(monde, role):
    assert set(organisations_visibles(utilisateur(role))) == set(Organisation.objects.all())
    assert not organisations_visibles(utilisateur(role, verifie=False)).exists()


@pytest.mark.parametrize("role", [ANONYME, Role.MEMBRE_JURY, Role.CANDIDAT])
def test_others_see_no_organisation(monde, role):
    assert not organisations_visibles(utilisateur(role)).exists()


def test_a_person_with_two_habilitations_sees_both_organisations(monde):
    u = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=monde["t69"])
    u.habilitations.create(role=Role.ENTREPRISE, organisation=monde["e2"])
    assert set(organisations_visibles(u)) == {monde["t69"], monde["e2"]}


@dataclass
class Dossier:
    """Any object of a later issue (a candidate's dossier…) scoped through the Concerne protocol."""

    centre: Organisation
    entreprise: Organisation

    def organisations_concernees(self):
        return [self.centre, self.entreprise]


def test_scope_follows_the_organisations_an_object_concerns(monde):
    dossier = Dossier(monde["t69"], monde["e1"])
    t69 = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=monde["t69"])
    t75 = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=monde["t75"])
    assert peut(t69, A.CONSULTER_BROUILLONS, dossier)
    assert not peut(t75, A.CONSULTER_BROUILLONS, dossier)
    assert peut(utilisateur(Role.MEMBRE_GTP), A.CONSULTER_BROUILLONS, dossier)


def test_object_without_scope_protocol_is_refused_to_scoped_roles_only(monde):
    t69 = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=monde["t69"])
    assert not peut(t69, A.CONSULTER_BROUILLONS, object())
    assert peut(utilisateur(Role.MEMBRE_GTP), A.CONSULTER_BROUILLONS, object())


def test_perimetre_filters_any_queryset_by_paths(monde):
    u = UtilisateurFactory(role=Role.BRANCHE_SYNDICALE, role__organisation=monde["b69"])
    qs = perimetre(u, A.CONSULTER_ORGANISATION).filtrer(Organisation.objects.all(), "pk", "parent")
    assert set(qs) == {monde["b69"]}
    syndicat = perimetre(u, A.CONSULTER_ORGANISATION).filtrer(Organisation.objects.all(), "antennes")
    assert set(syndicat) == {monde["b69"].parent}
