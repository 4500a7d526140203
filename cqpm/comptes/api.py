"""The caller's account through the API: who he is, and his personal API tokens.

Tokens are managed from the browser session only: a token must not be able to mint or revoke tokens, or a leaked
one could perpetuate itself.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status

from cqpm.api.schemas import reponses
from cqpm.api.securite import AUTHENTIFIE, SESSION_SEULE, appelant, par_jeton
from cqpm.comptes import jetons
from cqpm.comptes.enums import Role
from cqpm.comptes.models import JetonAPI
from cqpm.comptes.permissions import est_verifie, habilitations, habilitations_effectives
from cqpm.core.errors import Introuvable

router = Router(tags=["Compte"])


class OrganisationLien(Schema):
    id: int
    nom: str


class HabilitationOut(Schema):
    role: Role
    libelle: str
    organisation: OrganisationLien | None
    effective: bool = Field(
        description="Le rôle compte pour cette requête ; un rôle du secrétariat ou du GTP ne compte qu'après la "
        "double authentification, jamais par jeton."
    )


class MoiOut(Schema):
    id: int
    identifiant: str
    nom_complet: str
    email: str
    authentification: str = Field(description="« jeton » (jeton d'API) ou « session » (navigateur).")
    double_facteur_verifie: bool
    habilitations: list[HabilitationOut]


class JetonOut(Schema):
    id: int
    nom: str
    prefixe: str = Field(description="Début public du jeton (cqpm_<préfixe>_…), pour le reconnaître.")
    cree_le: datetime.datetime
    utilise_le: datetime.datetime | None
    revoque_le: datetime.datetime | None


class JetonCree(JetonOut):
    secret: str = Field(description="Le jeton complet, montré cette seule fois : conservez-le en lieu sûr.")


class JetonIn(Schema):
    nom: str = Field(
        ..., min_length=1, max_length=100, pattern=r"^[^\x00]*$", description="Nom pour reconnaître le jeton."
    )


IdJeton = Annotated[int, Path(ge=1, le=2**63 - 1, description="Identifiant du jeton.")]


@router.get("/moi", auth=AUTHENTIFIE, response=reponses({200: MoiOut}, 401), summary="Qui suis-je ?")
def moi(request: HttpRequest) -> dict[str, Any]:
    """L'utilisateur authentifié et ses habilitations, en indiquant celles qui comptent pour cette requête."""
    utilisateur = appelant(request)
    effectives = {h.pk for h in habilitations_effectives(utilisateur)}
    return {
        "id": utilisateur.pk,
        "identifiant": utilisateur.get_username(),
        "nom_complet": utilisateur.get_full_name(),
        "email": utilisateur.email,
        "authentification": "jeton" if par_jeton(request) else "session",
        "double_facteur_verifie": est_verifie(utilisateur),
        "habilitations": [
            {
                "role": h.role,
                "libelle": Role(h.role).label,
                "organisation": {"id": h.organisation.pk, "nom": str(h.organisation)} if h.organisation else None,
                "effective": h.pk in effectives,
            }
            for h in habilitations(utilisateur)
        ],
    }


def _jeton(jeton: JetonAPI) -> dict[str, Any]:
    return {
        "id": jeton.pk,
        "nom": jeton.nom,
        "prefixe": jeton.prefixe,
        "cree_le": jeton.cree_le,
        "utilise_le": jeton.utilise_le,
        "revoque_le": jeton.revoque_le,
    }


@router.get("/jetons", auth=SESSION_SEULE, response=reponses({200: list[JetonOut]}, 401), summary="Mes jetons d'API")
def lister_jetons(request: HttpRequest) -> list[dict[str, Any]]:
    """Les jetons de l'utilisateur connecté, révoqués compris ; le secret n'est jamais redonné."""
    utilisateur = appelant(request)
    return [_jeton(j) for j in JetonAPI.objects.filter(utilisateur_id=utilisateur.pk).order_by("-cree_le", "-pk")]


@router.post(
    "/jetons",
    auth=SESSION_SEULE,
    response=reponses({201: JetonCree}, 400, 401, 403),
    summary="Créer un jeton d'API",
)
def creer_jeton(request: HttpRequest, donnees: JetonIn) -> Status[dict[str, Any]]:
    """Crée un jeton personnel pour les programmes de l'utilisateur connecté ; le secret n'est montré qu'ici."""
    utilisateur = appelant(request)
    jeton, secret = jetons.creer_jeton(utilisateur, donnees.nom, acteur=utilisateur)
    return Status(201, {**_jeton(jeton), "secret": secret})


@router.delete(
    "/jetons/{id}",
    auth=SESSION_SEULE,
    response=reponses({200: JetonOut}, 401, 403, 404),
    summary="Révoquer un jeton d'API",
)
def revoquer_jeton(request: HttpRequest, id: IdJeton) -> dict[str, Any]:
    """Révoque définitivement un jeton de l'utilisateur connecté ; il est aussitôt refusé (401)."""
    utilisateur = appelant(request)
    jeton = JetonAPI.objects.select_related("utilisateur").filter(pk=id, utilisateur_id=utilisateur.pk).first()
    if jeton is None:
        raise Introuvable("Vous n'avez pas de jeton d'API portant cet identifiant.")
    return _jeton(jetons.revoquer_jeton(jeton, acteur=utilisateur))
