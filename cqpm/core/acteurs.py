"""Who acts: a user (logged in, or an anonymous visitor on a public action) or the product itself.

Every action function takes `acteur: Acteur` as a keyword argument. The product acting on its own — a scheduled
job, an import run from the command line, a reminder — passes `SYSTEME`, never `None`: an explicit marker cannot
be passed by accident, and the audit log names it « Système ».
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeAlias

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cqpm.comptes.models import Utilisateur


class Systeme:
    """The product itself: allowed every action, recorded as « Système » in the audit log."""

    is_authenticated: Final = False
    is_active: Final = True
    pk: Final = None

    _instance: Systeme | None = None

    def __new__(cls) -> Systeme:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __str__(self) -> str:
        return "Système"

    def __repr__(self) -> str:
        return "SYSTEME"

    def __reduce__(self) -> str:
        return "SYSTEME"  # pickles (task arguments) back to the one instance


SYSTEME: Final = Systeme()

Acteur: TypeAlias = "Utilisateur | AnonymousUser | Systeme"
"""The acting user (the model, or Django's anonymous user on a public action) or `SYSTEME`."""


def est_systeme(acteur: object) -> bool:
    return acteur is SYSTEME


def verifier_acteur(acteur: object) -> None:
    """Refuse what is not an actor, `None` first: the system acts as `SYSTEME`, explicitly."""
    if acteur is None:
        raise TypeError("acteur=None n'est pas admis : le produit agissant seul passe acteur=SYSTEME.")
    if acteur is not SYSTEME and not hasattr(acteur, "is_authenticated"):
        raise TypeError(f"Acteur inconnu : {acteur!r} (attendu : un utilisateur ou SYSTEME).")


def utilisateur_de(acteur: Acteur) -> Utilisateur | None:
    """The user to record on a row (`…_par` columns): None for the system or an anonymous visitor."""
    verifier_acteur(acteur)
    if acteur is SYSTEME or not acteur.is_authenticated:
        return None
    return acteur  # type: ignore[return-value]


def libelle(acteur: Acteur) -> str:
    """How the audit log names the actor."""
    utilisateur = utilisateur_de(acteur)
    if utilisateur is not None:
        return utilisateur.get_full_name() or utilisateur.get_username()
    return "Système" if acteur is SYSTEME else "Visiteur non connecté"
