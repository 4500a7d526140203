"""How the portal's links are masked in the e-mail outbox once delivered (declared to `cqpm.core.masquage`).

An invitation or confirmation link is a credential: it waits in the outbox while the e-mail is not delivered (a
failed sending is retried from that body), and no longer. When the sending task records the delivery, the token of
the link is replaced by a mark.
"""

from __future__ import annotations

import re

from django.urls import reverse

MASQUE = "[lien retiré de l'archive après l'envoi]"


def masquer_liens(corps: str) -> str:
    """The body with the token of every portal link replaced by `MASQUE`."""
    prefixes = [reverse(vue, args=["X"]).removesuffix("X/") for vue in ("portail:invitation", "portail:confirmation")]
    motif = "|".join(re.escape(p) for p in prefixes)
    return re.sub(rf"\S*(?:{motif})[^\s/]+/?", MASQUE, corps)
