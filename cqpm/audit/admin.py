from django.contrib import admin

from cqpm.audit.models import EntreeAudit


@admin.register(EntreeAudit)
class EntreeAuditAdmin(admin.ModelAdmin):
    list_display = ["horodatage", "acteur_libelle", "action", "objet_type", "objet_libelle", "regle"]
    list_filter = ["action", "objet_type"]
    search_fields = ["objet_libelle", "acteur_libelle", "objet_id"]
    date_hierarchy = "horodatage"

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
