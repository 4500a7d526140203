"""The award's menu entries and what waits: requests to send (exam centre), sent requests awaiting validation and
late requests (GTP secretariat, R-GTP-01, R-GTP-02)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from cqpm.attributions.enums import StatutDemande
from cqpm.attributions.services import demandes_visibles, est_en_retard, limite_transmission
from cqpm.comptes.permissions import Action, peut
from cqpm.core.navigation import ATraiter, Entree, Groupe

LIMITE = 100

ENTREES = {
    "attributions.liste": Entree(
        "Attributions",
        "attributions:liste",
        Groupe.PARCOURS,
        lambda u: peut(u, Action.DEMANDER_ATTRIBUTION),
        sections=("attributions",),
        ordre=37,
    ),
}


def a_traiter(utilisateur: Any) -> Iterator[ATraiter]:
    if not peut(utilisateur, Action.DEMANDER_ATTRIBUTION):
        return
    gtp = peut(utilisateur, Action.VALIDER_ATTRIBUTIONS)
    demandes = demandes_visibles(utilisateur).exclude(statut=StatutDemande.EXAMINEE).order_by("jury__date", "pk")
    for demande in demandes[:LIMITE]:
        if demande.statut == StatutDemande.ENVOYEE and not gtp:
            continue
        rubrique = (
            "Demandes d'attribution à valider en séance du GTP (R-GTP-02)"
            if demande.statut == StatutDemande.ENVOYEE
            else "Demandes d'attribution à transmettre au GTP (2 mois, R-GTP-01)"
        )
        yield ATraiter(
            rubrique,
            f"Jury du {demande.jury.date:%d/%m/%Y} — {demande.jury.qualification}",
            reverse("attributions:detail", args=[demande.pk]),
            echeance=limite_transmission(demande),
            en_retard=est_en_retard(demande),
        )
