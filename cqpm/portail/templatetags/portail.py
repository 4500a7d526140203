"""`{% load portail %}`: whether a page may offer the invitation to the candidate space."""

from __future__ import annotations

from typing import Any

from django import template

from cqpm.comptes.permissions import Action, peut

register = template.Library()


@register.filter
def peut_inviter_candidats(utilisateur: Any) -> bool:
    """The « Espaces candidats » entry: for the exam centres and the secretariat."""
    return peut(utilisateur, Action.INVITER_CANDIDATS)
