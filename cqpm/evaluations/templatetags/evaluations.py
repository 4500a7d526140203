"""`{% load evaluations %}`: what the navigation needs to know about the evaluation pages."""

from __future__ import annotations

from typing import Any

from django import template

from cqpm.comptes.permissions import Action, peut

register = template.Library()


@register.filter
def peut_gerer_evaluations(utilisateur: Any) -> bool:
    """The « Évaluations » menu entry: for the exam centres and the secretariat."""
    return peut(utilisateur, Action.GERER_EVALUATIONS)
