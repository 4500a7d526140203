from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from cqpm.audit.admin import AdminJournalise
from cqpm.comptes import jetons, services
from cqpm.comptes.enums import Role
from cqpm.comptes.models import Habilitation, JetonAPI, Utilisateur
from cqpm.core.errors import RegleViolee


class FormulaireHabilitation(forms.ModelForm):
    class Meta:
        model = Habilitation
        fields = ["role", "organisation"]

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        if donnees.get("role"):
            try:
                services.verifier_organisation(Role(donnees["role"]), donnees.get("organisation"))
            except RegleViolee as exc:
                raise ValidationError({"organisation": exc.message}) from exc
        return donnees


class HabilitationInline(admin.StackedInline):
    model = Habilitation
    form = FormulaireHabilitation
    extra = 0
    raw_id_fields = ["organisation"]
    verbose_name_plural = "habilitations (rôles)"


@admin.register(Utilisateur)
class UtilisateurAdmin(AdminJournalise, UserAdmin):
    """Roles are granted through the habilitation inline, i.e. through attribuer_role / retirer_role (audited,
    and the staff flag follows the secretariat role); no Django groups or hand-set permissions."""

    list_display = ["username", "last_name", "first_name", "email", "roles_affiches", "is_active", "last_login"]
    list_filter = ["is_active", "is_staff", "habilitations__role"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["is_staff", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name", "email"]}),
        ("État du compte", {"fields": ["is_active", "is_staff", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["username", "first_name", "last_name", "email", "password1", "password2"]},
        )
    ]
    inlines = [HabilitationInline]

    @admin.display(description="rôles")
    def roles_affiches(self, obj: Utilisateur) -> str:
        return ", ".join(str(h) for h in obj.habilitations.all()) or "—"

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("habilitations__organisation")

    def get_inlines(self, request: HttpRequest, obj: Utilisateur | None) -> Any:
        return self.inlines if obj is not None else []

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Each added, changed or removed habilitation goes through the role services."""
        if formset.model is not Habilitation:
            super().save_formset(request, form, formset, change)
            return
        utilisateur = form.instance
        with transaction.atomic():
            for sous_formulaire in formset.deleted_forms:
                ancienne = sous_formulaire.instance
                if ancienne.pk:
                    services.retirer_role(utilisateur, Role(ancienne.role), ancienne.organisation, acteur=request.user)
            for sous_formulaire in formset.forms:
                if sous_formulaire in formset.deleted_forms or not sous_formulaire.has_changed():
                    continue
                donnees = sous_formulaire.cleaned_data
                if sous_formulaire.instance.pk:
                    ancienne = Habilitation.objects.get(pk=sous_formulaire.instance.pk)
                    services.retirer_role(utilisateur, Role(ancienne.role), ancienne.organisation, acteur=request.user)
                services.attribuer_role(utilisateur, donnees["role"], donnees.get("organisation"), acteur=request.user)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        form.instance.refresh_from_db()


@admin.register(JetonAPI)
class JetonAPIAdmin(admin.ModelAdmin):
    """Shown for oversight, never edited (the secret is not stored); the secretariat can revoke a token."""

    actions = ["revoquer"]
    list_display = ["nom", "prefixe", "utilisateur", "cree_le", "utilise_le", "revoque_le"]
    list_filter = ["revoque_le"]
    search_fields = ["nom", "prefixe", "utilisateur__username"]
    readonly_fields = ["utilisateur", "nom", "prefixe", "empreinte", "cree_le", "utilise_le", "revoque_le"]

    @admin.action(description="Révoquer les jetons sélectionnés", permissions=["view"])
    def revoquer(self, request: HttpRequest, queryset: Any) -> None:
        for jeton in queryset:
            jetons.revoquer_jeton(jeton, acteur=request.user)
        self.message_user(request, f"{queryset.count()} jeton(s) révoqué(s).")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _journaliser_admin_tiers() -> None:
    """Third-party admins that write — second-factor devices (a reset lets someone enrol again) and login lock-outs
    (deleting one unlocks an account) — are re-registered with the audit mixin; Django's groups are not used
    (roles are habilitations) and leave the admin."""
    import axes.admin  # noqa: F401  (registers its admins before they are replaced below)
    import django_otp.plugins.otp_totp.admin  # noqa: F401
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if admin.site.is_registered(Group):
        admin.site.unregister(Group)
    for modele in (TOTPDevice, AccessAttempt, AccessLog, AccessFailureLog):
        origine = type(admin.site.get_model_admin(modele))
        if issubclass(origine, AdminJournalise):
            continue
        admin.site.unregister(modele)
        admin.site.register(modele, type(f"{origine.__name__}Journalise", (AdminJournalise, origine), {}))


_journaliser_admin_tiers()
