"""The client's address behind the TLS proxy, for the login lock-out (django-axes, `AXES_CLIENT_IP_CALLABLE`).

Production runs behind `PROXIES_DE_CONFIANCE` reverse proxies (0 by default: the demo is reached directly). Each
proxy appends to `X-Forwarded-For` the address it received the request from, so the client is the entry that the
outermost trusted proxy appended: the N-th from the right. Entries further left were written by the client himself
and are ignored — otherwise an attacker would choose his address, dodge the lock-out by changing it, or lock a
user out by borrowing his. Without that header, or with fewer entries than trusted proxies (a request that did not
come through them), the TCP peer (`REMOTE_ADDR`) is the address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def adresse_client(request: HttpRequest) -> str | None:
    pair = request.META.get("REMOTE_ADDR")
    proxies = settings.PROXIES_DE_CONFIANCE
    if proxies <= 0:
        return pair
    chaine = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(chaine) < proxies:
        return pair
    candidate = chaine[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return pair
