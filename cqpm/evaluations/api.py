"""The evaluation of a candidate on the training path through the API (R-EVAL-01 to 06, R-REG-02, R-LET-04).

Every operation calls `cqpm.evaluations.services`, which checks who acts and the rules; an inscription, a candidate
or a commission the caller may not read answers 404, as if it did not exist.
"""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Router, Schema, Status

from cqpm.api.schemas import PDF, DateSaisie, reponse_pdf, reponses
from cqpm.api.securite import AUTHENTIFIE, appelant
from cqpm.candidats.models import Inscription
from cqpm.candidats.services import candidats_visibles, inscription_visible
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.evaluations import etat, services
from cqpm.evaluations.enums import SourceAcquis
from cqpm.evaluations.models import (
    AcquisAnterieur,
    CommissionEvaluation,
    DossierEvaluation,
    ModaliteChoisie,
    ResultatCapacite,
)
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import Modalite
from cqpm.referentiels.models import Capacite

router = Router(auth=AUTHENTIFIE)

SANS_NUL = r"^[^\x00]*$"
ID_MAX = 2**63 - 1
TAGS = ["Évaluations"]

Identifiant = Annotated[int, Field(ge=1, le=ID_MAX)]
IdInscription = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant de l'inscription.")]
IdCandidat = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant du candidat.")]
IdCommission = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant de la commission d'évaluation.")]


def _texte(longueur: int, description: str) -> Any:
    return Field(max_length=longueur, pattern=SANS_NUL, description=description)


# Schemas.


class ChoixIn(Schema):
    capacite_id: Identifiant
    modalites: list[Modalite] = Field(max_length=4, description="Modalités retenues parmi celles du référentiel.")
    justification: Annotated[str, _texte(10_000, "Justification d'une situation reconstituée (R-EVAL-02).")] = ""


class ModalitesIn(Schema):
    choix: list[ChoixIn] = Field(max_length=200)


class TransmissionIn(Schema):
    le: DateSaisie


class RecommandationsIn(Schema):
    recommandations: Annotated[str, _texte(50_000, "Recommandations du centre de ressources.")]
    adaptations: Annotated[str, _texte(50_000, "Adaptations apportées au dossier.")] = ""
    le: DateSaisie


class AvisIn(Schema):
    avis: Annotated[str, _texte(50_000, "Avis de l'entreprise au regard des capacités.")]
    auteur: Annotated[str, _texte(200, "Tuteur, responsable hiérarchique ou fonctionnel.")]
    le: DateSaisie


class CompensationsIn(Schema):
    demandees: Annotated[str, _texte(10_000, "Compensations du handicap demandées par le candidat.")]
    demandees_le: DateSaisie | None = None
    accordees: Annotated[str, _texte(10_000, "Compensations accordées.")] = ""
    accordees_le: DateSaisie | None = None


class MembreIn(Schema):
    nom: Annotated[str, _texte(200, "Nom du membre.")]
    qualite: Annotated[str, _texte(300, "Qualité et expérience professionnelle.")]


class CommissionIn(Schema):
    centre_examen_id: Identifiant
    date: DateSaisie
    lieu: Annotated[str, _texte(200, "Lieu de la commission.")]
    membres: list[MembreIn] = Field(max_length=30)


class ResultatIn(Schema):
    capacite_id: Identifiant
    acquise: bool
    observations: Annotated[str, _texte(10_000, "Observations au regard des critères.")] = ""


class ResultatsIn(Schema):
    commission_id: Identifiant
    resultats: list[ResultatIn] = Field(max_length=200)


class AcquisIn(Schema):
    capacite_id: Identifiant
    date_jury: DateSaisie
    bloc_certifie: bool = False
    cqpm_rncp: bool | None = Field(None, description="Absent : déduit du registre à la date du jury.")
    reference: Annotated[str, _texte(200, "Référence du procès-verbal ou de l'archive.")] = ""


class MembreOut(Schema):
    nom: str
    qualite: str


class CommissionOut(Schema):
    id: int
    centre_examen_id: int
    date: datetime.date
    lieu: str
    membres: list[MembreOut]

    @staticmethod
    def resolve_membres(obj: CommissionEvaluation) -> list[Any]:
        return list(obj.membres.all())


