"""Background tasks of the core app: delivering the e-mails recorded by `cqpm.core.courriels`.

A worker may die at any moment (`kill -9`, a crash, a machine restart). The sending therefore runs under a lease:
the task takes the row from `programmé` to `en cours` with a token and a deadline (`bail_jusqu_a`), renews the
deadline after each recipient and records each delivery in `remis_a` right after the SMTP server accepted it, in
its own short transaction. A lease that expired means the worker is gone: `relancer_courriels` puts the e-mail back
in the queue and the next task serves only the recipients not yet in `remis_a`.
"""

from __future__ import annotations

import datetime
import smtplib
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from cqpm.core.models import CourrielEnvoye, StatutCourriel

#: Seconds before an unresponsive SMTP server counts as a failure (instead of blocking the worker forever).
DELAI_SMTP = 30

#: Seconds a sending holds its lease without news. Far above the SMTP delay (one message is a handful of
#: exchanges, each bounded by it), so a live worker always renews its lease before anyone takes it over.
DUREE_BAIL = 300


def duree_bail() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "COURRIEL_DUREE_BAIL", DUREE_BAIL))


def bail_expire(maintenant: datetime.datetime | None = None) -> Q:
    """The e-mails whose sending was interrupted: `en cours` and their lease over (strictly before `maintenant`)."""
    return Q(statut=StatutCourriel.EN_COURS, bail_jusqu_a__lt=maintenant or timezone.now())


@task()
def envoyer_courriel(courriel_id: int) -> int:
    """Send a recorded e-mail, one message per recipient not yet served; return how many were delivered.

    Only an e-mail `programmé`, `échec` or `en cours` with an expired lease is taken: a duplicate task, or one
    arriving while another worker sends, does nothing. A recipient refused by the server does not stop the others; a
    connection failure stops the run. Either way the row goes to `échec` with the error and the exception is
    re-raised, so the task result shows the failure and `manage.py relancer_courriels` can try again later.
    """
    jeton = _prendre_bail(courriel_id)
    if jeton is None:
        return 0
    courriel = CourrielEnvoye.objects.get(pk=courriel_id)
    pieces = list(courriel.pieces_jointes.values_list("nom", "contenu", "type_mime"))
    erreurs: list[str] = []
    premiere: Exception | None = None
    livres = 0
    try:
        with get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or DELAI_SMTP) as connexion:
            for adresse in courriel.destinataires:
                if not _a_servir(courriel_id, jeton, adresse):
                    continue
                message = EmailMessage(
                    subject=courriel.sujet,
                    body=courriel.corps,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[adresse],
                    headers={"Auto-Submitted": "auto-generated"},
                    connection=connexion,
                )
                for nom, contenu, type_mime in pieces:
                    message.attach(nom, bytes(contenu), type_mime)
                try:
                    message.send()
                except smtplib.SMTPRecipientsRefused as exc:
                    erreurs.append(f"{adresse} refusée par le serveur : {_texte(exc)}")
                    premiere = premiere or exc
                    continue
                _noter_remise(courriel_id, jeton, adresse)
                livres += 1
    except BailPerdu:
        return livres
    except (smtplib.SMTPException, OSError) as exc:
        erreurs.append(f"Serveur de messagerie : {_texte(exc)}")
        premiere = premiere or exc
    _terminer(courriel_id, jeton, erreurs)
    if premiere is not None:
        raise premiere
    return livres


class BailPerdu(Exception):
    """Another task took the e-mail over (this worker was held past its lease): it stops without writing more."""


def _prendre_bail(courriel_id: int) -> str | None:
    """Take the e-mail for this task (conditional update: one taker only); None if it is not ours to send."""
    maintenant = timezone.now()
    jeton = uuid.uuid4().hex
    pris = (
        CourrielEnvoye.objects.filter(pk=courriel_id)
        .filter(Q(statut__in=[StatutCourriel.PROGRAMME, StatutCourriel.ECHEC]) | bail_expire(maintenant))
        .update(
            statut=StatutCourriel.EN_COURS,
            jeton_bail=jeton,
            en_cours_depuis=maintenant,
            bail_jusqu_a=maintenant + duree_bail(),
        )
    )
    return jeton if pris else None


def _a_servir(courriel_id: int, jeton: str, adresse: str) -> bool:
    """Renew the lease and tell whether `adresse` still waits; raise BailPerdu if the lease is no longer ours."""
    with transaction.atomic():
        renouvele = CourrielEnvoye.objects.filter(
            pk=courriel_id, statut=StatutCourriel.EN_COURS, jeton_bail=jeton
        ).update(bail_jusqu_a=timezone.now() + duree_bail())
        if not renouvele:
            raise BailPerdu
        remis = CourrielEnvoye.objects.values_list("remis_a", flat=True).get(pk=courriel_id)
    return adresse not in remis


def _noter_remise(courriel_id: int, jeton: str, adresse: str) -> None:
    """Record one delivery at once, whoever holds the lease now (a delivery that happened is never forgotten)."""
    with transaction.atomic():
        courriel = CourrielEnvoye.objects.select_for_update().get(pk=courriel_id)
        if adresse not in courriel.remis_a:
            courriel.remis_a = [*courriel.remis_a, adresse]
        champs = ["remis_a"]
        if courriel.jeton_bail == jeton:
            courriel.bail_jusqu_a = timezone.now() + duree_bail()
            champs.append("bail_jusqu_a")
        courriel.save(update_fields=champs)


def _terminer(courriel_id: int, jeton: str, erreurs: list[str]) -> None:
    """Release the lease: `envoyé` if every recipient was served, else `échec` with the errors."""
    maintenant = timezone.now()
    with transaction.atomic():
        courriel = CourrielEnvoye.objects.select_for_update().get(pk=courriel_id)
        if courriel.jeton_bail != jeton:
            return
        courriel.tentatives += 1
        courriel.derniere_tentative_le = maintenant
        courriel.en_cours_depuis = courriel.bail_jusqu_a = None
        courriel.jeton_bail = ""
        if erreurs:
            courriel.statut = StatutCourriel.ECHEC
            courriel.derniere_erreur = "\n".join(erreurs)
        else:
            courriel.statut = StatutCourriel.ENVOYE
            courriel.envoye_le = maintenant
        courriel.save(
            update_fields=[
                "tentatives",
                "derniere_tentative_le",
                "en_cours_depuis",
                "bail_jusqu_a",
                "jeton_bail",
                "statut",
                "envoye_le",
                "derniere_erreur",
            ]
        )


def _texte(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"
