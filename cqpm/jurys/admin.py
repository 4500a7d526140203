"""Admin of the juries, read only: they change through the services, which check the rules (a signed PV is
sovereign, R-JURY-09) and write the audit log."""

from __future__ import annotations

from django.contrib import admin

from cqpm.audit.admin import AdminLectureSeule
from cqpm.jurys.models import CandidatJury, Convocation, InformationCprefp, Jury, MembreJury, Vote


@admin.register(Jury)
class JuryAdmin(AdminLectureSeule):
    list_display = ["pk", "date", "lieu", "centre_examen", "qualification", "etat"]
    list_filter = ["etat", "periodicite"]
    list_select_related = ["centre_examen", "qualification"]
    date_hierarchy = "date"


@admin.register(MembreJury)
class MembreJuryAdmin(AdminLectureSeule):
    list_display = ["pk", "jury", "college", "nom", "organisme", "voix_deliberative", "president"]
    list_filter = ["college"]


@admin.register(CandidatJury)
class CandidatJuryAdmin(AdminLectureSeule):
    """Codes only: the admin is a jury-facing screen too (R-JURY-06)."""

    list_display = ["pk", "jury", "code", "presence", "decision"]
    list_filter = ["presence", "decision"]
    exclude = ["inscription"]


admin.site.register(Vote, AdminLectureSeule)
admin.site.register(InformationCprefp, AdminLectureSeule)
admin.site.register(Convocation, AdminLectureSeule)
