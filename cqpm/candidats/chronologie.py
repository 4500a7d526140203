"""A candidate's timeline: every audited event of every path of his, read from the audit log (no second log).

The candidate register sits below the apps that follow his paths (evaluations, VAE, juries, awards…), so each of
them declares, from its `AppConfig.ready()`, which of its rows belong to a candidate (`enregistrer_source`). The
timeline then reads the audit entries of those rows in one query. Each source receives only the inscriptions the
caller may see, and filters its own rows by the caller's perimeter: a timeline never shows a path of another exam
centre. A row shared with other candidates (a jury) is declared `partage` with the candidate's marks there (his
anonymous code): an event about him (`candidat` in its values is one of his marks) appears in full, an event about
another candidate does not appear, and an event about the whole row (date, signature) appears without its values.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.candidats.models import Candidat, Inscription
from cqpm.candidats.services import candidat_visible, inscriptions_visibles
from cqpm.core.acteurs import Acteur


@dataclass(frozen=True)
class Source:
    """Rows of one model (its label, e.g. ``"vae.DossierVAE"``) whose audit entries belong to the timeline."""

    modele: str
    ids: Sequence[Any]
    partage: bool = False
    reperes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Contexte:
    """What a source is given: the candidate's register ids (his own and the duplicates merged into him), the
    inscriptions of theirs the caller may see, and the caller (to filter the source's own rows)."""

    candidats: Sequence[int]
    inscriptions: QuerySet[Inscription]
    acteur: Acteur


Fournisseur = Callable[[Contexte], Iterable[Source]]

_SOURCES: dict[str, Fournisseur] = {}


def enregistrer_source(cle: str, fournisseur: Fournisseur) -> None:
    """Declare (once per app, from its `ready()`) the rows of a candidate's paths that the app owns."""
    _SOURCES[cle] = fournisseur


@dataclass(frozen=True)
class Changement:
    champ: str
    avant: Any
    apres: Any


@dataclass(frozen=True)
class Evenement:
    horodatage: datetime.datetime
    evenement: str
    libelle: str
    objet: str
    acteur: str
    regle: str
    changements: tuple[Changement, ...] = field(default_factory=tuple)


def _changements(entree: EntreeAudit) -> tuple[Changement, ...]:
    avant = entree.avant if isinstance(entree.avant, dict) else {}
    apres = entree.apres if isinstance(entree.apres, dict) else {}
    return tuple(
        Changement(champ, avant.get(champ), apres.get(champ))
        for champ in dict.fromkeys([*avant, *apres])
        if avant.get(champ) != apres.get(champ)
    )


def _libelle(action: str) -> str:
    try:
        return str(EvenementAudit(action).label)
    except ValueError:
        return action


def sources_du_candidat(candidat: Candidat, *, acteur: Acteur) -> list[Source]:
    ids = [candidat.pk, *Candidat.objects.filter(fusionne_dans=candidat).values_list("pk", flat=True)]
    contexte = Contexte(
        candidats=ids,
        inscriptions=inscriptions_visibles(acteur).filter(candidat__in=ids),
        acteur=acteur,
    )
    return [source for fournisseur in _SOURCES.values() for source in fournisseur(contexte) if source.ids]


def chronologie(candidat_id: int, *, acteur: Acteur) -> tuple[Candidat, list[Evenement]]:
    """The candidate (within the caller's perimeter, else « introuvable ») and his events, oldest first."""
    candidat = candidat_visible(acteur, candidat_id)
    sources = sources_du_candidat(candidat, acteur=acteur)
    partages = {s.modele: s.reperes for s in sources if s.partage}
    condition = Q(pk__in=[])
    for s in sources:
        condition |= Q(objet_type=s.modele, objet_id__in=[str(i) for i in s.ids])
    evenements = []
    for e in EntreeAudit.objects.filter(condition).order_by("horodatage", "id"):
        changements = _changements(e)
        if e.objet_type in partages:
            concerne = _candidat_nomme(e)
            if concerne is not None and concerne not in partages[e.objet_type]:
                continue  # another candidate's event on the shared row
            changements = changements if concerne is not None else ()
        evenements.append(
            Evenement(
                horodatage=e.horodatage,
                evenement=e.action,
                libelle=_libelle(e.action),
                objet=e.objet_libelle,
                acteur=e.acteur_libelle,
                regle=e.regle,
                changements=changements,
            )
        )
    return candidat, evenements


def _candidat_nomme(entree: EntreeAudit) -> str | None:
    """The candidate mark an event on a shared row is about (`candidat` in its values), if any."""
    for valeurs in (entree.apres, entree.avant):
        if isinstance(valeurs, dict) and "candidat" in valeurs:
            return str(valeurs["candidat"])
    return None


def source_candidats(contexte: Contexte) -> Iterable[Source]:
    """The register entries and the inscriptions themselves (creation, merge, cancellation, closing)."""
    yield Source("candidats.Candidat", list(contexte.candidats))
    yield Source("candidats.Inscription", list(contexte.inscriptions.values_list("pk", flat=True)))
