"""The admin site, reserved to the GTP secretariat once OTP-verified (the staff flag alone never opens it)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from cqpm.comptes.decorateurs import refuser
from cqpm.comptes.permissions import Action, peut


class SiteAdministration(admin.AdminSite):
    site_header = "Administration du Dispositif CQPM"
    site_title = "Administration CQPM"
    index_title = "Tableau d'administration"

    def has_permission(self, request: HttpRequest) -> bool:
        """The verified secretariat, whatever the staff flag says (attribuer_role keeps that flag in step)."""
        return bool(request.user.is_active and peut(request.user, Action.ADMINISTRER))

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """No login form of its own: the site's login (with its OTP step) is the only way in."""
        suite = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if not url_has_allowed_host_and_scheme(suite, {request.get_host()}, request.is_secure()):
            suite = reverse("admin:index", current_app=self.name)
        if self.has_permission(request):
            return HttpResponseRedirect(suite)
        return refuser(request, Action.ADMINISTRER, suite=suite)
