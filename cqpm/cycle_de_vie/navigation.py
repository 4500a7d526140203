"""The lifecycle's menu entries (Demandes, Séances du GTP) and what waits in it for each role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from cqpm.comptes.permissions import Action, perimetre, peut
from cqpm.core.navigation import ATraiter, Entree, Groupe
from cqpm.core.transitions import aujourdhui
from cqpm.cycle_de_vie.enums import StatutDemande
from cqpm.cycle_de_vie.models import Demande
from cqpm.cycle_de_vie.services import demandes_visibles
from cqpm.gtp import services as gtp
from cqpm.gtp.enums import IssuePoint, StatutSeance
from cqpm.gtp.models import Seance

LIMITE = 100


def voit_les_seances(utilisateur: Any) -> bool:
    actions = (Action.GERER_SEANCES, Action.ENREGISTRER_DECISIONS, Action.CONSULTER_DEMANDES)
    return any(peut(utilisateur, action) for action in actions)


ENTREES = {
    "cycle_de_vie.demandes": Entree(
        "Demandes",
        "cycle_de_vie:liste",
        Groupe.REGISTRE,
        lambda u: peut(u, Action.CONSULTER_DEMANDES),
        sections=("cycle_de_vie",),
        ordre=20,
    ),
    "cycle_de_vie.seances": Entree(
        "Séances du GTP", "seances:liste", Groupe.GTP, voit_les_seances, sections=("seances",), ordre=10
    ),
}


def a_traiter(utilisateur: Any) -> Iterator[ATraiter]:
    """Requests to instruct or to put on an agenda (secretariat), drafts to finish (who files), the séances to
    come with their agenda (secretariat and GTP members)."""
    if peut(utilisateur, Action.INSTRUIRE_DEMANDES):
        soumises = demandes_visibles(utilisateur).filter(statut=StatutDemande.SOUMISE).order_by("pk")
        for demande in soumises[:LIMITE]:
            yield ATraiter("Demandes soumises à instruire", str(demande), _detail(demande.pk))
        inscrites = gtp.inscrits(Demande).values("sujet_id")
        completes = demandes_visibles(utilisateur).filter(statut=StatutDemande.COMPLETE).exclude(pk__in=inscrites)
        for demande in completes.order_by("pk")[:LIMITE]:
            yield ATraiter("Dossiers complets à inscrire à l'ordre du jour", str(demande), _detail(demande.pk))
    if peut(utilisateur, Action.DEPOSER_DEMANDE):
        siennes = perimetre(utilisateur, Action.DEPOSER_DEMANDE).filtrer(Demande.objects.all(), "demandeurs")
        brouillons = demandes_visibles(utilisateur).filter(statut=StatutDemande.BROUILLON, pk__in=siennes.values("pk"))
        for demande in brouillons.order_by("pk")[:LIMITE]:
            yield ATraiter("Demandes en brouillon à compléter et soumettre", str(demande), _detail(demande.pk))
    if perimetre(utilisateur, Action.CONSULTER_DEMANDES).toutes:  # the GTP's own people, not each territoriale
        jour = aujourdhui()
        seances = Seance.objects.filter(statut=StatutSeance.PLANIFIEE).annotate(
            a_examiner=Count("points", filter=Q(points__issue=IssuePoint.A_EXAMINER))
        )
        for seance in seances.order_by("date", "pk")[:LIMITE]:
            points = f"{seance.a_examiner} point{'s' if seance.a_examiner > 1 else ''} à examiner"
            yield ATraiter(
                "Séances du GTP à tenir",
                f"Séance du {seance.date:%d/%m/%Y} — {seance.lieu}",
                reverse("seances:detail", args=[seance.pk]),
                echeance=seance.date,
                en_retard=seance.date < jour,
                detail=points,
            )


def _detail(pk: int) -> str:
    return reverse("cycle_de_vie:detail", args=[pk])
