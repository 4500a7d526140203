"""The public entries of the menu: the catalogue and the API's documentation."""

from __future__ import annotations

from typing import Any

from cqpm.core.navigation import Entree, Groupe


def tout_le_monde(utilisateur: Any) -> bool:
    return True


ENTREES = {
    "referentiels.catalogue": Entree(
        "Catalogue",
        "referentiels:catalogue",
        Groupe.REGISTRE,
        tout_le_monde,
        sections=("referentiels",),
        ordre=10,
        hors=("referentiels:accueil",),
    ),
    "referentiels.api": Entree("API", "/api/docs", Groupe.REGISTRE, tout_le_monde, ordre=90),
}
