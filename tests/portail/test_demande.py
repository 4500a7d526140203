"""Sign-up (PORTAIL): a person without an account asks for one, confirms from the link received by e-mail, and is
linked to his identical register entry or gets a new one; the page never tells what the register holds."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cqpm.candidats.models import Candidat
from cqpm.portail.models import CompteCandidat, DemandeCompte
from cqpm.portail.services import DEMANDES_PAR_ADRESSE, candidat_de
from tests.factories import CandidatFactory, CompteCandidatFactory, InscriptionFactory
from tests.portail.outils import creer_compte, lien_recu, liens, page_comparable, secret_du_lien, texte

pytestmark = pytest.mark.django_db

COURRIEL = "lea.martin@exemple.fr"
MESSAGE = "Demande enregistrée. Si ces informations permettent de créer un espace"


def formulaire(**autres: str) -> dict[str, str]:
    return {
        "courriel": COURRIEL,
        "nom": "Martin",
        "prenoms": "Léa Anne",
        "date_naissance": "1994-03-08",
        "commune_naissance": "Villeurbanne",
        "departement_naissance": "69",
        "pays_naissance": "France",
        **autres,
    }


@pytest.fixture
def demander(client: Client, serveur_smtp, taches_immediates, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def envoyer(**autres: str):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("portail:demande"), formulaire(**autres), follow=True)

    return envoyer


def test_the_confirmed_sign_up_links_the_identical_candidate_PORTAIL(demander, serveur_smtp):
    inscription = InscriptionFactory(
        candidat=CandidatFactory(
            nom="MARTIN", prenoms="Lea Anne", date_naissance=datetime.date(1994, 3, 8), courriel="Lea.Martin@exemple.fr"
        )
    )
    reponse = demander()
    assert MESSAGE in texte(reponse)
    chemin = lien_recu(serveur_smtp, COURRIEL)
    assert chemin.startswith("/espace/inscription/")
    assert not [v for v in map(str, DemandeCompte.objects.values_list()) if secret_du_lien(chemin) in v]
    assert Client().get(chemin).status_code == 200
    assert creer_compte(Client(), chemin, identifiant="lea").status_code == 302
    compte = CompteCandidat.objects.get()
    assert compte.candidat == inscription.candidat and candidat_de(compte.utilisateur) == inscription.candidat
    assert Candidat.objects.count() == 1
    assert DemandeCompte.objects.get().candidat == inscription.candidat


def test_without_an_identical_candidate_a_new_one_is_created_PORTAIL(demander, serveur_smtp):
    homonyme = CandidatFactory(nom="Martin", prenoms="Léa Anne", date_naissance=datetime.date(1994, 3, 8))
    demander()
    creer_compte(Client(), lien_recu(serveur_smtp, COURRIEL), identifiant="lea")
    nouveau = CompteCandidat.objects.get().candidat
    assert nouveau != homonyme
    assert (nouveau.nom, nouveau.prenoms, nouveau.courriel) == ("Martin", "Léa Anne", COURRIEL)
    assert (nouveau.commune_naissance, nouveau.departement_naissance) == ("Villeurbanne", "69")
    assert not CompteCandidat.objects.filter(candidat=homonyme).exists()  # a duplicate for staff to merge


def test_an_entry_that_already_has_an_account_is_not_linked_twice_PORTAIL(demander, serveur_smtp):
    deja = CompteCandidatFactory(
        candidat__nom="Martin", candidat__prenoms="Léa Anne", candidat__date_naissance=datetime.date(1994, 3, 8)
    )
    demander(courriel="autre.adresse@exemple.fr")
    creer_compte(Client(), lien_recu(serveur_smtp, "autre.adresse@exemple.fr"), identifiant="lea2")
    assert CompteCandidat.objects.exclude(pk=deja.pk).get().candidat != deja.candidat


def test_the_page_says_the_same_whether_the_address_has_an_account_or_not_PORTAIL(demander, serveur_smtp):
    CompteCandidatFactory(utilisateur__email="connue@exemple.fr", candidat__courriel="connue@exemple.fr")
    inconnue, connue = demander(courriel="inconnue@exemple.fr"), demander(courriel="connue@exemple.fr")
    assert inconnue.status_code == connue.status_code == 200
    assert page_comparable(inconnue) == page_comparable(connue)
    assert liens(serveur_smtp, "inconnue@exemple.fr")
    assert not liens(serveur_smtp, "connue@exemple.fr")  # the owner of the address is reminded he has an account
    (rappel,) = [m for m in serveur_smtp.messages if "connue@exemple.fr" in m.destinataires]
    assert "un espace candidat y est déjà rattaché" in rappel.corps


def test_requests_for_one_address_are_limited_without_saying_so_PORTAIL(demander, serveur_smtp):
    reponses = [demander() for _ in range(DEMANDES_PAR_ADRESSE + 2)]
    assert len({page_comparable(r) for r in reponses}) == 1
    assert len(liens(serveur_smtp, COURRIEL)) == DEMANDES_PAR_ADRESSE
    assert DemandeCompte.objects.count() == DEMANDES_PAR_ADRESSE
    demander(courriel="voisin@exemple.fr")
    assert liens(serveur_smtp, "voisin@exemple.fr")  # the limit is per address
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        demander()
    assert len(liens(serveur_smtp, COURRIEL)) == DEMANDES_PAR_ADRESSE + 1


def test_a_confirmation_link_expires_and_serves_once_PORTAIL(demander, serveur_smtp):
    demander()
    chemin = lien_recu(serveur_smtp, COURRIEL)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, minutes=1)):
        assert "Ce lien a expiré" in texte(Client().get(chemin))
        assert creer_compte(Client(), chemin).status_code == 410
    assert creer_compte(Client(), chemin, identifiant="lea").status_code == 302
    reutilise = creer_compte(Client(), chemin, identifiant="lea-bis")
    assert reutilise.status_code == 410 and "Ce lien a déjà servi" in texte(reutilise)
    assert CompteCandidat.objects.count() == 1


def test_an_invitation_link_does_not_confirm_a_sign_up_PORTAIL(demander, serveur_smtp):
    """Each link is signed for its own use: a sign-up token is refused on the invitation page."""
    demander()
    jeton = lien_recu(serveur_smtp, COURRIEL).rstrip("/").rsplit("/", 1)[-1]
    assert Client().get(reverse("portail:invitation", args=[jeton])).status_code == 404


def test_an_incomplete_or_implausible_civil_status_is_refused_R_REG_04(demander, serveur_smtp):
    reponse = demander(commune_naissance="", date_naissance="2999-01-01")
    assert reponse.status_code == 422
    assert "Indiquez votre commune de naissance." in texte(reponse)
    reponse = demander(date_naissance="2999-01-01")
    assert reponse.status_code == 422 and "Date de naissance invraisemblable" in texte(reponse)
    assert not DemandeCompte.objects.exists() and not serveur_smtp.messages
