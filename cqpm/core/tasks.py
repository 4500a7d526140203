"""Background tasks of the core app: delivering the e-mails recorded by `cqpm.core.courriels`."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone
from django_tasks import task

from cqpm.core.models import CourrielEnvoye, StatutCourriel

#: Seconds before an unresponsive SMTP server counts as a failure (instead of blocking the worker forever).
DELAI_SMTP = 30


@task()
def envoyer_courriel(courriel_id: int) -> int:
    """Send a recorded e-mail, one message per recipient not yet served; return how many were delivered.

    A recipient refused by the server does not stop the others; a connection failure stops the run. Either way
    the row goes to `échec` with the error and the exception is re-raised, so the task result shows the failure
    and `manage.py relancer_courriels` can try again later.
    """
    courriel = CourrielEnvoye.objects.filter(pk=courriel_id).first()
    if courriel is None or courriel.statut == StatutCourriel.ENVOYE:
        return 0
    remis: list[str] = list(courriel.remis_a)
    erreurs: list[str] = []
    premiere: Exception | None = None
    livres = 0
    try:
        with get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or DELAI_SMTP) as connexion:
            for adresse in [a for a in courriel.destinataires if a not in remis]:
                message = EmailMessage(
                    subject=courriel.sujet,
                    body=courriel.corps,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[adresse],
                    headers={"Auto-Submitted": "auto-generated"},
                    connection=connexion,
                )
                try:
                    message.send()
                except smtplib.SMTPRecipientsRefused as exc:
                    erreurs.append(f"{adresse} refusée par le serveur : {_texte(exc)}")
                    premiere = premiere or exc
                    continue
                remis.append(adresse)
                livres += 1
                CourrielEnvoye.objects.filter(pk=courriel.pk).update(remis_a=remis)
    except (smtplib.SMTPException, OSError) as exc:
        erreurs.append(f"Serveur de messagerie : {_texte(exc)}")
        premiere = premiere or exc
    maintenant = timezone.now()
    courriel.remis_a = remis
    courriel.tentatives += 1
    courriel.derniere_tentative_le = maintenant
    if premiere is None:
        courriel.statut = StatutCourriel.ENVOYE
        courriel.envoye_le = maintenant
    else:
        courriel.statut = StatutCourriel.ECHEC
        courriel.derniere_erreur = "\n".join(erreurs)
    courriel.save(
        update_fields=["remis_a", "tentatives", "derniere_tentative_le", "statut", "envoye_le", "derniere_erreur"]
    )
    if premiere is not None:
        raise premiere
    return livres


def _texte(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"
