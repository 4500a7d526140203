"""Helpers of the evaluation tests: an inscription old enough to be evaluated, its exam centre's user, a
commission of qualified members."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cqpm.candidats.models import Inscription
from cqpm.comptes.enums import Role
from cqpm.evaluations import services
from cqpm.evaluations.models import CommissionEvaluation, DossierEvaluation
from cqpm.referentiels.enums import Modalite
from cqpm.referentiels.models import Capacite, ModaliteAutorisee, ecriture_historique
from tests.factories import InscriptionFactory, UtilisateurFactory

MEMBRES = [
    services.MembreSaisi("Paul Martin", "Tuteur, 15 ans de conduite de ligne"),
    services.MembreSaisi("Léa Durand", "Formatrice en production, UIMM"),
]


def aujourdhui() -> datetime.date:
    return timezone.localdate()


def inscription(jours: int = 200, **kwargs: Any) -> Inscription:
    """An inscription of `jours` days ago on a fresh referential (3 capacities in each of 2 blocs)."""
    kwargs.setdefault("date_inscription", aujourdhui() - datetime.timedelta(days=jours))
    return InscriptionFactory(**kwargs)


def territoriale(i: Inscription) -> Any:
    return UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=i.centre_examen)


def autoriser(capacite: Capacite, *modalites: str) -> None:
    """Add allowed modalities to a capacity of a decided version (as the referential would say)."""
    with ecriture_historique():
        for m in modalites:
            ModaliteAutorisee.objects.get_or_create(capacite=capacite, modalite=m)


def capacites(i: Inscription) -> list[Capacite]:
    return list(Capacite.objects.filter(version=i.version).order_by("numero"))


def dossier_choisi(i: Inscription, acteur: Any) -> DossierEvaluation:
    """An opened dossier with situation réelle chosen for every capacity (R-EVAL-01)."""
    d = services.ouvrir_dossier(i, acteur=acteur)
    choix = [services.ChoixCapacite(c, (Modalite.SITUATION_REELLE,)) for c in capacites(i)]
    services.choisir_modalites(d, choix, acteur=acteur)
    return d


def commission(i: Inscription, acteur: Any, le: datetime.date | None = None) -> CommissionEvaluation:
    return services.creer_commission(
        centre_examen=i.centre_examen, date=le or aujourdhui(), lieu="Lyon", membres=MEMBRES, acteur=acteur
    )


def tout_evaluer(i: Inscription, acteur: Any, *, acquise: bool = True) -> DossierEvaluation:
    """Dossier, commission, every capacity acquired (or not), and the company's opinion."""
    d = dossier_choisi(i, acteur)
    c = commission(i, acteur)
    resultats = [services.ResultatSaisi(cap, acquise, "Critères respectés.") for cap in capacites(i)]
    services.enregistrer_resultats(d, commission=c, resultats=resultats, acteur=acteur)
    return services.saisir_avis_entreprise(
        d, avis="Très bon travail en équipe.", auteur="M. Tuteur", le=aujourdhui(), acteur=acteur
    )
