"""Admin of candidates and inscriptions, read only: they change through the services (API, later the pages), which
check the rules and write the audit log."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from cqpm.audit.admin import AdminLectureSeule
from cqpm.candidats.models import Candidat, Inscription


@admin.register(Candidat)
class CandidatAdmin(AdminLectureSeule):
    list_display = ["pk", "nom", "prenoms", "date_naissance", "commune_naissance", "fusionne_dans"]
    search_fields = ["nom", "prenoms", "cle_doublon"]
    readonly_fields = [f.name for f in Candidat._meta.concrete_fields]


@admin.register(Inscription)
class InscriptionAdmin(AdminLectureSeule):
    list_display = ["pk", "candidat", "qualification", "centre_examen", "date_inscription", "parcours", "statut"]
    list_filter = ["statut", "parcours", "voie", "financement", "origine"]
    search_fields = ["candidat__nom", "qualification__intitule", "qualification__numero"]
    list_select_related = ["candidat", "qualification", "centre_examen"]
    date_hierarchy = "date_inscription"
    filter_horizontal = ["blocs"]

    def get_readonly_fields(self, request: HttpRequest, obj: Inscription | None = None) -> list[str]:
        return [*(f.name for f in Inscription._meta.concrete_fields), "blocs"]
