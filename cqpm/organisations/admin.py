from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cqpm.audit.admin import AdminJournalise
from cqpm.organisations import services
from cqpm.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(AdminJournalise):
    """Saves go through the organisation services: same checks and audit rows as every other channel."""

    list_display = ["nom", "type", "departement", "region", "siret", "secteur", "parent", "active"]
    list_filter = ["type", "active", "secteur", "region"]
    search_fields = ["nom", "departement", "siret", "region"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["type", "nom", "active"]}),
        ("Implantation", {"fields": ["departement", "region", "adresse", "email"]}),
        ("Entreprise", {"fields": ["siret", "code_nace", "secteur", "branche"], "classes": ["collapse"]}),
        ("Rattachement", {"fields": ["parent"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        champs = {champ: form.cleaned_data[champ] for champ in services.CHAMPS if champ in form.cleaned_data}
        if change:
            services.modifier_organisation(obj, acteur=request.user, **champs)
        else:
            cree = services.creer_organisation(acteur=request.user, **champs)
            obj.pk = cree.pk
            obj.refresh_from_db()
