"""The admin of sent e-mails: read-only for the verified secretariat, whose one action is to relaunch failures."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from cqpm.audit.services import historique
from cqpm.comptes.enums import Role
from cqpm.core.models import CourrielEnvoye, StatutCourriel
from tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

SECONDE = datetime.timedelta(seconds=1)


@pytest.fixture
def secretariat():
    return UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP)


def connecter(client, utilisateur):
    appareil = TOTPDevice.objects.create(user=utilisateur, name="Téléphone", confirmed=True)
    client.force_login(utilisateur)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()
    return client


def courriel(statut: str) -> CourrielEnvoye:
    return CourrielEnvoye.objects.create(
        destinataires=["uimm69@uimm.example"],
        sujet="Décision du GTP",
        corps="Bonjour",
        statut=statut,
        tentatives=1,
        derniere_erreur="ConnectionRefusedError: [Errno 111] Connection refused" if statut == "echec" else "",
    )


def test_secretariat_sees_the_trace_but_cannot_write_it(client, secretariat):
    connecter(client, secretariat)
    echec = courriel(StatutCourriel.ECHEC)
    liste = client.get(reverse("admin:core_courrielenvoye_changelist"), {"q": "uimm69"})
    assert liste.status_code == 200
    assert "uimm69@uimm.example" in liste.content.decode()
    fiche = client.get(reverse("admin:core_courrielenvoye_change", args=[echec.pk])).content.decode()
    assert "Connection refused" in fiche
    assert client.get(reverse("admin:core_courrielenvoye_add")).status_code == 403
    assert client.post(reverse("admin:core_courrielenvoye_delete", args=[echec.pk]), {"post": "yes"}).status_code == 403
    assert CourrielEnvoye.objects.filter(pk=echec.pk).exists()


def test_relaunch_action_requeues_only_failed_e_mails_and_is_audited(
    client, secretariat, django_capture_on_commit_callbacks
):
    connecter(client, secretariat)
    echec, envoye = courriel(StatutCourriel.ECHEC), courriel(StatutCourriel.ENVOYE)
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("admin:core_courrielenvoye_changelist"),
            {"action": "relancer", "_selected_action": [echec.pk, envoye.pk]},
            follow=True,
        )
    assert "1 courriel(s) remis en file d&#x27;attente." in reponse.content.decode()
    echec.refresh_from_db()
    assert echec.statut == StatutCourriel.PROGRAMME
    assert DBTaskResult.objects.get().args_kwargs["args"] == [echec.pk]
    assert historique(echec).get().acteur == secretariat
    assert not historique(envoye).exists()


def test_relaunch_action_requeues_an_interrupted_sending_not_one_a_live_worker_holds(
    client, secretariat, django_capture_on_commit_callbacks
):
    connecter(client, secretariat)
    maintenant = timezone.now()
    interrompu, vivant = courriel(StatutCourriel.ECHEC), courriel(StatutCourriel.ECHEC)
    for ligne, bail in ((interrompu, maintenant - SECONDE), (vivant, maintenant + 60 * SECONDE)):
        CourrielEnvoye.objects.filter(pk=ligne.pk).update(
            statut=StatutCourriel.EN_COURS, en_cours_depuis=bail - 300 * SECONDE, bail_jusqu_a=bail, jeton_bail="j"
        )
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("admin:core_courrielenvoye_changelist"),
            {"action": "relancer", "_selected_action": [interrompu.pk, vivant.pk]},
            follow=True,
        )
    assert "1 courriel(s) remis en file d&#x27;attente." in reponse.content.decode()
    assert CourrielEnvoye.objects.get(pk=interrompu.pk).statut == StatutCourriel.PROGRAMME
    assert CourrielEnvoye.objects.get(pk=vivant.pk).statut == StatutCourriel.EN_COURS
    assert DBTaskResult.objects.get().args_kwargs["args"] == [interrompu.pk]
