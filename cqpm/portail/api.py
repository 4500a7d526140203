"""The candidate space through the API: staff invite a candidate; a candidate reads his own parcours.

A candidate the caller may not read answers 404, as in `cqpm.candidats.api`. `/moi/…` reads only the caller's
own register entry (`services.candidat_de`): there is no identifier to change.
"""

import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status

from cqpm.api.schemas import reponses
from cqpm.api.securite import AUTHENTIFIE, appelant
from cqpm.candidats.api import InscriptionResume
from cqpm.candidats.models import Inscription
from cqpm.candidats.services import candidats_visibles
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import AccesRefuse, Introuvable
from cqpm.portail import services
from cqpm.portail.models import Invitation

router = Router(auth=AUTHENTIFIE)

TAGS = ["Espace candidat"]
ID_MAX = 2**63 - 1
IdCandidat = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant du candidat.")]


class InvitationOut(Schema):
    candidat_id: int
    courriel: str = Field(description="L'adresse à laquelle le lien a été envoyé.")
    envoyee_le: datetime.datetime
    expire_le: datetime.datetime = Field(description="Le lien ne sert qu'une fois, et jusqu'à cette date.")

    @staticmethod
    def resolve_envoyee_le(obj: Invitation) -> datetime.datetime:
        return obj.cree_le


class ParcoursOut(InscriptionResume):
    inscription_id: int

    @staticmethod
    def resolve_inscription_id(obj: Inscription) -> int:
        return obj.pk


@router.post(
    "/candidats/{id}/invitation",
    response=reponses({201: InvitationOut}, 401, 403, 404),
    summary="Inviter un candidat à ouvrir son espace",
    tags=TAGS,
)
def inviter_candidat(request: HttpRequest, id: IdCandidat) -> Status[Invitation]:
    """Le centre d'examen d'une des inscriptions du candidat, ou le secrétariat, lui envoie par courriel un lien
    personnel (valable 14 jours, une seule fois) pour créer son compte ; une nouvelle invitation remplace la
    précédente. Le candidat doit avoir une adresse électronique et pas encore de compte."""
    acteur = appelant(request)
    exiger(acteur, Action.INVITER_CANDIDATS)
    candidat = candidats_visibles(acteur).filter(pk=id).first()
    if candidat is None:
        raise Introuvable(f"Le candidat n° {id} n'existe pas ou vous n'y avez pas accès.")
    invitation = services.inviter(candidat, acteur=acteur, racine=request.build_absolute_uri("/"))
    return Status(201, invitation)


@router.get(
    "/moi/parcours",
    response=reponses({200: list[ParcoursOut]}, 401, 403),
    summary="Mes parcours (candidat)",
    tags=TAGS,
)
def mes_parcours(request: HttpRequest) -> list[Inscription]:
    """Les inscriptions du candidat connecté, les plus récentes d'abord ; jamais celles d'un autre."""
    utilisateur = appelant(request)
    exiger(utilisateur, Action.CONSULTER_SON_ESPACE)
    candidat = services.candidat_de(utilisateur)
    if candidat is None:
        raise AccesRefuse("Accès refusé : votre compte n'est rattaché à aucun candidat.")
    return list(services.inscriptions_du_candidat(candidat))
