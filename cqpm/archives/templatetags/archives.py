from typing import Any

from django import template

from cqpm.comptes.permissions import Action, peut

register = template.Library()


@register.filter
def peut_donnees_personnelles(utilisateur: Any) -> bool:
    """Whether the candidate page links to his personal data (export, rectification)."""
    return peut(utilisateur, Action.DONNEES_PERSONNELLES)
