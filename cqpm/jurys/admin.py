"""Admin of the juries, read only: they change through the services, which check the rules (a signed PV is
sovereign, R-JURY-09) and write the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cqpm.jurys.models import CandidatJury, Convocation, InformationCprefp, Jury, MembreJury, Vote


class _Consultation(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Jury)
class JuryAdmin(_Consultation):
    list_display = ["pk", "date", "lieu", "centre_examen", "qualification", "etat"]
    list_filter = ["etat", "periodicite"]
    list_select_related = ["centre_examen", "qualification"]
    date_hierarchy = "date"


@admin.register(MembreJury)
class MembreJuryAdmin(_Consultation):
    list_display = ["pk", "jury", "college", "nom", "organisme", "voix_deliberative", "president"]
    list_filter = ["college"]


@admin.register(CandidatJury)
class CandidatJuryAdmin(_Consultation):
    """Codes only: the admin is a jury-facing screen too (R-JURY-06)."""

    list_display = ["pk", "jury", "code", "presence", "decision"]
    list_filter = ["presence", "decision"]
    exclude = ["inscription"]


admin.site.register(Vote, _Consultation)
admin.site.register(InformationCprefp, _Consultation)
admin.site.register(Convocation, _Consultation)
