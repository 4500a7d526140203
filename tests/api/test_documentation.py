"""The OpenAPI schema and its Swagger UI page, served from our own static files (no CDN)."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served_with_french_tags(client: Client) -> None:
    reponse = client.get("/api/v1/openapi.json")
    assert reponse.status_code == 200
    schema = reponse.json()
    assert schema["info"]["title"] == "API du Dispositif CQPM"
    tags = {tag for operations in schema["paths"].values() for op in operations.values() for tag in op["tags"]}
    assert tags == {
        "Catalogue des qualifications",
        "Numéros",
        "Échange de référentiels",
        "Organisations",
        "Compte",
        "Demandes sur les référentiels",
        "Séances du GTP",
        "Candidats et inscriptions",
        "Validation des acquis de l'expérience",
        "Espace candidat",
        "Évaluations",
        "Jurys paritaires de délibération",
        "Attributions et certificats",
        "Archives et données personnelles",
    }
    assert set(schema["components"]["securitySchemes"]) == {"JetonPersonnel", "SessionNavigateur"}
    publiques = ["/api/v1/qualifications", "/api/v1/numeros/analyse", "/api/v1/territoriales"]
    assert all("security" not in schema["paths"][p]["get"] for p in publiques)
    assert schema["paths"]["/api/v1/organisations"]["get"]["security"]


def test_openapi_schema_has_no_duplicated_key(client: Client) -> None:
    """Swagger UI refuses a document with a key twice (ninja's int status codes next to string ones)."""

    def sans_doublon(paires: list[tuple[str, object]]) -> dict[str, object]:
        cles = [cle for cle, _ in paires]
        assert len(cles) == len(set(cles)), cles
        return dict(paires)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=sans_doublon)


def test_docs_page_loads_swagger_from_our_own_static_files(client: Client) -> None:
    reponse = client.get("/api/docs")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert '<html lang="fr">' in html
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert not [s for s in sources if s.startswith(("http://", "https://", "//"))]
    assert not re.search(r'<script[^>]+src="https://', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    for source in sources:
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source
    assert '"validatorUrl": null' in html
    assert '"url": "/api/v1/openapi.json"' in html


def _sous_classes(classe: type) -> list[type]:
    return [c for s in classe.__subclasses__() for c in (s, *_sous_classes(s))]


def test_no_two_api_schemas_share_a_name() -> None:
    """The OpenAPI components are keyed by class name: a second `DossierOut` silently replaces the first one's
    description, and clients (and schemathesis) then validate answers against the wrong schema."""
    from ninja import Schema

    import config.api  # noqa: F401  (every router and its schemas)

    noms: dict[str, str] = {}
    doublons = []
    for classe in _sous_classes(Schema):
        if not classe.__module__.startswith("cqpm."):
            continue
        chemin = f"{classe.__module__}.{classe.__qualname__}"
        if noms.setdefault(classe.__name__, chemin) != chemin:
            doublons.append((noms[classe.__name__], chemin))
    assert not doublons
