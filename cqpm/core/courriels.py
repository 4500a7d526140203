"""Scheduling notification e-mails: the one entry point every feature calls (`programmer_courriel`).

The e-mail is recorded inside the caller's transaction and handed to the task queue only once that transaction
commits: a rolled-back action leaves no trace and sends nothing, a committed one always has its row, whatever
becomes of the delivery.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.core.errors import RegleViolee
from cqpm.core.models import CourrielEnvoye, StatutCourriel
from cqpm.core.tasks import envoyer_courriel

logger = logging.getLogger(__name__)


def programmer_courriel(*, destinataires: list[str], sujet: str, corps: str, reference: str = "") -> None:
    """Record an e-mail to `destinataires` and enqueue its sending after the current transaction commits."""
    adresses = _adresses_valides(destinataires)
    sujet = sujet.strip()
    if not sujet or "\n" in sujet or "\r" in sujet:
        raise RegleViolee("COURRIEL", "Le sujet du courriel est obligatoire et tient sur une ligne.", champ="sujet")
    if not corps.strip():
        raise RegleViolee("COURRIEL", "Le corps du courriel est vide.", champ="corps")
    courriel = CourrielEnvoye.objects.create(
        destinataires=adresses, sujet=sujet[:255], corps=corps, reference=reference[:120]
    )
    mettre_en_file(courriel.pk)


def mettre_en_file(courriel_id: int) -> None:
    """Enqueue the sending task once the current transaction (if any) commits."""
    transaction.on_commit(lambda: _enfiler(courriel_id))


def _enfiler(courriel_id: int) -> None:
    """The action has committed: a queue that cannot be reached must not turn it into an error page. The e-mail
    goes to `échec` instead, so `relancer_courriels` picks it up."""
    try:
        envoyer_courriel.enqueue(courriel_id)
    except Exception as exc:
        logger.exception("Mise en file du courriel %s impossible", courriel_id)
        CourrielEnvoye.objects.filter(pk=courriel_id).update(
            statut=StatutCourriel.ECHEC, derniere_erreur=f"File des tâches : {type(exc).__name__}: {exc}"
        )


def relancer_courriels(
    *, acteur: Any = None, max_tentatives: int | None = None, ids: Iterable[int] | None = None
) -> list[int]:
    """Put failed e-mails back in the queue (all of them, or those of `ids`); return the ids re-enqueued.

    Each row moves from `échec` to `programmé` by a conditional update before its task is enqueued, so two
    concurrent relaunches never enqueue the same e-mail twice. `max_tentatives` leaves aside the e-mails that
    already failed that many times (an address the server keeps refusing needs a human, not another try).
    """
    echecs = CourrielEnvoye.objects.filter(statut=StatutCourriel.ECHEC)
    if ids is not None:
        echecs = echecs.filter(pk__in=list(ids))
    if max_tentatives is not None:
        echecs = echecs.filter(tentatives__lt=max_tentatives)
    relances: list[int] = []
    for courriel in echecs.order_by("pk"):
        with transaction.atomic():
            pris = CourrielEnvoye.objects.filter(pk=courriel.pk, statut=StatutCourriel.ECHEC).update(
                statut=StatutCourriel.PROGRAMME
            )
            if not pris:
                continue
            journaliser(
                acteur=acteur,
                action=EvenementAudit.COURRIEL_RELANCE,
                objet=courriel,
                avant={"statut": StatutCourriel.ECHEC, "tentatives": courriel.tentatives},
                apres={"statut": StatutCourriel.PROGRAMME},
            )
            mettre_en_file(courriel.pk)
        relances.append(courriel.pk)
    return relances


def _adresses_valides(destinataires: list[str]) -> list[str]:
    """The addresses, stripped and deduplicated in order; any invalid one refuses the whole e-mail."""
    if isinstance(destinataires, str) or not destinataires:
        raise RegleViolee("COURRIEL", "Un courriel doit avoir au moins un destinataire.", champ="destinataires")
    adresses: list[str] = []
    invalides: list[str] = []
    for brute in destinataires:
        adresse = str(brute).strip()
        try:
            validate_email(adresse)
        except ValidationError:
            invalides.append(adresse)
            continue
        if adresse.lower() not in {a.lower() for a in adresses}:
            adresses.append(adresse)
    if invalides:
        raise RegleViolee(
            "COURRIEL",
            f"Adresse électronique invalide : {', '.join(repr(a) for a in invalides)}.",
            champ="destinataires",
            details=[{"adresse": a} for a in invalides],
        )
    return adresses
