from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.audit.services import instantane, journaliser
from cqpm.comptes.permissions import Action, peut


class LectureSeule:
    """Shown, never added, changed nor deleted in the admin: the object changes only through its services, which
    check the rules and write the audit log. Mixed into a ModelAdmin or an inline."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AdminLectureSeule(LectureSeule, admin.ModelAdmin):  # type: ignore[misc]
    pass


class AdminJournalise(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions write the audit log (old → new, changed fields only).

    For models that have no action function of their own; where one exists, the ModelAdmin calls it instead.
    """

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        avant = instantane(type(obj).objects.get(pk=obj.pk)) if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            apres = instantane(obj)
            changes = [c for c in apres if avant.get(c) != apres[c]] if change else list(apres)
            if changes:
                journaliser(
                    acteur=request.user,
                    action=EvenementAudit.ADMIN_MODIFICATION if change else EvenementAudit.ADMIN_CREATION,
                    objet=obj,
                    avant={c: avant[c] for c in changes} if change else None,
                    apres={c: apres[c] for c in changes},
                )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows are writes too: each one added, changed or removed gets its own audit row, in the same
        transaction as the save (a removal is logged before it happens, while the row still has its id)."""
        avant = {}
        for sous_formulaire in formset.initial_forms:
            instance = sous_formulaire.instance
            if instance.pk is not None and sous_formulaire.has_changed():
                avant[instance.pk] = instantane(type(instance).objects.get(pk=instance.pk))
        with transaction.atomic():
            for sous_formulaire in formset.deleted_forms:
                supprime = sous_formulaire.instance
                if supprime.pk is not None:
                    journaliser(
                        acteur=request.user,
                        action=EvenementAudit.ADMIN_SUPPRESSION,
                        objet=supprime,
                        avant=instantane(type(supprime).objects.get(pk=supprime.pk)),
                    )
            super().save_formset(request, form, formset, change)
            for nouveau in formset.new_objects:
                journaliser(
                    acteur=request.user, action=EvenementAudit.ADMIN_CREATION, objet=nouveau, apres=instantane(nouveau)
                )
            for modifie, _champs in formset.changed_objects:
                ancien, nouveau = avant.get(modifie.pk, {}), instantane(modifie)
                changes = [c for c in nouveau if ancien.get(c) != nouveau[c]]
                if changes:
                    journaliser(
                        acteur=request.user,
                        action=EvenementAudit.ADMIN_MODIFICATION,
                        objet=modifie,
                        avant={c: ancien.get(c) for c in changes},
                        apres={c: nouveau[c] for c in changes},
                    )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            journaliser(acteur=request.user, action=EvenementAudit.ADMIN_SUPPRESSION, objet=obj, avant=instantane(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(EntreeAudit)
class EntreeAuditAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only (database triggers), the admin only shows it."""

    list_display = ["horodatage", "acteur_libelle", "action", "objet_type", "objet_libelle", "regle"]
    list_filter = ["action", "objet_type"]
    search_fields = ["objet_libelle", "acteur_libelle", "objet_id"]
    date_hierarchy = "horodatage"

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return peut(request.user, Action.CONSULTER_JOURNAL_AUDIT)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
