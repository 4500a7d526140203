"""`{% load demandes %}`: what the navigation needs to know about the lifecycle pages."""

from __future__ import annotations

from typing import Any

from django import template

from cqpm.comptes.permissions import Action, peut

register = template.Library()


@register.filter
def peut_consulter_demandes(utilisateur: Any) -> bool:
    """The « Demandes » menu entry is shown only to those the list would not refuse."""
    return peut(utilisateur, Action.CONSULTER_DEMANDES)


@register.filter
def peut_voir_seances(utilisateur: Any) -> bool:
    """The « Séances du GTP » entry: for those who manage séances, record decisions or read requests."""
    actions = (Action.GERER_SEANCES, Action.ENREGISTRER_DECISIONS, Action.CONSULTER_DEMANDES)
    return any(peut(utilisateur, action) for action in actions)
