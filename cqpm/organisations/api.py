"""Organisations through the API: the public directory of territoriales, and the scoped list of organisations.

What a caller sees comes from `cqpm.comptes.permissions.organisations_visibles`, the same scoping as the pages.
"""

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from cqpm.api.schemas import Pagination, reponses
from cqpm.api.securite import AUTHENTIFIE, appelant, identifier
from cqpm.comptes.permissions import Action, exiger, organisations_visibles
from cqpm.organisations.enums import Secteur, TypeOrganisation
from cqpm.organisations.models import Organisation

router = Router()


class TerritorialeOut(Schema):
    id: int
    nom: str
    departement: str = Field(description="Code du département (01, 2A, 971…) qui identifie la territoriale.")
    region: str
    adresse: str
    email: str


class OrganisationOut(Schema):
    id: int
    type: TypeOrganisation
    nom: str
    departement: str
    region: str
    adresse: str
    email: str
    siret: str
    code_nace: str
    secteur: Secteur | None = Field(description="M (métaux) ou HM (hors métaux), pour une entreprise.")
    branche: str = Field(description="Branche d'une entreprise hors métaux.")
    parent_id: int | None = Field(description="Organisation de rattachement (syndicat d'une branche syndicale).")
    active: bool

    @staticmethod
    def resolve_secteur(obj: Organisation) -> str | None:
        return obj.secteur or None


@router.get(
    "/territoriales",
    response=reponses({200: list[TerritorialeOut]}),
    summary="Annuaire des UIMM territoriales",
    tags=["Organisations"],
)
@paginate(Pagination)
def lister_territoriales(request: HttpRequest) -> QuerySet[Organisation]:
    """Les UIMM territoriales actives, par département : centres de ressources et centres d'examen."""
    identifier(request)
    return Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, active=True).order_by("departement")


@router.get(
    "/organisations",
    auth=AUTHENTIFIE,
    response=reponses({200: list[OrganisationOut]}, 401, 403),
    summary="Organisations visibles par l'utilisateur",
    tags=["Organisations"],
)
@paginate(Pagination)
def lister_organisations(
    request: HttpRequest,
    type: Annotated[TypeOrganisation | None, Query(description="Ne garder que ce type d'organisation.")] = None,
) -> Any:
    """Le secrétariat et les membres du GTP voient toutes les organisations ; le personnel d'une territoriale, les
    contacts d'entreprise, d'organisme de formation ou de branche syndicale, seulement la ou les leurs."""
    utilisateur = appelant(request)
    exiger(utilisateur, Action.CONSULTER_ORGANISATION)
    organisations = organisations_visibles(utilisateur).order_by("type", "departement", "nom", "pk")
    return organisations.filter(type=type) if type else organisations
