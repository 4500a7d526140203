"""`{% load inscriptions %}`: what the navigation needs to know about the inscription pages."""

from __future__ import annotations

from typing import Any

from django import template

from cqpm.comptes.permissions import Action, peut

register = template.Library()


@register.filter
def peut_consulter_inscriptions(utilisateur: Any) -> bool:
    """The « Inscriptions » menu entry is shown only to those the list would not refuse."""
    return peut(utilisateur, Action.CONSULTER_INSCRIPTIONS)
