"""Invitations (PORTAIL): the exam centre invites a candidate, the link received through a real SMTP server opens
his account once and until it expires; only a digest of the token is kept."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.comptes.enums import Role
from cqpm.comptes.models import Utilisateur
from cqpm.core.models import CourrielEnvoye
from cqpm.portail.masquage import MASQUE
from cqpm.portail.models import CompteCandidat, Invitation
from cqpm.portail.services import candidat_de
from tests.api.conftest import connecter
from tests.factories import (
    CompteCandidatFactory,
    EntrepriseFactory,
    InscriptionFactory,
    TerritorialeFactory,
    UtilisateurFactory,
)
from tests.portail.outils import MOT_DE_PASSE, creer_compte, lien_recu, liens, secret_du_lien, texte

pytestmark = pytest.mark.django_db

COURRIEL = "jean.dupont@exemple.fr"


@pytest.fixture
def inscription():  # type: ignore[no-untyped-def]
    return InscriptionFactory(candidat__courriel=COURRIEL, centre_examen=TerritorialeFactory(departement="69"))


@pytest.fixture
def centre(client: Client, inscription) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=inscription.centre_examen))
    return client


def inviter(client: Client, candidat, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(reverse("portail:inviter", args=[candidat.pk]))


@pytest.fixture
def envoi(serveur_smtp, taches_immediates, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    return django_capture_on_commit_callbacks


def test_the_link_received_by_email_opens_the_candidate_account_PORTAIL(centre, inscription, serveur_smtp, envoi):
    reponse = inviter(centre, inscription.candidat, envoi)
    assert reponse.status_code == 302
    assert "Invitation envoyée à jean.dupont@exemple.fr" in texte(centre.get(reponse.url))
    (message,) = serveur_smtp.messages
    assert message.destinataires == [COURRIEL] and message.sujet == "Votre espace candidat CQPM"
    chemin = lien_recu(serveur_smtp, COURRIEL)
    assert liens(serveur_smtp, COURRIEL)[0].startswith("http://testserver/espace/invitation/")

    anonyme = Client()
    page = anonyme.get(chemin)
    assert page.status_code == 200 and "Créer mon espace candidat" in texte(page)
    reponse = creer_compte(anonyme, chemin)
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("comptes:connexion"))

    compte = Utilisateur.objects.get(username="jean.dupont")
    assert set(compte.habilitations.values_list("role", flat=True)) == {Role.CANDIDAT}
    assert candidat_de(compte) == inscription.candidat and compte.email == COURRIEL
    assert Invitation.objects.get().utilisee_le is not None
    connexion = anonyme.post(reponse.url, {"username": "jean.dupont", "password": MOT_DE_PASSE}, follow=True)
    espace = texte(connexion)
    assert connexion.redirect_chain[-1][0] == reverse("portail:espace")
    assert inscription.qualification.intitule in espace and inscription.centre_examen.nom in espace


def test_a_used_link_is_refused_and_opens_no_second_account_PORTAIL(centre, inscription, serveur_smtp, envoi):
    inviter(centre, inscription.candidat, envoi)
    chemin = lien_recu(serveur_smtp, COURRIEL)
    creer_compte(Client(), chemin)
    page = Client().get(chemin)
    assert page.status_code == 410 and "Ce lien a déjà servi" in texte(page)
    assert creer_compte(Client(), chemin, identifiant="autre").status_code == 410
    assert Utilisateur.objects.filter(habilitations__role=Role.CANDIDAT).count() == 1


def test_an_expired_link_is_refused_PORTAIL(centre, inscription, serveur_smtp, envoi):
    inviter(centre, inscription.candidat, envoi)
    chemin = lien_recu(serveur_smtp, COURRIEL)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14, minutes=1)):
        page = Client().get(chemin)
        assert page.status_code == 410 and "Ce lien a expiré" in texte(page)
        assert creer_compte(Client(), chemin).status_code == 410
    assert not CompteCandidat.objects.exists()


def test_a_new_invitation_ends_the_previous_link_PORTAIL(centre, inscription, serveur_smtp, envoi):
    inviter(centre, inscription.candidat, envoi)
    inviter(centre, inscription.candidat, envoi)
    premier, second = liens(serveur_smtp, COURRIEL)
    assert premier != second
    assert Client().get(premier.removeprefix("http://testserver")).status_code == 410
    assert Client().get(second.removeprefix("http://testserver")).status_code == 200


def test_a_tampered_link_is_unknown_PORTAIL(centre, inscription, serveur_smtp, envoi):
    inviter(centre, inscription.candidat, envoi)
    chemin = lien_recu(serveur_smtp, COURRIEL)
    secret = secret_du_lien(chemin)
    falsifie = chemin.replace(secret, secret[:-1] + ("A" if secret[-1] != "A" else "B"))
    page = Client().get(falsifie)
    assert page.status_code == 404 and "n'est pas valide" in texte(page)
    assert Client().get(reverse("portail:invitation", args=["nimporte-quoi"])).status_code == 404


def test_the_token_is_stored_only_as_a_digest_PORTAIL(centre, inscription, serveur_smtp, envoi):
    inviter(centre, inscription.candidat, envoi)
    chemin = lien_recu(serveur_smtp, COURRIEL)
    jeton, secret = chemin.rstrip("/").rsplit("/", 1)[-1], secret_du_lien(chemin)
    invitation = Invitation.objects.get()
    assert invitation.jeton_hache == hashlib.sha256(secret.encode()).hexdigest()
    stocke = [
        *map(str, Invitation.objects.values_list()),
        *map(str, EntreeAudit.objects.values_list("avant", "apres", "objet_libelle")),
        *CourrielEnvoye.objects.values_list("corps", flat=True),
    ]
    assert not [s for s in stocke if secret in s or jeton in s]
    courriel = CourrielEnvoye.objects.get()
    assert MASQUE in courriel.corps  # delivered: the outbox keeps no working link
    masquage = EntreeAudit.objects.get(action=EvenementAudit.COURRIEL_LIENS_MASQUES)  # ...and the log says so
    assert (masquage.objet_type, masquage.objet_id) == ("core.CourrielEnvoye", str(courriel.pk))


def test_the_exam_centre_invites_only_its_own_candidates_PORTAIL(inscription, serveur_smtp, envoi):
    autre_centre = Client()
    autre_centre.force_login(UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=TerritorialeFactory()))
    assert inviter(autre_centre, inscription.candidat, envoi).status_code == 404
    assert inscription.candidat.nom not in texte(autre_centre.get(reverse("portail:invitations")))
    entreprise = Client()
    entreprise.force_login(UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=EntrepriseFactory()))
    assert inviter(entreprise, inscription.candidat, envoi).status_code == 403
    assert not Invitation.objects.exists() and not serveur_smtp.messages


def test_the_secretariat_invites_any_candidate_PORTAIL(inscription, serveur_smtp, envoi):
    secretariat = connecter(Client(), UtilisateurFactory(role=Role.SECRETARIAT_GTP), verifie=True)
    assert inviter(secretariat, inscription.candidat, envoi).status_code == 302
    assert serveur_smtp.destinataires() == {COURRIEL}


def test_a_candidate_without_address_or_with_an_account_is_not_invited_PORTAIL(centre, serveur_smtp, envoi):
    sans_courriel = InscriptionFactory(candidat__courriel="").candidat
    reponse = inviter(centre, sans_courriel, envoi)
    assert reponse.status_code == 422 and "n'a pas d'adresse électronique" in texte(reponse)
    deja = CompteCandidatFactory().candidat
    InscriptionFactory(candidat=deja)
    reponse = inviter(centre, deja, envoi)
    assert reponse.status_code == 422 and "a déjà un compte" in texte(reponse)
    assert not serveur_smtp.messages


def test_the_password_must_satisfy_django_validators_PORTAIL(centre, inscription, serveur_smtp, envoi):
    inviter(centre, inscription.candidat, envoi)
    chemin = lien_recu(serveur_smtp, COURRIEL)
    reponse = creer_compte(Client(), chemin, mot_de_passe="123456")
    assert reponse.status_code == 422
    assert 'aria-invalid="true"' in texte(reponse) and "Mot de passe refusé" in texte(reponse)
    UtilisateurFactory(username="pris")
    assert "est déjà pris" in texte(creer_compte(Client(), chemin, identifiant="Pris"))
    assert not CompteCandidat.objects.exists()
    assert Invitation.objects.get().utilisee_le is None
