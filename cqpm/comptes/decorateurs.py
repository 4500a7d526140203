"""Guarding views with the permission matrix: the HTTP side of `cqpm.comptes.permissions`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cqpm.comptes.permissions import Action, double_facteur_en_attente, est_connecte, motif_du_refus, peut

Vue = Callable[..., HttpResponse]


def refuser(
    request: HttpRequest, action: Action, objet: object | None = None, *, suite: str | None = None
) -> HttpResponse:
    """Anonymous → login page; staff still owing their code → the second step; anyone else → a French 403.

    `suite` is where to come back after logging in (the current page by default).
    """
    from cqpm.comptes.views import etape_double_facteur

    suite = suite or request.get_full_path()
    if not est_connecte(request.user):
        return redirect_to_login(suite)
    if double_facteur_en_attente(request.user):
        return etape_double_facteur(request, suite)
    return render(
        request, "comptes/acces_refuse.html", {"motif": motif_du_refus(request.user, action, objet)}, status=403
    )


def action_requise(action: Action) -> Callable[[Vue], Vue]:
    """`@action_requise(Action.GERER_REFERENTIELS)`: the view runs only for users the matrix allows."""

    def decorateur(vue: Vue) -> Vue:
        @wraps(vue)
        def enveloppe(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not peut(request.user, action):
                return refuser(request, action)
            return vue(request, *args, **kwargs)

        return enveloppe

    return decorateur
