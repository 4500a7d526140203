"""Masking the portal's links in the e-mail outbox once they are delivered.

`CourrielEnvoye` keeps every notification's body, for the secretariat's trace. An invitation or confirmation
link is a credential: it must wait there while the e-mail is not delivered (a failed sending is retried from that
body), and no longer. When the sending task records the delivery, the token of the link is replaced by a mark.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from cqpm.core.models import CourrielEnvoye, StatutCourriel

MASQUE = "[lien retiré de l'archive après l'envoi]"


def masquer_liens(corps: str) -> str:
    """The body with the token of every portal link replaced by `MASQUE`."""
    prefixes = [reverse(vue, args=["X"]).removesuffix("X/") for vue in ("portail:invitation", "portail:confirmation")]
    motif = "|".join(re.escape(p) for p in prefixes)
    return re.sub(rf"\S*(?:{motif})[^\s/]+/?", MASQUE, corps)


@receiver(post_save, sender=CourrielEnvoye, dispatch_uid="portail.masquer_liens_envoyes")
def masquer_apres_envoi(sender: Any, instance: CourrielEnvoye, **kwargs: Any) -> None:
    from cqpm.portail.services import REFERENCE_COURRIEL

    if instance.statut != StatutCourriel.ENVOYE or not instance.reference.startswith(f"{REFERENCE_COURRIEL}."):
        return
    masque = masquer_liens(instance.corps)
    if masque != instance.corps:
        CourrielEnvoye.objects.filter(pk=instance.pk).update(corps=masque)
        instance.corps = masque
