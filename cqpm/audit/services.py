"""Writing the audit log. Every action function of every app calls `journaliser` inside its transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from cqpm.audit.models import EntreeAudit


def journaliser(
    *,
    acteur: Any,
    action: str,
    objet: models.Model,
    avant: dict[str, Any] | None = None,
    apres: dict[str, Any] | None = None,
    regle: str = "",
) -> EntreeAudit:
    """Record one state change. `acteur` is the acting user, or None for the system (scheduled jobs, imports)."""
    connecte = acteur is not None and getattr(acteur, "is_authenticated", False)
    return EntreeAudit.objects.create(
        acteur=acteur if connecte else None,
        acteur_libelle=(acteur.get_full_name() or acteur.get_username()) if connecte else "Système",
        action=action,
        objet_type=objet._meta.label,
        objet_id=str(objet.pk),
        objet_libelle=str(objet)[:300],
        avant=avant,
        apres=apres,
        regle=regle,
    )


def historique(objet: models.Model) -> models.QuerySet[EntreeAudit]:
    return EntreeAudit.objects.filter(objet_type=objet._meta.label, objet_id=str(objet.pk))
