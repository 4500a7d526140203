"""The VAE's menu entry, and the files waiting for the exam centre: admissibility to decide within 3 months,
paths bounded to 12 months (R-VAE-02), overdue ones first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from cqpm.comptes.permissions import Action, peut
from cqpm.core.navigation import ATraiter, Entree, Groupe
from cqpm.core.transitions import aujourdhui
from cqpm.vae.enums import PHASES_AVANT_AVIS, Phase
from cqpm.vae.services import dossiers_visibles

LIMITE = 100

ENTREES = {
    "vae.tableau": Entree(
        "VAE",
        "vae:tableau",
        Groupe.PARCOURS,
        lambda u: bool(getattr(u, "is_authenticated", False)) and peut(u, Action.CONSULTER_VAE),
        sections=("vae",),
        ordre=30,
    ),
}

EN_PARCOURS = (Phase.RECEVABLE, Phase.ACCOMPAGNEMENT, Phase.PREUVES_RECUES, Phase.COMMISSION)


def a_traiter(utilisateur: Any) -> Iterator[ATraiter]:
    if not peut(utilisateur, Action.INSTRUIRE_VAE):
        return
    jour = aujourdhui()
    dossiers = dossiers_visibles(utilisateur)
    for dossier in dossiers.filter(phase__in=PHASES_AVANT_AVIS).order_by("avis_du_le", "pk")[:LIMITE]:
        yield ATraiter(
            "Recevabilité des demandes de VAE à décider (3 mois, R-VAE-02)",
            f"{dossier.candidat} — {dossier.qualification}",
            reverse("vae:dossier", args=[dossier.pk]),
            echeance=dossier.avis_du_le,
            en_retard=dossier.avis_du_le < jour,
            detail=dossier.get_phase_display(),
        )
    for dossier in dossiers.filter(phase__in=EN_PARCOURS).order_by("fin_parcours_le", "pk")[:LIMITE]:
        fin = dossier.fin_parcours_le
        yield ATraiter(
            "Parcours de VAE à conclure (12 mois, R-VAE-02)",
            f"{dossier.candidat} — {dossier.qualification}",
            reverse("vae:dossier", args=[dossier.pk]),
            echeance=fin,
            en_retard=fin is not None and fin < jour,
            detail=dossier.get_phase_display(),
        )
