"""The kinds of subject the GTP examines at its séances, declared by the apps above (`AppConfig.ready()`), as
`cqpm.core.navigation` gathers menu entries: `cqpm.gtp` never imports them.

A kind says which model it is, how logs and the API name the subject, which subjects a user may read (the agenda
shows only those), and what must hold before one goes on an agenda (`preparer`: lock the row and check its state,
raising `RegleViolee`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cqpm.gtp.enums import NatureSujet


@dataclass(frozen=True)
class GenreDeSujet:
    nature: NatureSujet
    modele: type[models.Model]
    cle: str
    """How the audit log (« demande ») and the API (« demande_id ») name the subject's identifier."""
    visibles: Callable[[Any], models.QuerySet[Any]]
    """The subjects of this kind the user may read."""
    preparer: Callable[[Any], Any]
    """Lock the subject and check it may go on an agenda now; returns the locked row."""
    intitule: Callable[[Any], str] = str


_GENRES: dict[NatureSujet, GenreDeSujet] = {}


def enregistrer_genre(genre: GenreDeSujet) -> None:
    """Declare a kind of subject; called again with the same kind (tests, reloads), it replaces it."""
    _GENRES[genre.nature] = genre


def genres() -> list[GenreDeSujet]:
    return list(_GENRES.values())


def genre_de(sujet: models.Model | type[models.Model]) -> GenreDeSujet:
    modele = sujet if isinstance(sujet, type) else type(sujet)
    for genre in _GENRES.values():
        if issubclass(modele, genre.modele):
            return genre
    raise LookupError(f"{modele._meta.label} n'est pas un sujet déclaré du GTP (cqpm.gtp.sujets).")


def type_de(modele: type[models.Model]) -> ContentType:
    return ContentType.objects.get_for_model(modele, for_concrete_model=True)
