"""Django permissions derived from habilitations, so the admin needs no hand-managed permission tables.

The verified GTP secretariat (`peut(…, ADMINISTRER)`) holds every model permission of the apps it administers;
everybody else holds none. ModelAdmins may still refuse more (read-only audit log, decided versions).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from cqpm.comptes.permissions import Action, peut

#: The apps whose models the secretariat administers (auth groups and task internals stay out).
APPLICATIONS_ADMINISTREES = frozenset(
    {"organisations", "comptes", "referentiels", "cycle_de_vie", "gtp", "audit", "otp_totp", "axes"}
)


class HabilitationsBackend(BaseBackend):
    def _administre(self, utilisateur: Any) -> bool:
        return bool(utilisateur.is_active and peut(utilisateur, Action.ADMINISTRER))

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm.split(".", 1)[0] in APPLICATIONS_ADMINISTREES and self._administre(user_obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return app_label in APPLICATIONS_ADMINISTREES and self._administre(user_obj)
