"""The « Inviter le candidat dans son espace » button of an inscription's page (PORTAIL): shown to who may invite,
for a candidate with an e-mail address and no account yet; it posts to the invitation the exam centre would send
from « Espaces candidats »."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cqpm.comptes.enums import Role
from cqpm.portail.models import CompteCandidat, Invitation
from tests.factories import InscriptionFactory, TerritorialeFactory, UtilisateurFactory
from tests.portail.outils import texte

pytestmark = pytest.mark.django_db

BOUTON = "Inviter le candidat dans son espace"


@pytest.fixture
def inscription():  # type: ignore[no-untyped-def]
    return InscriptionFactory(candidat__courriel="jean@exemple.fr", centre_examen=TerritorialeFactory(departement="69"))


def fiche(client, utilisateur, inscription) -> str:  # type: ignore[no-untyped-def]
    client.force_login(utilisateur)
    reponse = client.get(reverse("candidats:detail", args=[inscription.pk]))
    assert reponse.status_code == 200
    return texte(reponse)


def test_the_exam_centre_invites_from_the_inscription_page_PORTAIL(client, inscription, taches_immediates):
    centre = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=inscription.centre_examen)
    html = fiche(client, centre, inscription)
    action = reverse("portail:inviter", args=[inscription.candidat_id])
    assert BOUTON in html and f'<form method="post" action="{action}">' in html
    reponse = client.post(action, follow=True)
    assert "Invitation envoyée à jean@exemple.fr" in texte(reponse)
    assert Invitation.objects.get().candidat == inscription.candidat


def test_no_button_without_address_with_an_account_or_without_the_right_PORTAIL(client, inscription):
    centre = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=inscription.centre_examen)
    entreprise = UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=inscription.entreprise)
    assert BOUTON not in fiche(client, entreprise, inscription)  # may read the inscription, not invite
    CompteCandidat.objects.create(utilisateur=UtilisateurFactory(role=Role.CANDIDAT), candidat=inscription.candidat)
    assert BOUTON not in fiche(client, centre, inscription)
    sans_courriel = InscriptionFactory(candidat__courriel="", centre_examen=inscription.centre_examen)
    assert BOUTON not in fiche(client, centre, sans_courriel)
