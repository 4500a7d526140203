"""The candidate space's actions. `candidat_de` is how other apps know which candidate a user speaks for."""

from __future__ import annotations

from typing import Any

from cqpm.candidats.models import Candidat
from cqpm.portail.models import CompteCandidat


def candidat_de(utilisateur: Any) -> Candidat | None:
    """The register entry this account belongs to; None for staff, anonymous users and API tokens of staff."""
    if not getattr(utilisateur, "is_authenticated", False):
        return None
    compte = CompteCandidat.objects.select_related("candidat").filter(utilisateur=utilisateur).first()
    return compte.candidat if compte else None
