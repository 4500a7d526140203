"""The admin site: the verified secretariat only; saves go through the services; decided versions are frozen."""

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.audit.services import historique, journaliser
from cqpm.comptes.backends import HabilitationsBackend
from cqpm.comptes.enums import Role
from cqpm.comptes.jetons import creer_jeton
from cqpm.core.acteurs import SYSTEME
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import StatutVersion
from cqpm.referentiels.models import InscriptionListe
from tests.factories import (
    TerritorialeFactory,
    UtilisateurFactory,
    VersionFactory,
    referentiel_complet,
    verifie_par_otp,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP)


@pytest.fixture
def admin_client(client, secretariat):
    """A browser session past both steps: password, then a confirmed TOTP device."""
    appareil = TOTPDevice.objects.create(user=secretariat, name="Téléphone", confirmed=True)
    client.force_login(secretariat)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()
    return client


def test_index_shows_the_register_sections_in_french(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    for section in ["Administration du Dispositif CQPM", "Organisations", "Référentiels et catalogue"]:
        assert section in page
    assert "Journal d&#x27;audit" in page or "Journal d'audit" in page


def test_same_session_without_the_otp_device_is_sent_to_the_code_step(client, secretariat):
    TOTPDevice.objects.create(user=secretariat, name="Téléphone", confirmed=True)
    client.force_login(secretariat)
    reponse = client.get(reverse("admin:index"), follow=True)
    assert reponse.redirect_chain[-1][0].startswith(reverse("comptes:verification"))


def test_model_permissions_come_from_the_verified_secretariat_role(secretariat):
    backend = HabilitationsBackend()
    assert not backend.has_perm(secretariat, "organisations.change_organisation")
    verifie_par_otp(secretariat)
    assert backend.has_perm(secretariat, "organisations.change_organisation")
    assert not backend.has_perm(secretariat, "auth.change_group")


def test_organisation_added_in_the_admin_goes_through_the_service(admin_client, secretariat):
    reponse = admin_client.post(
        reverse("admin:organisations_organisation_add"),
        {"type": TypeOrganisation.TERRITORIALE, "nom": "UIMM Corse", "departement": "2a", "active": "on"},
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    org = Organisation.objects.get()
    assert org.departement == "2A"
    assert historique(org).get().action == "organisation.creation"
    assert historique(org).get().acteur == secretariat


def test_organisation_constraint_is_shown_as_a_form_error(admin_client):
    TerritorialeFactory(departement="69")
    reponse = admin_client.post(
        reverse("admin:organisations_organisation_add"),
        {"type": TypeOrganisation.TERRITORIALE, "nom": "Doublon", "departement": "69", "active": "on"},
    )
    assert reponse.status_code == 200
    assert "Une UIMM territoriale existe déjà pour ce département." in reponse.content.decode()


def test_habilitation_inline_grants_through_the_service_and_sets_staff(admin_client, secretariat):
    u = UtilisateurFactory(username="bruno")
    donnees = {
        "username": "bruno",
        "first_name": "Bruno",
        "last_name": "Petit",
        "email": "bruno@exemple.fr",
        "is_active": "on",
        "habilitations-TOTAL_FORMS": "1",
        "habilitations-INITIAL_FORMS": "0",
        "habilitations-0-role": Role.SECRETARIAT_GTP,
        "habilitations-0-organisation": "",
    }
    reponse = admin_client.post(reverse("admin:comptes_utilisateur_change", args=[u.pk]), donnees)
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    u.refresh_from_db()
    assert u.is_staff and u.habilitations.get().role == Role.SECRETARIAT_GTP
    assert historique(u).filter(action="habilitation.attribution", acteur=secretariat).exists()


def test_habilitation_inline_refuses_an_organisation_of_the_wrong_kind(admin_client):
    u = UtilisateurFactory(username="bruno")
    territoriale = TerritorialeFactory(departement="69")
    donnees = {
        "username": "bruno",
        "is_active": "on",
        "habilitations-TOTAL_FORMS": "1",
        "habilitations-INITIAL_FORMS": "0",
        "habilitations-0-role": Role.ENTREPRISE,
        "habilitations-0-organisation": territoriale.pk,
    }
    reponse = admin_client.post(reverse("admin:comptes_utilisateur_change", args=[u.pk]), donnees)
    assert reponse.status_code == 200
    assert "type « Entreprise »" in reponse.content.decode()
    assert not u.habilitations.exists()


def test_decided_version_cannot_be_changed_in_the_admin_R_REF_03(admin_client):
    version = referentiel_complet()
    url = reverse("admin:referentiels_versionreferentiel_change", args=[version.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="intitule"' not in page and "_save" not in page
    reponse = admin_client.post(url, {"intitule": "Falsifié", "numero": 1})
    assert reponse.status_code == 403
    version.refresh_from_db()
    assert version.intitule != "Falsifié"
    suppression = reverse("admin:referentiels_versionreferentiel_delete", args=[version.pk])
    assert admin_client.post(suppression, {"post": "yes"}).status_code == 403


def test_capacities_of_a_decided_version_are_frozen_too_R_REF_03(admin_client):
    version = referentiel_complet()
    capacite = version.capacites.first()
    url = reverse("admin:referentiels_capacite_change", args=[capacite.pk])
    assert admin_client.post(url, {"intitule": "Falsifiée"}).status_code == 403


def test_draft_version_is_editable_in_the_admin(admin_client):
    version = VersionFactory(statut=StatutVersion.BROUILLON, date_decision=None, date_application=None)
    page = admin_client.get(reverse("admin:referentiels_versionreferentiel_change", args=[version.pk]))
    assert 'name="intitule"' in page.content.decode()


def test_qualification_page_lists_versions_read_only(admin_client):
    version = referentiel_complet()
    page = admin_client.get(reverse("admin:referentiels_qualification_change", args=[version.qualification.pk]))
    texte = page.content.decode()
    assert version.intitule in texte and 'name="versions-0-intitule"' not in texte
    assert 'name="numero"' not in texte


def test_list_stay_cannot_be_deleted_R_LIST_03(admin_client):
    version = referentiel_complet()
    stay = InscriptionListe.objects.create(qualification=version.qualification, liste="A", debut=version.date_decision)
    url = reverse("admin:referentiels_inscriptionliste_delete", args=[stay.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert InscriptionListe.objects.filter(pk=stay.pk).exists()


def test_admin_edit_of_a_model_without_service_is_audited(admin_client, secretariat):
    version = referentiel_complet()
    stay = InscriptionListe.objects.create(qualification=version.qualification, liste="A", debut=version.date_decision)
    url = reverse("admin:referentiels_inscriptionliste_change", args=[stay.pk])
    reponse = admin_client.post(url, {"fin": "2030-01-01", "motif": "Mise en veille"})
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    entree = historique(stay).get()
    assert entree.action == "admin.modification" and entree.acteur == secretariat
    assert entree.avant == {"fin": None, "motif": ""}
    assert entree.apres == {"fin": "2030-01-01", "motif": "Mise en veille"}


def test_audit_log_is_read_only_in_the_admin(admin_client):
    org = TerritorialeFactory()
    entree = journaliser(acteur=SYSTEME, action=EvenementAudit.ORGANISATION_MODIFICATION, objet=org)
    url = reverse("admin:audit_entreeaudit_change", args=[entree.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"action": "falsifiée"}).status_code == 403
    assert EntreeAudit.objects.get(pk=entree.pk).action == EvenementAudit.ORGANISATION_MODIFICATION


def test_secretariat_revokes_a_token_from_the_admin_through_the_token_service(admin_client, secretariat):
    jeton, _ = creer_jeton(UtilisateurFactory(), "Logiciel de la territoriale", acteur=SYSTEME)
    reponse = admin_client.post(
        reverse("admin:comptes_jetonapi_changelist"), {"action": "revoquer", "_selected_action": [jeton.pk]}
    )
    assert reponse.status_code == 302
    jeton.refresh_from_db()
    assert jeton.revoque_le is not None
    assert historique(jeton).filter(action="jeton_api.revocation", acteur=secretariat).exists()
