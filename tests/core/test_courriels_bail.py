"""The sending lease (rule COURRIEL): a worker holds an e-mail `en cours` until `bail_jusqu_a`; past it, the sending
counts as interrupted and is re-queued; before it, nobody touches it. Each recipient is served once."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from cqpm.audit.models import EntreeAudit
from cqpm.core import tasks
from cqpm.core.acteurs import SYSTEME
from cqpm.core.courriels import relancer_courriels
from cqpm.core.models import CourrielEnvoye, StatutCourriel
from cqpm.core.tasks import envoyer_courriel

MAINTENANT = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
SECONDE = datetime.timedelta(seconds=1)


def courriel_en_cours(bail_jusqu_a: datetime.datetime, remis_a: list[str] | None = None) -> CourrielEnvoye:
    """An e-mail a worker took, as the worker leaves it when it is killed: `en cours`, its lease, partial deliveries."""
    return CourrielEnvoye.objects.create(
        destinataires=["a@uimm.example", "b@uimm.example", "c@uimm.example"],
        sujet="Décision du GTP",
        corps="Bonjour",
        statut=StatutCourriel.EN_COURS,
        remis_a=remis_a or [],
        en_cours_depuis=bail_jusqu_a - datetime.timedelta(minutes=5),
        bail_jusqu_a=bail_jusqu_a,
        jeton_bail="a" * 32,
    )


@pytest.fixture
def horloge():
    with time_machine.travel(MAINTENANT, tick=False):
        yield


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ecart", "repris"),
    [(-SECONDE, True), (datetime.timedelta(0), False), (SECONDE, False)],
    ids=["bail-expire-depuis-1s", "bail-expire-a-l-instant", "bail-encore-1s"],
)
def test_relancer_takes_an_e_mail_only_once_its_lease_has_expired_COURRIEL(
    horloge, django_capture_on_commit_callbacks, ecart, repris
):
    courriel = courriel_en_cours(MAINTENANT + ecart, remis_a=["a@uimm.example"])
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        relances = relancer_courriels(acteur=SYSTEME)
    courriel.refresh_from_db()
    if repris:
        assert relances == [courriel.pk]
        assert len(rappels) == 1
        assert (courriel.statut, courriel.bail_jusqu_a, courriel.jeton_bail) == (StatutCourriel.PROGRAMME, None, "")
        assert courriel.remis_a == ["a@uimm.example"]
        entree = EntreeAudit.objects.get(action="courriel.relance")
        assert entree.avant["statut"] == StatutCourriel.EN_COURS
        assert entree.avant["remis_a"] == ["a@uimm.example"]
    else:
        assert (relances, rappels) == ([], [])
        assert (courriel.statut, courriel.bail_jusqu_a) == (StatutCourriel.EN_COURS, MAINTENANT + ecart)
        assert not EntreeAudit.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("ecart", "envoyes"), [(-SECONDE, 2), (SECONDE, 0)], ids=["expire", "en-vigueur"])
def test_a_task_takes_over_an_expired_lease_only_and_serves_only_the_recipients_left_COURRIEL(
    serveur_smtp, ecart, envoyes
):
    courriel = courriel_en_cours(timezone.now() + ecart, remis_a=["a@uimm.example"])
    assert envoyer_courriel.call(courriel.pk) == envoyes
    courriel.refresh_from_db()
    assert sorted(serveur_smtp.destinataires()) == (["b@uimm.example", "c@uimm.example"] if envoyes else [])
    if envoyes:
        assert (courriel.statut, courriel.remis_a) == (StatutCourriel.ENVOYE, [f"{x}@uimm.example" for x in "abc"])
        assert (courriel.bail_jusqu_a, courriel.en_cours_depuis, courriel.jeton_bail) == (None, None, "")
    else:
        assert courriel.statut == StatutCourriel.EN_COURS


@pytest.mark.django_db(transaction=True)
def test_the_lease_is_renewed_after_each_recipient_and_each_delivery_is_recorded_at_once(serveur_smtp, monkeypatch):
    vus: list[tuple[list[str], datetime.datetime | None, str]] = []
    noter = tasks._noter_remise

    def noter_et_observer(courriel_id: int, jeton: str, adresse: str) -> None:
        noter(courriel_id, jeton, adresse)
        ligne = CourrielEnvoye.objects.get(pk=courriel_id)
        vus.append((ligne.remis_a, ligne.bail_jusqu_a, ligne.statut))

    monkeypatch.setattr(tasks, "_noter_remise", noter_et_observer)
    courriel = CourrielEnvoye.objects.create(destinataires=["a@uimm.example", "b@uimm.example"], sujet="S", corps="C")
    debut = timezone.now()
    assert envoyer_courriel.call(courriel.pk) == 2
    assert [(remis, statut) for remis, _, statut in vus] == [
        (["a@uimm.example"], StatutCourriel.EN_COURS),
        (["a@uimm.example", "b@uimm.example"], StatutCourriel.EN_COURS),
    ]
    for _, bail, _ in vus:
        assert bail is not None and bail >= debut + datetime.timedelta(seconds=tasks.DUREE_BAIL)


@pytest.mark.django_db(transaction=True)
def test_a_worker_whose_lease_was_taken_over_records_its_delivery_and_stops(serveur_smtp, monkeypatch):
    """Held past its lease (another task took the e-mail), a worker keeps the delivery it made and sends no more."""
    noter = tasks._noter_remise

    def noter_puis_perdre_le_bail(courriel_id: int, jeton: str, adresse: str) -> None:
        CourrielEnvoye.objects.filter(pk=courriel_id).update(jeton_bail="b" * 32)
        noter(courriel_id, jeton, adresse)

    monkeypatch.setattr(tasks, "_noter_remise", noter_puis_perdre_le_bail)
    courriel = CourrielEnvoye.objects.create(destinataires=["a@uimm.example", "b@uimm.example"], sujet="S", corps="C")
    assert envoyer_courriel.call(courriel.pk) == 1
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.remis_a, courriel.tentatives) == (StatutCourriel.EN_COURS, ["a@uimm.example"], 0)
    assert serveur_smtp.destinataires() == {"a@uimm.example"}


@pytest.mark.django_db
def test_the_daily_jobs_requeue_interrupted_sendings_but_not_failures(horloge, django_capture_on_commit_callbacks):
    interrompu = courriel_en_cours(MAINTENANT - SECONDE)
    en_echec = CourrielEnvoye.objects.create(destinataires=["a@uimm.example"], sujet="S", corps="C", statut="echec")
    sortie = StringIO()
    with django_capture_on_commit_callbacks(execute=False):
        call_command("taches_quotidiennes", stdout=sortie)
    assert sortie.getvalue().splitlines()[0] == (
        f"Courriels : 1 envoi(s) interrompu(s) remis en file d'attente : {interrompu.pk}."
    )
    assert CourrielEnvoye.objects.get(pk=interrompu.pk).statut == StatutCourriel.PROGRAMME
    assert CourrielEnvoye.objects.get(pk=en_echec.pk).statut == StatutCourriel.ECHEC
    assert EntreeAudit.objects.get().acteur_libelle == "Système"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "champs",
    [
        {"statut": "perdu"},
        {"statut": StatutCourriel.EN_COURS},
        {"statut": StatutCourriel.PROGRAMME, "bail_jusqu_a": MAINTENANT, "en_cours_depuis": MAINTENANT},
    ],
    ids=["statut-inconnu", "en-cours-sans-bail", "bail-hors-envoi"],
)
def test_the_database_holds_the_states_and_the_lease_together(champs):
    with pytest.raises(IntegrityError), transaction.atomic():
        CourrielEnvoye.objects.create(destinataires=["a@uimm.example"], sujet="S", corps="C", **champs)
