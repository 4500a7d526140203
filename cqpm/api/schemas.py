"""Schemas every router shares: the error body, its documented statuses, and the French paginated page."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpResponse
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_MAX = 100_000
"""Far beyond any real result set, low enough that the row offset stays a database integer."""


def bornes_date(minimum: datetime.date, maximum: datetime.date = datetime.date(2999, 12, 31)) -> Any:
    """The Field of a date input with its bounds checked and published: pydantic checks `ge`/`le` but does not put
    them in the JSON schema of a date, so the schema carries them as `formatMinimum`/`formatMaximum` (JSON Schema's
    vocabulary for bounded formats) and in words."""
    return Field(
        ge=minimum,
        le=maximum,
        description=f"Date AAAA-MM-JJ, du {minimum:%d/%m/%Y} au {maximum:%d/%m/%Y}.",
        json_schema_extra={"formatMinimum": minimum.isoformat(), "formatMaximum": maximum.isoformat()},
    )


DateSaisie = Annotated[datetime.date, bornes_date(datetime.date(1950, 1, 1))]
"""A date a user enters about the Dispositif's life (séances, decisions, informations): from 1950."""


class DetailErreur(Schema):
    champ: str = Field(description="Chemin du champ en cause (« query.page », « blocs.0.capacites »…).")
    message: str = Field(description="Ce qui ne va pas dans ce champ, en français.")
    rule: str | None = Field(None, description="Règle propre à ce champ, quand elle diffère de celle de l'erreur.")


class Erreur(Schema):
    """Every error of the API has this body, whatever its status: never an HTML page."""

    code: str = Field(description="Code stable de l'erreur, à tester par les programmes (« introuvable »…).")
    rule: str = Field(description="Règle du Dispositif ou du produit qui refuse (« R-ID-05 », « ACCES », « API »…).")
    message: str = Field(description="Explication en français, à montrer telle quelle à l'utilisateur.")
    champ: str | None = Field(None, description="Le champ en cause, quand il n'y en a qu'un.")
    details: list[DetailErreur] | None = Field(None, description="Un élément par champ en cause.")


def reponses(succes: dict[int, Any], *statuts: int) -> dict[int, Any]:
    """The operation's success responses plus the error statuses it may answer (422 and 500 always)."""
    return {**succes, **dict.fromkeys(sorted({*statuts, 422, 500}), Erreur)}


class Pagination(PageNumberPagination):
    """Page-number pagination with bounded, documented parameters."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX, description="Numéro de la page demandée, à partir de 1.")
        page_size: int | None = Field(
            None, ge=1, le=100, description="Nombre d'éléments par page (20 par défaut, 100 au plus)."
        )

    class Output(Schema):
        items: list[Any] = Field(description="Les éléments de la page.")
        count: int = Field(description="Nombre total d'éléments, toutes pages confondues.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=20, max_page_size=100, **kwargs)


PDF: dict[str, Any] = {
    "responses": {
        200: {
            "description": "Le document, en PDF.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}
"""`openapi_extra` of an endpoint that answers a PDF document."""


def reponse_pdf(contenu: bytes, nom: str) -> HttpResponse:
    """A PDF document as a download named `nom`."""
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse
