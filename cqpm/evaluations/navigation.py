"""The evaluations' menu entry, and what waits: files to open and commissions to hold (exam centre), company
opinions to give (R-EVAL-03)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from cqpm.candidats.enums import Parcours, StatutInscription
from cqpm.candidats.models import Inscription
from cqpm.candidats.services import inscriptions_visibles
from cqpm.comptes.permissions import Action, perimetre, peut
from cqpm.core.navigation import ATraiter, Entree, Groupe
from cqpm.core.transitions import aujourdhui
from cqpm.evaluations.services import commissions_visibles
from cqpm.referentiels.enums import Modalite

LIMITE = 100

ENTREES = {
    "evaluations.liste": Entree(
        "Évaluations",
        "evaluations:liste",
        Groupe.PARCOURS,
        lambda u: peut(u, Action.GERER_EVALUATIONS),
        sections=("evaluations",),
        ordre=20,
    ),
}


def a_traiter(utilisateur: Any) -> Iterator[ATraiter]:
    if peut(utilisateur, Action.GERER_EVALUATIONS):
        sans_dossier = (
            perimetre(utilisateur, Action.GERER_EVALUATIONS)
            .filtrer(Inscription.objects.all(), "centre_examen")
            .filter(
                parcours=Parcours.FORMATION_CONTINUE,
                statut=StatutInscription.EN_COURS,
                dossier_evaluation__isnull=True,
            )
            .select_related("candidat", "qualification")
            .order_by("date_inscription", "pk")
        )
        for inscription in sans_dossier[:LIMITE]:
            yield ATraiter(
                "Dossiers d'évaluation à ouvrir",
                f"{inscription.candidat} — {inscription.qualification}",
                reverse("evaluations:dossier", args=[inscription.pk]),
                detail=f"inscrit(e) le {inscription.date_inscription:%d/%m/%Y}",
            )
        jour = aujourdhui()
        a_tenir = commissions_visibles(utilisateur).filter(date__gte=jour, resultats__isnull=True).distinct()
        for commission in a_tenir.order_by("date", "pk")[:LIMITE]:
            yield ATraiter(
                "Commissions d'évaluation à tenir",
                f"Commission du {commission.date:%d/%m/%Y} — {commission.lieu}",
                reverse("evaluations:liste"),
                echeance=commission.date,
            )
    if peut(utilisateur, Action.SAISIR_AVIS_ENTREPRISE):
        attendus = (
            inscriptions_visibles(utilisateur)
            .filter(
                statut=StatutInscription.EN_COURS,
                dossier_evaluation__avis_le__isnull=True,
                dossier_evaluation__modalites__modalite=Modalite.AVIS_ENTREPRISE,
            )
            .distinct()
            .select_related("candidat", "qualification")
            .order_by("date_inscription", "pk")
        )
        for inscription in attendus[:LIMITE]:
            yield ATraiter(
                "Avis de l'entreprise attendus",
                f"{inscription.candidat} — {inscription.qualification}",
                reverse("evaluations:avis", args=[inscription.pk]),
            )
