"""The registrations' menu entry, the duplicates waiting to be merged (R-REG-04) and, for a training organisation,
its trainees' paths in progress (what it follows until the jury)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from cqpm.candidats.enums import StatutInscription
from cqpm.candidats.models import Inscription
from cqpm.candidats.services import groupes_de_doublons
from cqpm.comptes.enums import Role
from cqpm.comptes.permissions import Action, perimetre, peut, roles
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


LIMITE = 100


def a_traiter(utilisateur: Any) -> Iterator[ATraiter]:
    if Role.ORGANISME_FORMATION in roles(utilisateur):
        yield from _stagiaires(utilisateur)
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


def _stagiaires(utilisateur: Any) -> Iterator[ATraiter]:
    inscriptions = (
        perimetre(utilisateur, Action.CONSULTER_INSCRIPTIONS)
        .filtrer(Inscription.objects.all(), "organisme_formation")
        .filter(statut=StatutInscription.EN_COURS)
        .select_related("candidat", "qualification")
        .order_by("date_inscription", "pk")
    )
    for inscription in inscriptions[:LIMITE]:
        yield ATraiter(
            "Parcours en cours de vos stagiaires",
            f"{inscription.candidat} — {inscription.qualification}",
            reverse("candidats:detail", args=[inscription.pk]),
            detail=f"{inscription.get_parcours_display()}, inscrit(e) le {inscription.date_inscription:%d/%m/%Y}",
        )