class ChoixModaliteOut(Schema):
    capacite_id: int
    modalite: Modalite
    justification: str


class ResultatOut(Schema):
    capacite_id: int
    commission_id: int
    acquise: bool
    observations: str


class DossierEvaluationOut(Schema):
    id: int
    inscription_id: int
    modalites: list[ChoixModaliteOut]
    transmis_le: datetime.date | None
    recommandations: str
    recommandations_le: datetime.date | None
    adaptations: str
    avis_exige: bool = Field(description="L'avis de l'entreprise complète-t-il l'évaluation (R-EVAL-03) ?")
    avis_entreprise: str
    avis_auteur: str
    avis_le: datetime.date | None
    compensations_demandees: str
    compensations_demandees_le: datetime.date | None
    compensations_accordees: str
    compensations_accordees_le: datetime.date | None
    resultats: list[ResultatOut]

    @staticmethod
    def resolve_modalites(obj: DossierEvaluation) -> list[ModaliteChoisie]:
        return list(obj.modalites.all())

    @staticmethod
    def resolve_resultats(obj: DossierEvaluation) -> list[ResultatCapacite]:
        return list(obj.resultats.all())

    @staticmethod
    def resolve_avis_exige(obj: DossierEvaluation) -> bool:
        return services.avis_exige(obj.inscription)


class AcquisReportableOut(Schema):
    capacite_id: int
    numero: int
    intitule: str
    reprise: bool
    raison: str
    date_jury: datetime.date | None


class AcquisOut(Schema):
    id: int
    candidat_id: int
    qualification_id: int
    capacite_id: int
    date_jury: datetime.date
    bloc_certifie: bool
    cqpm_rncp: bool
    source: SourceAcquis
    reference: str


# Helpers.


def _inscription(request: HttpRequest, id: int) -> Inscription:
    return inscription_visible(appelant(request), id)


def _dossier(request: HttpRequest, id: int) -> DossierEvaluation:
    dossier = DossierEvaluation.objects.filter(inscription=_inscription(request, id)).first()
    if dossier is None:
        raise Introuvable(f"Le dossier d'évaluation de l'inscription n° {id} n'est pas ouvert.")
    return dossier


def _capacites(ids: list[int], champ: str) -> dict[int, Capacite]:
    trouvees = Capacite.objects.in_bulk(ids)
    inconnues = [i for i in ids if i not in trouvees]
    if inconnues:
        raise RegleViolee(
            "API", f"Capacité inconnue : {', '.join(map(str, inconnues))}.", code="capacite_inconnue", champ=champ
        )
    return trouvees


# The dossier.


@router.post(
    "/inscriptions/{id}/evaluation",
    response=reponses({201: DossierEvaluationOut}, 401, 403, 404),
    summary="Ouvrir le dossier d'évaluation",
    tags=TAGS,
)
def ouvrir(request: HttpRequest, id: IdInscription) -> Status[DossierEvaluation]:
    """Le dossier d'évaluation d'une inscription du parcours de formation (R-EVAL-01) ; l'ouvrir deux fois rend le
    même."""
    return Status(201, services.ouvrir_dossier(_inscription(request, id), acteur=appelant(request)))


@router.get(
    "/inscriptions/{id}/evaluation",
    response=reponses({200: DossierEvaluationOut}, 401, 404),
    summary="Dossier d'évaluation d'une inscription",
    tags=TAGS,
)
def dossier(request: HttpRequest, id: IdInscription) -> DossierEvaluation:
    return _dossier(request, id)


@router.post(
    "/inscriptions/{id}/evaluation/modalites",
    response=reponses({200: DossierEvaluationOut}, 401, 403, 404),
    summary="Choisir les modalités d'évaluation",
    tags=TAGS,
)
def modalites(request: HttpRequest, id: IdInscription, donnees: ModalitesIn) -> DossierEvaluation:
    """Par capacité, les modalités retenues parmi celles que prévoit la version épinglée (R-EVAL-01) ; une situation
    reconstituée seulement si le référentiel la prévoit, avec sa justification (R-EVAL-02)."""
    d = _dossier(request, id)
    capacites = _capacites([c.capacite_id for c in donnees.choix], "choix")
    choix = [
        services.ChoixCapacite(capacites[c.capacite_id], tuple(c.modalites), c.justification) for c in donnees.choix
    ]
    services.choisir_modalites(d, choix, acteur=appelant(request))
    return d


