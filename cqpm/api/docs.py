"""The API's documentation page: Swagger UI served from our own static files (ninja ships them), no CDN."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import ensure_csrf_cookie
from ninja import NinjaAPI


@ensure_csrf_cookie
def documentation(request: HttpRequest, api: NinjaAPI) -> HttpResponse:
    """Swagger UI on /api/v1/openapi.json; « Try it out » works with the browser's session and its CSRF token.

    The API it documents is handed over by the URL root (config/urls.py), which mounts both."""
    reglages = {
        "url": reverse(f"{api.urls_namespace}:openapi-json"),
        "layout": "BaseLayout",
        "deepLinking": True,
        "validatorUrl": None,  # Swagger UI would otherwise send the schema to validator.swagger.io
    }
    return render(request, "api/documentation.html", {"api": api, "reglages": json.dumps(reglages)})
