"""The registrations' menu entry and the duplicates waiting to be merged (R-REG-04)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from cqpm.candidats.services import groupes_de_doublons
from cqpm.comptes.permissions import Action, peut
from cqpm.core.navigation import ATraiter, Entree, Groupe

ENTREES = {
    "candidats.inscriptions": Entree(
        "Inscriptions",
        "candidats:liste",
        Groupe.PARCOURS,
        lambda u: peut(u, Action.CONSULTER_INSCRIPTIONS),
        sections=("candidats",),
        ordre=10,
    ),
}


def a_traiter(utilisateur: Any) -> Iterator[ATraiter]:
    if not peut(utilisateur, Action.FUSIONNER_CANDIDATS):
        return
    adresse = reverse("candidats:doublons")
    for groupe in groupes_de_doublons(utilisateur):
        premier = groupe[0]
        yield ATraiter(
            "Doublons possibles à fusionner",
            f"{premier.nom} {premier.prenoms}, né(e) le {premier.date_naissance:%d/%m/%Y}",
            adresse,
            detail=f"{len(groupe)} fiches",
        )
