"""Admin of the lifecycle, for the secretariat: it reads requests, opinions and decisions (the séances are in
`cqpm.gtp.admin`); it changes them only through the services (pages and API). Nothing is ever deleted (R-ARCH-04)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from cqpm.audit.admin import LectureSeule
from cqpm.cycle_de_vie.models import (
    AvisCNCP,
    Decision,
    Demande,
    Demandeur,
    InformationCPREFP,
    NouveauCentre,
    PieceJointe,
)


class _EnLigne(LectureSeule, admin.TabularInline):
    extra = 0
    can_delete = False


class DemandeurInline(_EnLigne):
    model = Demandeur
    fields = readonly_fields = ("ordre", "organisation", "signe_le", "signe_par")


class NouveauCentreInline(_EnLigne):
    model = NouveauCentre
    fields = readonly_fields = ("ordre", "territoriale")


class PieceJointeInline(_EnLigne):
    model = PieceJointe
    fields = readonly_fields = ("nom_original", "type_detecte", "taille", "deposee_le", "deposee_par")


class AvisCNCPInline(_EnLigne):
    model = AvisCNCP
    fields = readonly_fields = ("date", "sens", "commentaire", "enregistre_le", "enregistre_par")


class InformationCPREFPInline(_EnLigne):
    model = InformationCPREFP
    fields = readonly_fields = ("cprefp", "informee_le", "enregistree_par")


class DecisionInline(_EnLigne):
    model = Decision
    fk_name = "demande"
    fields = readonly_fields = ("date", "favorable", "motif", "categorie", "liste_b", "fin_reactivation", "numero")


@admin.register(Demande)
class DemandeAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ["pk", "type", "qualification", "origine", "statut", "creee_le", "decidee_le"]
    list_filter = ["type", "statut", "origine"]
    search_fields = ["qualification__intitule", "qualification__numero", "demandeurs__nom"]
    list_select_related = ["qualification"]
    date_hierarchy = "creee_le"
    inlines = [
        DemandeurInline,
        NouveauCentreInline,
        PieceJointeInline,
        AvisCNCPInline,
        InformationCPREFPInline,
        DecisionInline,
    ]
    fieldsets = [
        (
            None,
            {"fields": ["type", "origine", "statut", "qualification", "projet", "version_remplacee", "avec_revision"]},
        ),
        (
            "Rapport d'opportunité et lettre de demande",
            {
                "fields": [
                    "historique",
                    "besoins_entreprises",
                    "perspectives_emplois",
                    "positionnement",
                    "publics_flux",
                    "analyse_activites",
                    "analyse_unites",
                    "flux_potentiel",
                    "arguments",
                    "fin_souhaitee",
                    "motif",
                ]
            },
        ),
        (
            "Instruction",
            {
                "fields": [
                    ("creee_le", "creee_par"),
                    ("soumise_le", "soumise_par"),
                    ("complete_le", "complete_par"),
                    ("decidee_le", "decidee_par"),
                    ("retiree_le", "retiree_par"),
                    "motif_retrait",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Demande | None = None) -> list[str]:
        return [f.name for f in Demande._meta.concrete_fields]


@admin.register(Decision)
class DecisionAdmin(LectureSeule, admin.ModelAdmin):
    list_display = ["date", "demande", "favorable", "categorie", "liste_b", "numero"]
    list_filter = ["favorable", "demande__type", "categorie"]
    search_fields = ["demande__qualification__intitule", "numero", "motif"]
    list_select_related = ["demande__qualification"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request: HttpRequest, obj: Decision | None = None) -> list[str]:
        return [f.name for f in Decision._meta.concrete_fields]
