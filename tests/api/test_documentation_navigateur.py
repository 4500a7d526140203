"""The Swagger UI page really works offline: every file it loads comes from our own server, none from a CDN."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_operations_without_any_outside_request(page, live_server):  # type: ignore[no-untyped-def]
    ailleurs: list[str] = []
    local = urlsplit(live_server.url).netloc

    def filtrer(route):  # type: ignore[no-untyped-def]
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            ailleurs.append(route.request.url)
            route.abort()

    page.route("**/*", filtrer)
    page.goto("/api/docs")
    page.get_by_text("/api/v1/qualifications/{id}", exact=True).first.wait_for()
    assert "API du Dispositif CQPM" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_text("Catalogue des qualifications").first.is_visible()
    assert ailleurs == []
