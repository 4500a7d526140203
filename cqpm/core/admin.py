from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from cqpm.audit.admin import LectureSeule
from cqpm.comptes.permissions import Action, peut
from cqpm.core.courriels import relancer_courriels
from cqpm.core.models import CourrielEnvoye, PieceJointeCourriel

CHAMPS = (
    "sujet",
    "destinataires",
    "corps",
    "reference",
    "statut",
    "remis_a",
    "tentatives",
    "cree_le",
    "derniere_tentative_le",
    "envoye_le",
    "derniere_erreur",
    "en_cours_depuis",
    "bail_jusqu_a",
)


class PiecesJointesEnLigne(LectureSeule, admin.TabularInline):  # type: ignore[misc]
    model = PieceJointeCourriel
    fields = readonly_fields = ("nom", "type_mime", "taille")
    extra = 0

    @admin.display(description="taille (octets)")
    def taille(self, obj: PieceJointeCourriel) -> int:
        return len(obj.contenu)


@admin.register(CourrielEnvoye)
class CourrielEnvoyeAdmin(admin.ModelAdmin):
    """Read-only trace of the notifications; the one thing the secretariat may do is relaunch failed
    ones and sendings interrupted by a dead worker (lease expired)."""

    list_display = ["cree_le", "sujet", "liste_destinataires", "reference", "statut", "tentatives", "envoye_le"]
    list_filter = ["statut"]
    search_fields = ["sujet", "reference", "destinataires"]
    date_hierarchy = "cree_le"
    actions = ["relancer"]
    fields = readonly_fields = CHAMPS
    inlines = [PiecesJointesEnLigne]

    @admin.display(description="destinataires")
    def liste_destinataires(self, obj: CourrielEnvoye) -> str:
        return ", ".join(obj.destinataires)

    @admin.action(
        description="Relancer l'envoi des courriels en échec ou interrompus sélectionnés", permissions=["relancer"]
    )
    def relancer(self, request: HttpRequest, queryset: QuerySet[CourrielEnvoye]) -> None:
        relances = relancer_courriels(acteur=request.user, ids=queryset.values_list("pk", flat=True))
        if relances:
            self.message_user(request, f"{len(relances)} courriel(s) remis en file d'attente.", messages.SUCCESS)
        else:
            self.message_user(request, "Aucun courriel en échec ou interrompu dans la sélection.", messages.WARNING)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return peut(request.user, Action.ADMINISTRER)

    def has_view_permission(self, request: HttpRequest, obj: CourrielEnvoye | None = None) -> bool:
        return peut(request.user, Action.ADMINISTRER)

    def has_relancer_permission(self, request: HttpRequest) -> bool:
        return peut(request.user, Action.ADMINISTRER)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CourrielEnvoye | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: CourrielEnvoye | None = None) -> bool:
        return False
