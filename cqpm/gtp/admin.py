"""Admin of the GTP séances, for the secretariat: a séance is created through the service (logged), its place and
title corrected while it is planned; its agenda is read-only. Nothing is ever deleted (R-ARCH-04)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from cqpm.audit.admin import AdminJournalise, LectureSeule
from cqpm.gtp import services
from cqpm.gtp.enums import StatutSeance
from cqpm.gtp.models import PointOrdreDuJour, Seance


class PointInline(LectureSeule, admin.TabularInline):
    model = PointOrdreDuJour
    extra = 0
    can_delete = False
    fields = readonly_fields = ("ordre", "intitule", "nature", "sujet", "issue", "inscrit_le")
    show_change_link = False


@admin.register(Seance)
class SeanceAdmin(AdminJournalise):
    """A séance is created here or by the pages; its place and title may be corrected while it is planned."""

    list_display = ["date", "intitule", "lieu", "statut"]
    list_filter = ["statut"]
    date_hierarchy = "date"
    fields = ["date", "lieu", "intitule", "statut"]
    inlines = [PointInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Seance | None = None) -> list[str]:
        if obj is None:
            return ["statut"]
        if obj.statut == StatutSeance.TENUE:
            return ["date", "lieu", "intitule", "statut"]
        return ["date", "statut"]

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        """Without the admin's enclosing transaction: a creation is the service's own (durable) action, and a
        correction is saved and logged in one transaction by `AdminJournalise.save_model`; the agenda inline is
        read-only."""
        return self._changeform_view(request, object_id, form_url, extra_context)  # type: ignore[attr-defined]

    def save_model(self, request: HttpRequest, obj: Seance, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            cree = services.creer_seance(date=obj.date, lieu=obj.lieu, intitule=obj.intitule, acteur=request.user)
            obj.pk = cree.pk

    def has_delete_permission(self, request: HttpRequest, obj: Seance | None = None) -> bool:
        return False
