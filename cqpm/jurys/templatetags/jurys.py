"""`{% load jurys %}`: what the navigation needs to know about the jury pages."""

from __future__ import annotations

from typing import Any

from django import template

from cqpm.comptes.permissions import Action, peut

register = template.Library()


@register.filter
def peut_voir_jurys(utilisateur: Any) -> bool:
    """The « Jurys » menu entry: exam centres and the secretariat."""
    return peut(utilisateur, Action.GERER_JURYS)


@register.filter
def peut_designer_membres_jury(utilisateur: Any) -> bool:
    """The « Désignations aux jurys » entry: union branches answer their requests (R-JURY-03)."""
    return peut(utilisateur, Action.DESIGNER_MEMBRES_JURY)
