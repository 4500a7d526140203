"""Masking credentials in the outbox once an e-mail is delivered: an explicit, audited hook.

`CourrielEnvoye` keeps every notification's body for the secretariat's trace. An app whose e-mails carry a
credential (the candidate portal's invitation and confirmation links) declares, from its `AppConfig.ready()`, the
reference prefix of those e-mails and how to mask their body. The sending task calls `masquer_apres_remise` in the
transaction that records the delivery: before it the link waits (a failed sending is retried from that body),
after it the body keeps no working link, and the audit log says so.
"""

from __future__ import annotations

from collections.abc import Callable

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.core.acteurs import SYSTEME
from cqpm.core.models import CourrielEnvoye, StatutCourriel

_MASQUES: dict[str, Callable[[str], str]] = {}


def enregistrer_masque(prefixe_reference: str, masquer: Callable[[str], str]) -> None:
    """E-mails whose reference starts with `prefixe_reference` get their body passed through `masquer` once
    delivered."""
    _MASQUES[prefixe_reference] = masquer


def masquer_apres_remise(courriel: CourrielEnvoye) -> None:
    """Mask the credentials of a delivered e-mail, with an audit entry (rows change only through an action)."""
    if courriel.statut != StatutCourriel.ENVOYE:
        return
    for prefixe, masquer in _MASQUES.items():
        if not courriel.reference.startswith(prefixe):
            continue
        masque = masquer(courriel.corps)
        if masque == courriel.corps:
            return
        CourrielEnvoye.objects.filter(pk=courriel.pk).update(corps=masque)
        courriel.corps = masque
        journaliser(
            acteur=SYSTEME,
            action=EvenementAudit.COURRIEL_LIENS_MASQUES,
            objet=courriel,
            apres={"reference": courriel.reference},
            regle="PORTAIL",
        )
        return
