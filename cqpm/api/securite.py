"""Who is calling: a machine client with its personal token, or the browser with its Django session.

Protected operations take `AUTHENTIFIE` (the token first, then the session); public operations take no auth and
call `identifier()`, which lets anonymous callers in. An `Authorization` header that does not authenticate (wrong,
revoked or not a bearer token) is always a 401, even beside a session cookie: a client never silently acts as the
browser's user, or as anonymous, with a dead token.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from cqpm.comptes import jetons


class JetonPersonnel(HttpBearer):
    openapi_description = (
        "Jeton d'API personnel, créé par l'utilisateur connecté (POST /api/v1/jetons) et montré une seule fois : "
        "en-tête « Authorization: Bearer cqpm_… ». Le jeton porte les habilitations de son titulaire, mais pas "
        "sa double authentification : les rôles du secrétariat et du GTP n'agissent pas par jeton."
    )

    def __call__(self, request: HttpRequest) -> Any:
        """A credential that is sent must be good: a wrong one is a 401, never a fall-back on the session cookie."""
        if not request.headers.get(self.header):
            return None
        utilisateur = super().__call__(request)
        if not utilisateur:
            raise AuthenticationError()
        return utilisateur

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        utilisateur = jetons.authentifier(token)
        if utilisateur is None:
            return None
        request.user = utilisateur
        request._cqpm_par_jeton = True  # type: ignore[attr-defined]
        return utilisateur


class SessionNavigateur(APIKeyCookie):
    """The site's own session; a write must carry the CSRF token, as any form of the site does."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = (
        "Session du site (cookie), pour le navigateur d'un utilisateur connecté ; les requêtes d'écriture portent "
        "l'en-tête « X-CSRFToken »."
    )

    def __call__(self, request: HttpRequest) -> Any:
        """A request carrying an `Authorization` header is judged by it alone, never by the cookie beside it."""
        if request.headers.get("Authorization"):
            raise AuthenticationError()
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # no session: nothing to protect from CSRF, let the next method (or the 401) answer
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


AUTHENTIFIE = [JetonPersonnel(), SessionNavigateur()]
SESSION_SEULE = [SessionNavigateur()]


def par_jeton(request: HttpRequest) -> bool:
    """Did a personal token (rather than the session) authenticate this request?"""
    return bool(getattr(request, "_cqpm_par_jeton", False))


def identifier(request: HttpRequest) -> Any:
    """The caller of a public operation: his user when he authenticated, the anonymous user otherwise."""
    for methode in AUTHENTIFIE:
        utilisateur = methode(request)
        if utilisateur:
            return utilisateur
    return request.user


def appelant(request: HttpRequest) -> Any:
    """The user an authenticated operation acts for (token or session): the `acteur` of every service call."""
    return request.auth  # type: ignore[attr-defined]