@router.post(
    "/inscriptions/{id}/evaluation/transmission",
    response=reponses({200: DossierEvaluationOut}, 401, 403, 404),
    summary="Transmettre le dossier au centre de ressources",
    tags=TAGS,
)
def transmission(request: HttpRequest, id: IdInscription, donnees: TransmissionIn) -> DossierEvaluation:
    return services.transmettre(_dossier(request, id), le=donnees.le, acteur=appelant(request))


@router.post(
    "/inscriptions/{id}/evaluation/recommandations",
    response=reponses({200: DossierEvaluationOut}, 401, 403, 404),
    summary="Enregistrer les recommandations du centre de ressources",
    tags=TAGS,
)
def recommandations(request: HttpRequest, id: IdInscription, donnees: RecommandationsIn) -> DossierEvaluation:
    return services.enregistrer_recommandations(_dossier(request, id), acteur=appelant(request), **donnees.dict())


@router.post(
    "/inscriptions/{id}/evaluation/avis-entreprise",
    response=reponses({200: DossierEvaluationOut}, 401, 403, 404),
    summary="Saisir l'avis de l'entreprise",
    tags=TAGS,
)
def avis_entreprise(request: HttpRequest, id: IdInscription, donnees: AvisIn) -> DossierEvaluation:
    """Par l'entreprise du candidat ou son centre d'examen ; sans objet en VAE et pour un salarié inscrit sans
    l'accord de son employeur (R-EVAL-03)."""
    return services.saisir_avis_entreprise(_dossier(request, id), acteur=appelant(request), **donnees.dict())


@router.post(
    "/inscriptions/{id}/evaluation/compensations",
    response=reponses({200: DossierEvaluationOut}, 401, 403, 404),
    summary="Enregistrer les compensations du handicap",
    tags=TAGS,
)
def compensations(request: HttpRequest, id: IdInscription, donnees: CompensationsIn) -> DossierEvaluation:
    """La demande du candidat et ce qui est accordé, datés (R-EVAL-05)."""
    return services.enregistrer_compensations(_dossier(request, id), acteur=appelant(request), **donnees.dict())


@router.post(
    "/inscriptions/{id}/evaluation/resultats",
    response=reponses({200: DossierEvaluationOut}, 401, 403, 404),
    summary="Enregistrer les résultats de la commission",
    tags=TAGS,
)
def resultats(request: HttpRequest, id: IdInscription, donnees: ResultatsIn) -> DossierEvaluation:
    """Par capacité, acquise ou non (R-EVAL-04), par une commission du centre d'examen réunie au moins 3 mois après
    l'inscription (R-REG-02)."""
    d = _dossier(request, id)
    commission = services.commissions_visibles(appelant(request)).filter(pk=donnees.commission_id).first()
    if commission is None:
        raise Introuvable(f"La commission n° {donnees.commission_id} n'existe pas ou vous n'y avez pas accès.")
    capacites = _capacites([r.capacite_id for r in donnees.resultats], "resultats")
    saisis = [services.ResultatSaisi(capacites[r.capacite_id], r.acquise, r.observations) for r in donnees.resultats]
    services.enregistrer_resultats(d, commission=commission, resultats=saisis, acteur=appelant(request))
    return d


@router.get(
    "/inscriptions/{id}/acquis-reportables",
    response=reponses({200: list[AcquisReportableOut]}, 401, 404),
    summary="Capacités reprises d'un jury antérieur",
    tags=TAGS,
)
def acquis_reportables(request: HttpRequest, id: IdInscription) -> list[dict[str, Any]]:
    """Par capacité de la version épinglée : reprise ou non d'un jury antérieur, et pourquoi (R-EVAL-06, R-LET-04)."""
    return [
        {
            "capacite_id": a.capacite.pk,
            "numero": a.capacite.numero,
            "intitule": a.capacite.intitule,
            "reprise": a.reprise,
            "raison": a.raison,
            "date_jury": a.date_jury,
        }
        for a in services.acquis_reportables(_inscription(request, id))
    ]


