"""`{% load projet_referentiel %}`: whether a request's page offers the projet de référentiel editor."""

from __future__ import annotations

from typing import Any

from django import template

from cqpm.cycle_de_vie.models import Demande
from cqpm.cycle_de_vie.projet import peut_modifier_projet

register = template.Library()


@register.filter
def projet_modifiable_par(demande: Demande, utilisateur: Any) -> bool:
    """The link is shown only when `projet.modifier_projet` would accept this user now."""
    return peut_modifier_projet(utilisateur, demande)
