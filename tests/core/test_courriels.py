"""Scheduling e-mails (rule COURRIEL): validated, recorded, sent only after the action commits, never twice."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from cqpm.core.courriels import Fichier, programmer_courriel
from cqpm.core.errors import RegleViolee
from cqpm.core.models import CourrielEnvoye, PieceJointeCourriel, StatutCourriel
from cqpm.core.tasks import envoyer_courriel

SUJET = "Décision du GTP : CQPM « Opérateur régleur » créé"
CORPS = "Bonjour,\n\nLe Groupe technique paritaire a décidé la création du CQPM.\nÀ bientôt.\n"


def programmer(destinataires: list[str], **kwargs: str) -> CourrielEnvoye:
    programmer_courriel(destinataires=destinataires, sujet=kwargs.get("sujet", SUJET), corps=CORPS, reference="MQ 1")
    return CourrielEnvoye.objects.latest("pk")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "destinataires",
    [[], "gtp@uimm.example", ["gtp@uimm.example", "pas-une-adresse"], ["  "], ["a@b"]],
    ids=["aucun", "chaine", "une-invalide", "blanc", "sans-domaine"],
)
def test_recipients_must_be_a_non_empty_list_of_valid_addresses_COURRIEL(destinataires):
    with pytest.raises(RegleViolee) as erreur:
        programmer_courriel(destinataires=destinataires, sujet=SUJET, corps=CORPS)
    assert erreur.value.rule == "COURRIEL"
    assert erreur.value.champ == "destinataires"
    assert not CourrielEnvoye.objects.exists()


@pytest.mark.django_db
def test_invalid_address_is_named_in_the_french_message_COURRIEL():
    with pytest.raises(RegleViolee, match="Adresse électronique invalide : 'pas-une-adresse'"):
        programmer_courriel(destinataires=["ok@uimm.example", "pas-une-adresse"], sujet=SUJET, corps=CORPS)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sujet", "corps", "champ"),
    [("", CORPS, "sujet"), ("Objet\nBcc: intrus@pirate.example", CORPS, "sujet"), (SUJET, "  \n", "corps")],
    ids=["sujet-vide", "injection-en-tete", "corps-vide"],
)
def test_subject_on_one_line_and_a_body_are_required_COURRIEL(sujet, corps, champ):
    with pytest.raises(RegleViolee) as erreur:
        programmer_courriel(destinataires=["gtp@uimm.example"], sujet=sujet, corps=corps)
    assert (erreur.value.rule, erreur.value.champ) == ("COURRIEL", champ)


@pytest.mark.django_db
def test_addresses_are_trimmed_and_deduplicated():
    courriel = programmer([" gtp@uimm.example", "GTP@uimm.example", "uimm69@uimm.example "])
    assert courriel.destinataires == ["gtp@uimm.example", "uimm69@uimm.example"]
    assert (courriel.statut, courriel.tentatives, courriel.reference) == (StatutCourriel.PROGRAMME, 0, "MQ 1")


@pytest.mark.django_db
def test_the_task_is_enqueued_only_when_the_action_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        courriel = programmer(["gtp@uimm.example"])
        assert not DBTaskResult.objects.exists()
    assert len(rappels) == 1
    rappels[0]()
    tache = DBTaskResult.objects.get()
    assert tache.task_path == "cqpm.core.tasks.envoyer_courriel"
    assert tache.args_kwargs == {"args": [courriel.pk], "kwargs": {}}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_records_nothing_and_sends_nothing(serveur_smtp, taches_immediates):
    with pytest.raises(RegleViolee), transaction.atomic():
        programmer(["gtp@uimm.example"])
        raise RegleViolee("R-TEST", "l'action échoue après avoir programmé son courriel")
    assert not CourrielEnvoye.objects.exists()
    assert serveur_smtp.messages == []


@pytest.mark.django_db(transaction=True)
def test_message_reaches_the_smtp_server_with_french_text_intact(serveur_smtp, taches_immediates, settings):
    with transaction.atomic():
        courriel = programmer(["gtp@uimm.example", "uimm69@uimm.example"])
        assert serveur_smtp.messages == []
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ENVOYE
    assert (courriel.tentatives, courriel.remis_a) == (1, ["gtp@uimm.example", "uimm69@uimm.example"])
    assert courriel.envoye_le is not None
    assert [m.destinataires for m in serveur_smtp.messages] == [["gtp@uimm.example"], ["uimm69@uimm.example"]]
    for recu in serveur_smtp.messages:
        assert recu.sujet == SUJET
        assert recu.corps == CORPS
        assert recu.message["To"] == recu.destinataires[0]
        assert recu.message["From"] == settings.DEFAULT_FROM_EMAIL
        assert recu.message["Auto-Submitted"] == "auto-generated"


@pytest.mark.django_db(transaction=True)
def test_a_refused_recipient_does_not_stop_the_others_and_a_retry_serves_only_him(serveur_smtp, taches_immediates):
    serveur_smtp.refuser("inconnu@uimm.example")
    courriel = programmer(["a@uimm.example", "inconnu@uimm.example", "c@uimm.example"])
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ECHEC
    assert courriel.remis_a == ["a@uimm.example", "c@uimm.example"]
    assert "inconnu@uimm.example refusée par le serveur" in courriel.derniere_erreur
    assert "550" in courriel.derniere_erreur
    serveur_smtp.refusees.clear()
    assert envoyer_courriel.call(courriel.pk) == 1
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ENVOYE, 2)
    assert sorted(d for m in serveur_smtp.messages for d in m.destinataires) == [
        "a@uimm.example",
        "c@uimm.example",
        "inconnu@uimm.example",
    ]


@pytest.mark.django_db(transaction=True)
def test_an_e_mail_already_sent_is_never_sent_again(serveur_smtp, taches_immediates):
    courriel = programmer(["gtp@uimm.example"])
    assert envoyer_courriel.call(courriel.pk) == 0
    assert len(serveur_smtp.messages) == 1


class FileInjoignable:
    def enqueue(self, courriel_id: int) -> None:
        raise ConnectionError("Redis ne répond pas")


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_queue_does_not_break_the_committed_action_and_leaves_the_e_mail_to_relaunch(monkeypatch):
    monkeypatch.setattr("cqpm.core.courriels.envoyer_courriel", FileInjoignable())
    with transaction.atomic():
        courriel = programmer(["gtp@uimm.example"])
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ECHEC
    assert courriel.derniere_erreur == "File des tâches : ConnectionError: Redis ne répond pas"


@pytest.mark.django_db(transaction=True)
def test_attachments_are_recorded_with_the_e_mail_and_reach_every_recipient(serveur_smtp, taches_immediates):
    pdf = b"%PDF-1.7\n\xe9\x00 contenu binaire"
    with transaction.atomic():
        programmer_courriel(
            destinataires=["a@uimm.example", "b@uimm.example"],
            sujet=SUJET,
            corps=CORPS,
            pieces_jointes=[Fichier("proces-verbal.pdf", pdf)],
        )
    courriel = CourrielEnvoye.objects.get()
    assert [(p.nom, bytes(p.contenu)) for p in courriel.pieces_jointes.all()] == [("proces-verbal.pdf", pdf)]
    assert len(serveur_smtp.messages) == 2
    for recu in serveur_smtp.messages:
        (piece,) = list(recu.message.iter_attachments())
        assert (piece.get_filename(), piece.get_content_type()) == ("proces-verbal.pdf", "application/pdf")
        assert piece.get_content() == pdf
        assert recu.corps == CORPS


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_leaves_no_attachment(serveur_smtp, taches_immediates):
    with pytest.raises(RegleViolee), transaction.atomic():
        programmer_courriel(
            destinataires=["a@uimm.example"], sujet=SUJET, corps=CORPS, pieces_jointes=[Fichier("pv.pdf", b"%PDF")]
        )
        raise RegleViolee("R-TEST", "l'action échoue après avoir programmé son courriel")
    assert not PieceJointeCourriel.objects.exists()