@router.get(
    "/inscriptions/{id}/etat-recapitulatif",
    response=reponses({200: None}, 401, 403, 404),
    summary="Télécharger l'état récapitulatif des évaluations (PDF)",
    tags=TAGS,
    openapi_extra=PDF,
)
def etat_recapitulatif(request: HttpRequest, id: IdInscription) -> HttpResponse:
    """Établi par le centre d'examen pour le jury (R-EVAL-04), capacités reprises signalées (R-EVAL-06)."""
    inscription = _inscription(request, id)
    pdf = etat.pdf_etat_recapitulatif(inscription, acteur=appelant(request))
    return reponse_pdf(pdf, etat.nom_fichier(inscription))


# Commissions.


@router.get(
    "/commissions-evaluation",
    response=reponses({200: list[CommissionOut]}, 401, 403),
    summary="Lister les commissions d'évaluation",
    tags=TAGS,
)
def lister_commissions(request: HttpRequest) -> list[CommissionEvaluation]:
    exiger(appelant(request), Action.GERER_EVALUATIONS)
    return list(services.commissions_visibles(appelant(request))[:200])


@router.post(
    "/commissions-evaluation",
    response=reponses({201: CommissionOut}, 401, 403),
    summary="Créer une commission d'évaluation",
    tags=TAGS,
)
def creer_commission(request: HttpRequest, donnees: CommissionIn) -> Status[CommissionEvaluation]:
    """Une commission du centre d'examen, composée de plusieurs membres qualifiés (R-EVAL-04)."""
    centre = Organisation.objects.filter(pk=donnees.centre_examen_id).first()
    if centre is None:
        raise RegleViolee("API", "Organisation inconnue.", code="organisation_inconnue", champ="centre_examen_id")
    commission = services.creer_commission(
        centre_examen=centre,
        date=donnees.date,
        lieu=donnees.lieu,
        membres=[services.MembreSaisi(m.nom, m.qualite) for m in donnees.membres],
        acteur=appelant(request),
    )
    return Status(201, commission)


@router.get(
    "/commissions-evaluation/{id}",
    response=reponses({200: CommissionOut}, 401, 404),
    summary="Fiche d'une commission d'évaluation",
    tags=TAGS,
)
def commission(request: HttpRequest, id: IdCommission) -> CommissionEvaluation:
    trouvee = services.commissions_visibles(appelant(request)).filter(pk=id).first()
    if trouvee is None:
        raise Introuvable(f"La commission n° {id} n'existe pas ou vous n'y avez pas accès.")
    return trouvee


# Earlier juries.


@router.get(
    "/candidats/{id}/acquis-anterieurs",
    response=reponses({200: list[AcquisOut]}, 401, 404),
    summary="Capacités validées par des jurys antérieurs",
    tags=TAGS,
)
def acquis_anterieurs(request: HttpRequest, id: IdCandidat) -> list[AcquisAnterieur]:
    candidat = candidats_visibles(appelant(request)).filter(pk=id).first()
    if candidat is None:
        raise Introuvable(f"Le candidat n° {id} n'existe pas ou vous n'y avez pas accès.")
    return list(AcquisAnterieur.objects.filter(candidat=candidat))


@router.post(
    "/candidats/{id}/acquis-anterieurs",
    response=reponses({201: AcquisOut}, 401, 403, 404),
    summary="Enregistrer une capacité validée par un jury antérieur",
    tags=TAGS,
)
def saisir_acquis(request: HttpRequest, id: IdCandidat, donnees: AcquisIn) -> Status[AcquisAnterieur]:
    """Reprise de l'historique papier par le centre d'examen (R-EVAL-06)."""
    candidat = candidats_visibles(appelant(request)).filter(pk=id).first()
    if candidat is None:
        raise Introuvable(f"Le candidat n° {id} n'existe pas ou vous n'y avez pas accès.")
    capacite = _capacites([donnees.capacite_id], "capacite_id")[donnees.capacite_id]
    acquis = services.saisir_acquis_anterieur(
        candidat,
        capacite,
        date_jury=donnees.date_jury,
        bloc_certifie=donnees.bloc_certifie,
        cqpm_rncp=donnees.cqpm_rncp,
        reference=donnees.reference,
        acteur=appelant(request),
    )
    return Status(201, acquis)
