"""The candidate's « Mon espace » entry and his paths in progress; the exam centres' « Espaces candidats »."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from cqpm.candidats.enums import StatutInscription
from cqpm.comptes.permissions import Action, peut
from cqpm.core.navigation import ATraiter, Entree, Groupe
from cqpm.portail.services import candidat_de

ENTREES = {
    "portail.espace": Entree(
        "Mon espace",
        "portail:espace",
        Groupe.ESPACE,
        lambda u: peut(u, Action.CONSULTER_SON_ESPACE),
        sections=("portail",),
        ordre=10,
    ),
    "portail.invitations": Entree(
        "Espaces candidats",
        "portail:invitations",
        Groupe.PARCOURS,
        lambda u: peut(u, Action.INVITER_CANDIDATS),
        sections=("portail",),
        ordre=40,
    ),
}


def a_traiter(utilisateur: Any) -> Iterator[ATraiter]:
    """For the candidate: each path in progress, followed in his space."""
    if not peut(utilisateur, Action.CONSULTER_SON_ESPACE):
        return
    candidat = candidat_de(utilisateur)
    if candidat is None:
        return
    adresse = reverse("portail:espace")
    inscriptions = candidat.inscriptions.filter(statut=StatutInscription.EN_COURS).select_related("qualification")
    for inscription in inscriptions.order_by("date_inscription", "pk"):
        yield ATraiter(
            "Vos parcours en cours",
            str(inscription.qualification),
            adresse,
            detail=f"{inscription.get_parcours_display()}, inscrit(e) le {inscription.date_inscription:%d/%m/%Y}",
        )
