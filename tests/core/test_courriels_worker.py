"""The real path: database queue, `db_worker` as `make run` starts it, SMTP outage and `relancer_courriels`."""

from __future__ import annotations

import shlex
import signal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cqpm.audit.models import EntreeAudit
from cqpm.core.courriels import programmer_courriel
from cqpm.core.models import CourrielEnvoye, StatutCourriel

pytestmark = pytest.mark.django_db(transaction=True)

RUN_SH = Path(__file__).resolve().parents[2] / "scripts" / "run.sh"
SUJET = "Habilitation accordée à l'organisme « Forméca » — décision n° 12"
CORPS = "Madame, Monsieur,\n\nL'habilitation est accordée pour trois ans à compter d'aujourd'hui.\n"


def options_du_worker_de_make_run() -> list[str]:
    """The `db_worker` options scripts/run.sh starts the demo worker with."""
    for ligne in RUN_SH.read_text().splitlines():
        mots = shlex.split(ligne, comments=True)
        if "db_worker" in mots:
            options = mots[mots.index("db_worker") + 1 :]
            return [o for o in options if not o.startswith((">", "2>", "&"))]
    raise AssertionError("scripts/run.sh ne lance pas db_worker")


def worker(*options: str) -> None:
    """Run the worker in this process until the queue is empty, leaving the process's signal handlers as found."""
    gestionnaires = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", *options_du_worker_de_make_run(), *options, "--batch", "--no-startup-delay")
    finally:
        for s, gestionnaire in gestionnaires.items():
            signal.signal(s, gestionnaire)


def programmer(destinataires: list[str]) -> CourrielEnvoye:
    with transaction.atomic():
        programmer_courriel(destinataires=destinataires, sujet=SUJET, corps=CORPS, reference="habilitation 12")
    return CourrielEnvoye.objects.latest("pk")


def test_make_run_starts_the_worker_with_options_of_the_installed_db_worker():
    assert options_du_worker_de_make_run()[:2] == ["--interval", "2"]


def test_the_database_worker_delivers_the_e_mail_with_accents_intact(serveur_smtp):
    courriel = programmer(["of@formeca.example", "uimm69@uimm.example"])
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    assert serveur_smtp.messages == []

    worker()

    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ENVOYE, 1)
    assert sorted(serveur_smtp.destinataires()) == ["of@formeca.example", "uimm69@uimm.example"]
    for recu in serveur_smtp.messages:
        assert (recu.sujet, recu.corps) == (SUJET, CORPS)


def test_a_rolled_back_action_leaves_nothing_for_the_worker(serveur_smtp):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        programmer_courriel(destinataires=["of@formeca.example"], sujet=SUJET, corps=CORPS)
        _ = 1 / 0
    worker()
    assert not DBTaskResult.objects.exists()
    assert not CourrielEnvoye.objects.exists()
    assert serveur_smtp.messages == []


def test_smtp_outage_marks_the_e_mail_failed_and_relancer_courriels_sends_it_once_back(serveur_smtp):
    serveur_smtp.arreter()
    courriel = programmer(["of@formeca.example"])
    worker()

    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ECHEC, 1)
    assert "ConnectionRefusedError" in courriel.derniere_erreur
    tache = DBTaskResult.objects.get()
    assert tache.status == TaskResultStatus.FAILED
    assert tache.exception_class_path == "builtins.ConnectionRefusedError"

    serveur_smtp.demarrer()
    sortie = StringIO()
    call_command("relancer_courriels", stdout=sortie)
    assert f"1 courriel(s) remis en file d'attente : {courriel.pk}." in sortie.getvalue()
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.PROGRAMME
    assert EntreeAudit.objects.get(action="courriel.relance").objet_id == str(courriel.pk)

    worker()

    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ENVOYE, 2)
    assert [m.destinataires for m in serveur_smtp.messages] == [["of@formeca.example"]]
    assert serveur_smtp.messages[0].sujet == SUJET


def test_relancer_courriels_twice_enqueues_a_failed_e_mail_once(serveur_smtp):
    serveur_smtp.arreter()
    programmer(["of@formeca.example"])
    worker()
    call_command("relancer_courriels", stdout=StringIO())
    sortie = StringIO()
    call_command("relancer_courriels", stdout=sortie)
    assert sortie.getvalue().strip() == "Aucun courriel en échec ou interrompu à relancer."
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1


def test_relancer_courriels_leaves_aside_e_mails_that_failed_too_often(serveur_smtp):
    serveur_smtp.arreter()
    courriel = programmer(["of@formeca.example"])
    worker()
    CourrielEnvoye.objects.filter(pk=courriel.pk).update(tentatives=5)
    call_command("relancer_courriels", "--max-tentatives", "5", stdout=StringIO())
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ECHEC
    call_command("relancer_courriels", str(courriel.pk), stdout=StringIO())
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.PROGRAMME
