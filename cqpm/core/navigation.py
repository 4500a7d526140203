"""The main menu and the « À traiter » page, filled by the apps.

The ground cannot know the domain apps, yet the menu lists their pages and the « À traiter » page lists what waits
in each of them. So each app registers, from its `AppConfig.ready()`, its menu entries (who sees them) and a
provider of the items waiting for a given user: the same explicit hook as `cqpm.core.quotidien`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.functional import SimpleLazyObject


class Groupe(models.TextChoices):
    """The menu's groups, in the order of the header."""

    REGISTRE = "registre", "Registre"
    PARCOURS = "parcours", "Parcours des candidats"
    GTP = "gtp", "GTP « Qualifications »"
    ADMINISTRATION = "administration", "Administration"
    ESPACE = "espace", "Espace candidat"


Visibilite = Callable[[Any], bool]
"""Given the user (possibly anonymous), whether he sees the entry: the page must not refuse him."""


@dataclass(frozen=True)
class Entree:
    libelle: str
    url: str
    """A URL name (`app:vue`) or an absolute path."""
    groupe: Groupe
    visible: Visibilite
    sections: tuple[str, ...] = ()
    """The URL namespaces (`request.resolver_match.app_name`) in which this entry is the current page."""
    ordre: int = 100
    hors: tuple[str, ...] = ()
    """View names of those namespaces that are not this entry's page (the home page is not the catalogue)."""

    def courante(self, section: str | None, vue: str | None) -> bool:
        return section in self.sections and vue not in self.hors

    def adresse(self) -> str:
        return self.url if self.url.startswith("/") else reverse(self.url)


@dataclass(frozen=True)
class ATraiter:
    """One thing waiting for the user, as a link to the page where he acts on it."""

    rubrique: str
    """The heading it is listed under (« Demandes à instruire »…)."""
    libelle: str
    url: str
    echeance: datetime.date | None = None
    en_retard: bool = False
    detail: str = ""


Fournisseur = Callable[[Any], Iterable[ATraiter]]
"""Given an authenticated user, what waits for him in one app, already limited to his perimeter."""

_ENTREES: dict[str, Entree] = {}
_FOURNISSEURS: dict[str, Fournisseur] = {}

A_TRAITER_PAR_RUBRIQUE = 10
"""Items listed per heading; the heading's link to the full list says how many more there are."""


def enregistrer_entree(cle: str, entree: Entree) -> None:
    """Register a menu entry under `cle` (registering again replaces it: ready() may run twice)."""
    _ENTREES[cle] = entree


def enregistrer_a_traiter(cle: str, fournisseur: Fournisseur) -> None:
    _FOURNISSEURS[cle] = fournisseur


@dataclass
class GroupeAffiche:
    groupe: Groupe
    entrees: list[tuple[Entree, str, bool]] = field(default_factory=list)
    """(entry, its address, whether it is the current page)."""

    @property
    def libelle(self) -> str:
        return str(self.groupe.label)


def menu_de(utilisateur: Any, section: str | None = None, vue: str | None = None) -> list[GroupeAffiche]:
    """The groups of entries this user sees, in the order of `Groupe`; empty groups are left out."""
    groupes = {g: GroupeAffiche(g) for g in Groupe}
    for entree in sorted(_ENTREES.values(), key=lambda e: (e.ordre, e.libelle)):
        if entree.visible(utilisateur):
            groupes[entree.groupe].entrees.append((entree, entree.adresse(), entree.courante(section, vue)))
    return [g for g in groupes.values() if g.entrees]


@dataclass
class Rubrique:
    titre: str
    elements: list[ATraiter]
    reste: int = 0


def a_traiter(utilisateur: Any) -> list[Rubrique]:
    """Everything waiting for this user, by heading, overdue items first, then by due date."""
    rubriques: dict[str, list[ATraiter]] = {}
    for fournisseur in _FOURNISSEURS.values():
        for element in fournisseur(utilisateur):
            rubriques.setdefault(element.rubrique, []).append(element)
    resultat = []
    for titre, elements in rubriques.items():
        elements.sort(key=lambda e: (not e.en_retard, e.echeance or datetime.date.max, e.libelle))
        resultat.append(
            Rubrique(titre, elements[:A_TRAITER_PAR_RUBRIQUE], max(0, len(elements) - A_TRAITER_PAR_RUBRIQUE))
        )
    return resultat


def navigation(request: Any) -> dict[str, Any]:
    """Context processor: the menu of the current user, computed only if the page renders it."""
    correspondance = getattr(request, "resolver_match", None)
    section = correspondance.app_name if correspondance else None
    vue = correspondance.view_name if correspondance else None
    return {"menu_principal": SimpleLazyObject(lambda: menu_de(request.user, section, vue))}
