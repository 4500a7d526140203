"""The archive through the API: the purge report (a dry run, R-ARCH-01) and a candidate's personal data export.
There is no DELETE here, nor anywhere in the API, for a document kept indefinitely (R-ARCH-02 to 04)."""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema

from cqpm.api.schemas import reponses
from cqpm.api.securite import AUTHENTIFIE, appelant
from cqpm.archives import donnees, services

router = Router(auth=AUTHENTIFIE)
TAGS = ["Archives et données personnelles"]
IdCandidat = Annotated[int, Path(ge=1, le=2**63 - 1, description="Identifiant du candidat.")]


class DocumentExpireOut(Schema):
    modele: str
    ids: list[int]
    nature: str
    libelle: str
    inscription: int
    regle: str = Field(description="La règle qui limite sa conservation (R-ARCH-01).")
    motif: str
    purge_le: datetime.date
    operation: str


class RapportPurgeOut(Schema):
    le: datetime.date
    documents: list[DocumentExpireOut]
    candidats_a_pseudonymiser: int


@router.get(
    "/archives/purge", response=reponses({200: RapportPurgeOut}, 401, 403), summary="Rapport de purge", tags=TAGS
)
def rapport_purge(request: HttpRequest) -> dict[str, Any]:
    """Ce que la purge supprimerait aujourd'hui, pourquoi et selon quelle règle (simulation, rien n'est supprimé)."""
    rapport = services.simulation(acteur=appelant(request))
    return {
        "le": rapport.le,
        "documents": [{**d.__dict__, "ids": list(d.ids), "operation": d.operation} for d in rapport.documents],
        "candidats_a_pseudonymiser": len(rapport.a_pseudonymiser),
    }


@router.get(
    "/archives/candidats/{id}/donnees",
    response=reponses({200: dict[str, Any]}, 401, 403, 404),
    summary="Données personnelles",
    tags=TAGS,
)
def donnees_personnelles(request: HttpRequest, id: IdCandidat) -> dict[str, Any]:
    """Tout ce que le produit détient sur le candidat, dans votre périmètre (RGPD art. 15 et 20) ; l'accès est
    inscrit au journal d'audit."""
    return donnees.donnees_candidat(id, acteur=appelant(request))
