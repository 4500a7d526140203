"""The juries' menu entries and what waits: juries to compose, convene, hold and sign (exam centre), designation
requests to answer while the jury is still being composed (union branches, R-JURY-01), and for a member with an
account the juries he sits on, the president's minutes to sign first (R-JURY-10)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from cqpm.comptes.permissions import Action, est_connecte, peut
from cqpm.core.navigation import ATraiter, Entree, Groupe
from cqpm.core.transitions import aujourdhui
from cqpm.jurys.enums import EtatJury
from cqpm.jurys.models import MembreJury
from cqpm.jurys.services import demandes_visibles, jurys_visibles

LIMITE = 100

ENTREES = {
    "jurys.liste": Entree(
        "Jurys", "jurys:liste", Groupe.PARCOURS, lambda u: peut(u, Action.GERER_JURYS), sections=("jurys",), ordre=35
    ),
    "jurys.designations": Entree(
        "Désignations aux jurys",
        "jurys:designations",
        Groupe.PARCOURS,
        lambda u: peut(u, Action.DESIGNER_MEMBRES_JURY) and not peut(u, Action.GERER_JURYS),
        sections=("jurys",),
        ordre=36,
    ),
}

RUBRIQUES = {
    EtatJury.PLANIFIE: "Jurys à composer et convoquer (15 jours avant, R-JURY-08)",
    EtatJury.CONVOQUE: "Jurys à tenir et délibérer",
    EtatJury.DELIBERE: "Procès-verbaux à faire signer par le président",
}


def a_traiter(utilisateur: Any) -> Iterator[ATraiter]:
    jour = aujourdhui()
    if peut(utilisateur, Action.GERER_JURYS):
        ouverts = jurys_visibles(utilisateur).exclude(etat=EtatJury.SIGNE).order_by("date", "pk")
        for jury in ouverts[:LIMITE]:
            yield ATraiter(
                RUBRIQUES[EtatJury(jury.etat)],
                f"Jury du {jury.date:%d/%m/%Y} — {jury.qualification}",
                reverse("jurys:detail", args=[jury.pk]),
                echeance=jury.date,
                en_retard=jury.etat == EtatJury.PLANIFIE and jury.date < jour,
            )
    elif peut(utilisateur, Action.DESIGNER_MEMBRES_JURY):
        demandes = demandes_visibles(utilisateur).filter(jury__etat=EtatJury.PLANIFIE).order_by("jury__date", "pk")
        for demande in demandes[:LIMITE]:
            yield ATraiter(
                "Demandes de désignation de membres de jury (R-JURY-01)",
                f"Jury du {demande.jury.date:%d/%m/%Y} — {demande.jury.centre_examen}",
                reverse("jurys:designer", args=[demande.pk]),
                echeance=demande.jury.date,
            )

    if est_connecte(utilisateur) and not peut(utilisateur, Action.GERER_JURYS):
        yield from _ou_il_siege(utilisateur)


def _ou_il_siege(utilisateur: Any) -> Iterator[ATraiter]:
    """The juries convened or deliberated where this account sits (its copy of the convocation, the minutes)."""
    sieges = (
        MembreJury.objects.filter(utilisateur_id=utilisateur.pk, jury__etat__in=[EtatJury.CONVOQUE, EtatJury.DELIBERE])
        .select_related("jury__qualification")
        .order_by("jury__date", "pk")
    )
    for membre in sieges[:LIMITE]:
        jury = membre.jury
        a_signer = membre.president and jury.etat == EtatJury.DELIBERE
        yield ATraiter(
            "Procès-verbaux à signer (R-JURY-10)" if a_signer else "Jurys où vous siégez",
            f"Jury du {jury.date:%d/%m/%Y} — {jury.qualification}",
            reverse("jurys:detail", args=[jury.pk]),
            echeance=jury.date,
            detail="président(e)" if membre.president else "",
        )
