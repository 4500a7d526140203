"""Writing the audit log. Every action function of every app writes through `journaliser`, inside its transaction
(usually through `cqpm.core.transitions`, which calls it)."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.core.acteurs import libelle, utilisateur_de, verifier_acteur

if TYPE_CHECKING:
    from cqpm.core.acteurs import Acteur


def valeur_json(valeur: Any) -> Any:
    """A field value as the log stores it: dates, decimals and ids as text, lists element by element."""
    if isinstance(valeur, datetime.date | datetime.time | decimal.Decimal | uuid.UUID):
        return str(valeur)
    if isinstance(valeur, list | tuple):
        return [valeur_json(v) for v in valeur]
    if isinstance(valeur, dict):
        return {str(k): valeur_json(v) for k, v in valeur.items()}
    return valeur


def instantane(objet: models.Model) -> dict[str, Any]:
    """The concrete fields of a row as JSON-ready values (foreign keys by id, secrets masked)."""
    valeurs = {}
    for champ in objet._meta.concrete_fields:
        valeur = getattr(objet, champ.attname)
        valeurs[champ.attname] = "••••" if champ.name == "password" and valeur else valeur_json(valeur)
    return valeurs


def journaliser(
    *,
    acteur: Acteur,
    action: EvenementAudit | str,
    objet: models.Model,
    avant: dict[str, Any] | None = None,
    apres: dict[str, Any] | None = None,
    regle: str = "",
) -> EntreeAudit:
    """Record one state change: who, which event, on what, old → new, which rule.

    `action` must be an `EvenementAudit` (a value outside it raises `ValueError`, and the database refuses it);
    `acteur` is a user or `SYSTEME`, never None (`TypeError`): the system acting alone says so.
    """
    entree = entree_audit(acteur=acteur, action=action, objet=objet, avant=avant, apres=apres, regle=regle)
    entree.save(force_insert=True)
    return entree


def entree_audit(
    *,
    acteur: Acteur,
    action: EvenementAudit | str,
    objet: models.Model,
    avant: dict[str, Any] | None = None,
    apres: dict[str, Any] | None = None,
    regle: str = "",
) -> EntreeAudit:
    """The row `journaliser` writes, not yet saved: `journaliser_en_masse` writes many of them at once."""
    evenement = EvenementAudit(action)
    verifier_acteur(acteur)
    return EntreeAudit(
        acteur=utilisateur_de(acteur),
        acteur_libelle=libelle(acteur)[:300],
        action=evenement.value,
        objet_type=objet._meta.label,
        objet_id=str(objet.pk),
        objet_libelle=str(objet)[:300],
        avant=avant,
        apres=apres,
        regle=regle,
    )


def journaliser_en_masse(entrees: Iterable[EntreeAudit]) -> list[EntreeAudit]:
    """One INSERT for many audit rows (a cohort import: one row per created object, as `journaliser` writes
    them). Still append-only: the log's triggers refuse UPDATE and DELETE, not INSERT."""
    return EntreeAudit.objects.bulk_create(list(entrees))


def historique(objet: models.Model) -> models.QuerySet[EntreeAudit]:
    return EntreeAudit.objects.filter(objet_type=objet._meta.label, objet_id=str(objet.pk))
