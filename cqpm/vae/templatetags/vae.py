from typing import Any

from django import template

from cqpm.comptes.permissions import Action, peut

register = template.Library()


@register.filter
def peut_consulter_vae(utilisateur: Any) -> bool:
    return bool(getattr(utilisateur, "is_authenticated", False)) and peut(utilisateur, Action.CONSULTER_VAE)
