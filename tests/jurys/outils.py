"""Helpers of the jury tests: an exam centre with two representative unions and its CPREFP, a jury composed
step by step through the services, candidates whose evaluations are finished."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from cqpm.candidats.models import Inscription
from cqpm.comptes.enums import Role
from cqpm.jurys import services
from cqpm.jurys.enums import BrancheMembre, Presence
from cqpm.jurys.models import CandidatJury, Jury, MembreJury
from cqpm.organisations.enums import TypeOrganisation
from tests.evaluations import outils as ev
from tests.factories import (
    BrancheSyndicaleFactory,
    OrganisationFactory,
    SyndicatFactory,
    TerritorialeFactory,
    UtilisateurFactory,
    verifie_par_otp,
)

_numeros = itertools.count()


def jours(n: int) -> datetime.date:
    return ev.aujourdhui() + datetime.timedelta(days=n)


def centre() -> Any:
    return TerritorialeFactory(departement="69")


def territoriale(c: Any = None) -> Any:
    return UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=c or centre())


def unions(n: int = 2) -> list[Any]:
    """`n` representative unions, each with its territorial branch in the Rhône, and the regional CPREFP."""
    OrganisationFactory(type=TypeOrganisation.CPREFP, region="Auvergne-Rhône-Alpes", email="cprefp@exemple.fr")
    return [
        BrancheSyndicaleFactory(parent=SyndicatFactory(), departement="69", email=f"branche{i}@exemple.fr")
        for i in range(n)
    ]


def membre(nom: str = "Anne Martin", branche: str = BrancheMembre.METALLURGIE) -> services.MembreSaisi:
    courriel = f"membre{next(_numeros)}@exemple.fr"
    return services.MembreSaisi(nom, "Mécanique du Rhône", "Responsable de production", courriel, branche)


def jury(acteur: Any, *, date: datetime.date | None = None, inscription: Inscription | None = None) -> Jury:
    """A planned jury of the territoriale 69 for the inscription's qualification (or a fresh one)."""
    i = inscription or ev.inscription()
    return services.creer_jury(
        centre_examen=i.centre_examen, qualification=i.qualification, date=date or jours(20), lieu="Lyon", acteur=acteur
    )


def composer(j: Jury, acteur: Any, *, le: datetime.date | None = None) -> dict[str, MembreJury]:
    """Designations asked, one voting designee per union, two employer members, a president with an account."""
    demandes = services.demander_designations(j, le=le, acteur=acteur)
    membres = {}
    for n, d in enumerate(demandes):
        contact = UtilisateurFactory(role=Role.BRANCHE_SYNDICALE, role__organisation=d.branche_syndicale)
        membres[f"syndical{n}"] = services.designer_membre_syndical(
            d, membre(f"Syndiqué {n}"), voix_deliberative=True, acteur=contact
        )
    compte = UtilisateurFactory(role=Role.MEMBRE_JURY)
    membres["president"] = services.designer_membre_patronal(
        j, membre("Paul Président"), utilisateur=compte, acteur=acteur
    )
    membres["patronal"] = services.designer_membre_patronal(j, membre("Marc Patron"), acteur=acteur)
    membres["invite"] = services.ajouter_invite(j, membre("Théo Tuteur"), acteur=acteur)
    services.designer_president(membres["president"], acteur=acteur)
    return membres


def convoque(acteur: Any, i: Inscription, *, date: datetime.date | None = None) -> tuple[Jury, dict[str, MembreJury]]:
    """A jury met yesterday (convened 16 days before it), composed, the CPREFP informed, `i` presented."""
    date = date or jours(-1)
    j = jury(acteur, date=date, inscription=i)
    m = composer(j, acteur, le=date - datetime.timedelta(days=16))
    services.presenter_candidat(j, i, acteur=acteur)
    services.informer_cprefp(j, acteur=acteur)
    services.convoquer(j, le=date - datetime.timedelta(days=15), acteur=acteur)
    j.refresh_from_db()
    return j, m


def evaluee(acquise: bool = True, **kwargs: Any) -> tuple[Inscription, Any]:
    """An inscription whose evaluation is finished (état récapitulatif available), and its exam centre's user."""
    i = ev.inscription(centre_examen=centre(), **kwargs)
    acteur = territoriale(i.centre_examen)
    ev.tout_evaluer(i, acteur, acquise=acquise)
    return i, acteur


def deliberer(j: Jury, membres: dict[str, MembreJury], acteur: Any, votes: dict[str, str]) -> Jury:
    """Each candidate present, every voting member votes `votes[code]`, decisions arrêtées."""
    for c in CandidatJury.objects.filter(jury=j):
        services.marquer_presence(c, presence=Presence.PRESENT, acteur=acteur)
        for m in membres.values():
            if m.voix_deliberative:
                services.voter(c, membre=m, decision=votes[c.code], acteur=acteur)
    return services.arreter_decisions(j, acteur=acteur)


def president_verifie(membres: dict[str, MembreJury]) -> Any:
    return verifie_par_otp(membres["president"].utilisateur)
