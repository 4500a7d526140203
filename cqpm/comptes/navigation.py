"""The administration's entry: Django's admin, open to verified staff only (it refuses the others)."""

from __future__ import annotations

from cqpm.core.navigation import Entree, Groupe

ENTREES = {
    "comptes.administration": Entree(
        "Administration", "admin:index", Groupe.ADMINISTRATION, lambda u: bool(getattr(u, "is_staff", False))
    ),
}
