"""Admin of the register. A decided version is shown, never edited nor deleted (R-REF-03); a list stay is closed,
never deleted (R-LIST-03); a number, once given, changes only through the lifecycle (R-ID-03)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cqpm.audit.admin import AdminJournalise, LectureSeule
from cqpm.referentiels.models import (
    CHAMPS_ENREGISTREMENT_RNCP,
    Activite,
    AncienNumero,
    Bloc,
    Capacite,
    CentreRessources,
    InscriptionListe,
    ModaliteAutorisee,
    Qualification,
    VersionReferentiel,
)

CHAMPS_RNCP_OPEN_DATA = ["rncp_niveau", "rncp_actif", "rncp_etat", "rncp_codes_anciens"]
"""Qualification fields only the RNCP open-data sync writes (rncp.py): shown, never edited by hand."""


def _decidee(version: VersionReferentiel | None) -> bool:
    return version is not None and version.pk is not None and version.est_decidee


class LectureSeuleInline(LectureSeule, admin.TabularInline):  # type: ignore[misc]
    """Read-only lists: tabular is fine here (no form field). Editable inlines are stacked so that every field
    has its label (axe: tabular inlines leave inputs unlabelled)."""

    extra = 0
    can_delete = False


class VersionInline(LectureSeuleInline):
    """Versions are edited on their own page (drafts only); here they are listed."""

    model = VersionReferentiel
    fields = readonly_fields = ("numero", "intitule", "statut", "categorie", "date_decision", "date_application")
    show_change_link = True


class AncienNumeroInline(LectureSeuleInline):
    model = AncienNumero
    fields = readonly_fields = ("numero", "remplace_le")


class CentreRessourcesInline(admin.StackedInline):
    model = CentreRessources
    extra = 0
    raw_id_fields = ["territoriale"]


class InscriptionListeInline(LectureSeuleInline):
    model = InscriptionListe
    fields = readonly_fields = ("liste", "debut", "fin", "motif")
    show_change_link = True


@admin.register(Qualification)
class QualificationAdmin(AdminJournalise):
    list_display = ["intitule", "numero", "type", "statut", "code_rncp", "version_courante"]
    list_filter = ["type", "statut"]
    search_fields = ["intitule", "numero", "code_rncp", "texte_recherche"]
    list_select_related = ["version_courante"]
    inlines = [CentreRessourcesInline, VersionInline, InscriptionListeInline, AncienNumeroInline]
    fieldsets = [
        (None, {"fields": ["type", "intitule", "statut", "cqpi", "version_courante"]}),
        ("Numéro", {"fields": ["numero", "sequence", "date_creation"]}),
        (
            "Enregistrement RNCP",
            {
                "fields": [
                    "code_rncp",
                    "rncp_date_arrete",
                    "rncp_date_jo",
                    "rncp_debut",
                    "rncp_fin",
                    "codes_nsf",
                    "codes_rome",
                    "attributions_annuelles_moyennes",
                    *CHAMPS_RNCP_OPEN_DATA,
                ],
                "description": (
                    "Niveau, état, activité et anciens codes de la fiche viennent de l'import de l'open data de "
                    "France Compétences (commande importer_rncp) : ils ne se modifient pas ici."
                ),
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Qualification | None = None) -> list[str]:
        """The state and the version in force change only through the GTP's decisions (cycle_de_vie); a number
        once given changes only through the lifecycle, which keeps the old one (R-ID-03); the open-data fields
        are France Compétences' and change only through the RNCP sync."""
        cycle = ["statut", "version_courante"]
        if obj is not None and obj.numero:
            return [*cycle, "numero", "sequence", "date_creation", *CHAMPS_RNCP_OPEN_DATA]
        return [*cycle, *CHAMPS_RNCP_OPEN_DATA]


class EnfantDeVersionInline(admin.StackedInline):
    """Content of a version: editable while it is a draft, frozen once decided (R-REF-03)."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _decidee(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _decidee(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _decidee(obj) and super().has_delete_permission(request, obj)


class ActiviteInline(EnfantDeVersionInline):
    model = Activite


class BlocInline(EnfantDeVersionInline):
    """The bloc's RNCP registration (`CHAMPS_ENREGISTREMENT_RNCP`) is written by the RNCP sync, shown read-only."""

    model = Bloc
    fieldsets = [
        (None, {"fields": ["numero", "intitule", "numero_bdc"]}),
        ("Enregistrement RNCP", {"fields": sorted(CHAMPS_ENREGISTREMENT_RNCP)}),
    ]
    readonly_fields = sorted(CHAMPS_ENREGISTREMENT_RNCP)


class CapaciteInline(EnfantDeVersionInline):
    model = Capacite
    fields = ["numero", "bloc", "intitule"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "bloc":
            objet_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Bloc.objects.filter(version_id=objet_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(VersionReferentiel)
class VersionReferentielAdmin(AdminJournalise):
    list_display = ["intitule", "qualification", "numero", "statut", "categorie", "date_decision"]
    list_filter = ["statut", "categorie"]
    search_fields = ["intitule", "qualification__intitule", "qualification__numero"]
    list_select_related = ["qualification"]
    raw_id_fields = ["qualification"]
    inlines = [ActiviteInline, BlocInline, CapaciteInline]

    readonly_fields = ["statut", "date_decision", "date_application"]
    """A draft's content is edited here or in the request's project editor; its state and dates come from the
    GTP's decision only (cycle_de_vie)."""

    def has_change_permission(self, request: HttpRequest, obj: VersionReferentiel | None = None) -> bool:
        return not _decidee(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: VersionReferentiel | None = None) -> bool:
        return not _decidee(obj) and super().has_delete_permission(request, obj)


class ModaliteInline(admin.StackedInline):
    model = ModaliteAutorisee
    extra = 0

    def _modifiable(self, capacite: Capacite | None) -> bool:
        return capacite is None or not _decidee(capacite.version)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._modifiable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._modifiable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._modifiable(obj) and super().has_delete_permission(request, obj)


@admin.register(Capacite)
class CapaciteAdmin(AdminJournalise):
    """Reached from its version (not listed on the index): criteria, conditions and allowed modalities."""

    list_display = ["__str__", "version", "bloc"]
    search_fields = ["intitule", "version__intitule"]
    inlines = [ModaliteInline]
    readonly_fields = ["version"]

    def get_model_perms(self, request: HttpRequest) -> dict[str, bool]:
        return {}

    def has_change_permission(self, request: HttpRequest, obj: Capacite | None = None) -> bool:
        return not (obj is not None and _decidee(obj.version)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Capacite | None = None) -> bool:
        return not (obj is not None and _decidee(obj.version)) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(InscriptionListe)
class InscriptionListeAdmin(AdminJournalise):
    """A stay on a list is closed by dating its end, never deleted (R-LIST-03)."""

    list_display = ["qualification", "liste", "debut", "fin", "motif"]
    list_filter = ["liste"]
    search_fields = ["qualification__intitule", "qualification__numero"]
    raw_id_fields = ["qualification"]
    date_hierarchy = "debut"

    def get_readonly_fields(self, request: HttpRequest, obj: InscriptionListe | None = None) -> list[str]:
        return ["qualification", "liste", "debut"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: InscriptionListe | None = None) -> bool:
        return False
