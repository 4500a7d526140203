"""Scheduling notification e-mails: the one entry point every feature calls (`programmer_courriel`).

The e-mail is recorded inside the caller's transaction and handed to the task queue only once that transaction
commits: a rolled-back action leaves no trace and sends nothing, a committed one always has its row, whatever
becomes of the delivery.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee
from cqpm.core.models import CourrielEnvoye, PieceJointeCourriel, StatutCourriel
from cqpm.core.tasks import bail_expire, envoyer_courriel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fichier:
    """A file to attach to an e-mail."""

    nom: str
    contenu: bytes
    type_mime: str = "application/pdf"


def programmer_courriel(
    *,
    destinataires: list[str],
    sujet: str,
    corps: str,
    reference: str = "",
    pieces_jointes: Sequence[Fichier] = (),
) -> None:
    """Record an e-mail to `destinataires` (with its attachments) and enqueue its sending after the current
    transaction commits."""
    adresses = _adresses_valides(destinataires)
    sujet = sujet.strip()
    if not sujet or "\n" in sujet or "\r" in sujet:
        raise RegleViolee("COURRIEL", "Le sujet du courriel est obligatoire et tient sur une ligne.", champ="sujet")
    if not corps.strip():
        raise RegleViolee("COURRIEL", "Le corps du courriel est vide.", champ="corps")
    courriel = CourrielEnvoye.objects.create(
        destinataires=adresses, sujet=sujet[:255], corps=corps, reference=reference[:120]
    )
    PieceJointeCourriel.objects.bulk_create(
        PieceJointeCourriel(courriel=courriel, nom=f.nom, type_mime=f.type_mime, contenu=f.contenu)
        for f in pieces_jointes
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
    *,
    acteur: Any = None,
    max_tentatives: int | None = None,
    ids: Iterable[int] | None = None,
    echecs: bool = True,
) -> list[int]:
    """Put failed and interrupted e-mails back in the queue (all of them, or those of `ids`); return their ids.

    Interrupted = `en cours` with an expired lease: the worker that was sending it died (`kill -9`, crash). Each
    row moves to `programmé` by a conditional update before its task is enqueued, so two concurrent relaunches
    never enqueue the same e-mail twice, and a live worker (its lease still running) is never disturbed.
    `max_tentatives` leaves aside the failed e-mails that already failed that many times (an address the server
    keeps refusing needs a human, not another try); `echecs=False` takes only the interrupted ones.
    """
    maintenant = timezone.now()
    a_relancer = bail_expire(maintenant)
    if echecs:
        en_echec = Q(statut=StatutCourriel.ECHEC)
        if max_tentatives is not None:
            en_echec &= Q(tentatives__lt=max_tentatives)
        a_relancer |= en_echec
    candidats = CourrielEnvoye.objects.filter(a_relancer)
    if ids is not None:
        candidats = candidats.filter(pk__in=list(ids))
    relances: list[int] = []
    for courriel in candidats.order_by("pk"):
        with transaction.atomic():
            pris = (
                CourrielEnvoye.objects.filter(pk=courriel.pk)
                .filter(Q(statut=StatutCourriel.ECHEC) | bail_expire(maintenant))
                .filter(statut=courriel.statut, jeton_bail=courriel.jeton_bail)
                .update(statut=StatutCourriel.PROGRAMME, en_cours_depuis=None, bail_jusqu_a=None, jeton_bail="")
            )
            if not pris:
                continue
            avant: dict[str, Any] = {"statut": courriel.statut, "tentatives": courriel.tentatives}
            if courriel.statut == StatutCourriel.EN_COURS:
                avant |= {
                    "en_cours_depuis": courriel.en_cours_depuis.isoformat() if courriel.en_cours_depuis else None,
                    "bail_jusqu_a": courriel.bail_jusqu_a.isoformat() if courriel.bail_jusqu_a else None,
                    "remis_a": courriel.remis_a,
                }
            journaliser(
                acteur=acteur,
                action=EvenementAudit.COURRIEL_RELANCE,
                objet=courriel,
                avant=avant,
                apres={"statut": StatutCourriel.PROGRAMME},
            )
            mettre_en_file(courriel.pk)
        relances.append(courriel.pk)
    return relances


def reprendre_courriels_interrompus(le: datetime.date, ecrire: Callable[[str], None]) -> None:
    """Daily job (cqpm.core.quotidien): re-queue the e-mails whose worker died mid-sending."""
    repris = relancer_courriels(acteur=SYSTEME, echecs=False)
    if repris:
        ecrire(
            f"Courriels : {len(repris)} envoi(s) interrompu(s) remis en file d'attente : {', '.join(map(str, repris))}."
        )
    else:
        ecrire("Courriels : aucun envoi interrompu à reprendre.")


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
