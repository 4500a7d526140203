"""`@action_requise`: how a page guarded by the matrix answers each kind of visitor (ACCES)."""

import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.enums import Role
from cqpm.comptes.permissions import Action
from tests.factories import TerritorialeFactory, UtilisateurFactory, verifie_par_otp

pytestmark = pytest.mark.django_db


@action_requise(Action.CONSULTER_JOURNAL_AUDIT)
def journal(request):
    return HttpResponse("journal")


def visite(utilisateur):
    requete = RequestFactory().get("/journal/?page=2")
    requete.user = utilisateur
    requete.session = SessionStore()
    return journal(requete)


def test_allowed_user_gets_the_page():
    reponse = visite(verifie_par_otp(UtilisateurFactory(role=Role.SECRETARIAT_GTP)))
    assert reponse.status_code == 200 and reponse.content == b"journal"


def test_anonymous_is_sent_to_the_login_page_and_back():
    reponse = visite(AnonymousUser())
    assert reponse.status_code == 302
    assert reponse["Location"] == "/comptes/connexion/?next=/journal/%3Fpage%3D2"


def test_staff_still_owing_the_code_is_sent_to_the_second_step():
    u = UtilisateurFactory(role=Role.SECRETARIAT_GTP)
    TOTPDevice.objects.create(user=u, name="Téléphone", confirmed=True)
    reponse = visite(u)
    assert reponse["Location"] == "/comptes/connexion/code/?next=%2Fjournal%2F%3Fpage%3D2"


def test_staff_without_device_is_sent_to_enrolment():
    reponse = visite(UtilisateurFactory(role=Role.MEMBRE_GTP))
    assert reponse["Location"].startswith("/comptes/connexion/activation-double-facteur/")


def test_other_roles_get_a_french_403_naming_role_and_action():
    u = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=TerritorialeFactory())
    reponse = visite(u)
    assert reponse.status_code == 403
    texte = html.unescape(reponse.content.decode())
    assert "« Personnel d'une UIMM territoriale » ne permet pas l'action « Consulter le journal d'audit »" in texte
