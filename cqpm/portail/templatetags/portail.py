"""`{% load portail %}`: what the navigation needs to know about the candidate space."""

from __future__ import annotations

from typing import Any

from django import template

from cqpm.comptes.permissions import Action, peut

register = template.Library()


@register.filter
def a_un_espace(utilisateur: Any) -> bool:
    """The « Mon espace » entry: for candidates only (staff have none)."""
    return peut(utilisateur, Action.CONSULTER_SON_ESPACE)


@register.filter
def peut_inviter_candidats(utilisateur: Any) -> bool:
    """The « Espaces candidats » entry: for the exam centres and the secretariat."""
    return peut(utilisateur, Action.INVITER_CANDIDATS)
