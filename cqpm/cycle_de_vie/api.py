"""The lifecycle of referentials through the API: requests, their dossier and attachments, GTP séances, decisions.

Every operation calls `cqpm.cycle_de_vie.services`, which checks who acts (roles and scope) and the rules, as for
the pages; a request the caller may not read answers 404, as if it did not exist (`demandes_visibles`).
"""

# No `from __future__ import annotations`: @paginate wraps the views, and ninja would then resolve their
# annotations in ninja.pagination's namespace instead of this module's.
import datetime
from collections.abc import Sequence
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Path, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from cqpm.api.schemas import DateSaisie, DetailErreur, Pagination, reponses
from cqpm.api.securite import AUTHENTIFIE, appelant
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.cycle_de_vie import projet as projet_referentiel
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import (
    OrigineDemande,
    SensAvisCNCP,
    StatutDemande,
    TypeDemande,
    TypePiece,
)
from cqpm.cycle_de_vie.models import SECTIONS_RAPPORT, Decision, Demande, PieceJointe
from cqpm.gtp import services as gtp
from cqpm.gtp.enums import IssuePoint, NatureSujet, StatutSeance
from cqpm.gtp.models import PointOrdreDuJour, Seance
from cqpm.organisations.models import Organisation
from cqpm.referentiels import catalogue
from cqpm.referentiels.api import VersionOut, _bloc, _version_resume
from cqpm.referentiels.enums import Categorie, Modalite
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, CapaciteSaisie

router = Router(auth=AUTHENTIFIE)

SANS_NUL = r"^[^\x00]*$"
"""PostgreSQL text cannot hold a NUL character: such input is refused as invalid, not sent to the database."""
ID_MAX = 2**63 - 1
TEXTE_MAX = 50_000
TAGS_DEMANDES = ["Demandes sur les référentiels"]
TAGS_SEANCES = ["Séances du GTP"]

Identifiant = Annotated[int, Field(ge=1, le=ID_MAX)]
Texte = Annotated[str, Field(max_length=TEXTE_MAX, pattern=SANS_NUL)]
IdDemande = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant de la demande.")]
IdSeance = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant de la séance du GTP.")]


# Schemas.


class DossierIn(Schema):
    """The written parts of the dossier (rapport d'opportunité, letter of a reactivation, motive)."""

    historique: Texte = ""
    besoins_entreprises: Texte = ""
    perspectives_emplois: Texte = ""
    positionnement: Texte = ""
    publics_flux: Texte = ""
    analyse_activites: Texte = ""
    analyse_unites: Texte = ""
    flux_potentiel: Texte = ""
    arguments: Texte = ""
    fin_souhaitee: DateSaisie | None = Field(
        None, description="Réactivation souhaitée jusqu'à cette date (fin de la session, R-LC-REA-01)."
    )
    motif: Texte = Field("", description="Motif, obligatoire pour une mise en veille ou une suppression (R-LC-SUP-02).")


class DemandeIn(DossierIn):
    type: TypeDemande
    demandeurs: list[Identifiant] = Field(
        [], max_length=10, description="Organisations qui déposent la demande, dans l'ordre des départements."
    )
    par_le_gtp: bool = Field(False, description="Le GTP se saisit lui-même de la demande (secrétariat).")
    qualification_id: Identifiant | None = Field(None, description="Qualification concernée (sauf création).")
    intitule: Annotated[str, Field(max_length=300, pattern=SANS_NUL)] = Field(
        "", description="Titre du CQPM à créer (création)."
    )
    centres_ressources: list[Identifiant] = Field(
        [], max_length=10, description="Centres de ressources désignés par l'UIMM pour une création (R-LC-CRE-07)."
    )
    nouveaux_centres: list[Identifiant] = Field(
        [], max_length=10, description="Changement de centre de ressources demandé (R-LC-REV-02)."
    )
    avec_revision: bool = Field(False, description="Réactivation combinée avec une révision (R-LC-REA-01).")


class RetraitIn(Schema):
    motif: Texte = ""


class AvisCNCPIn(Schema):
    date: DateSaisie
    avis: SensAvisCNCP
    commentaire: Texte = ""


class InformationCPREFPIn(Schema):
    cprefp_id: Identifiant
    le: DateSaisie = Field(description="Date à laquelle la CPREFP a été informée.")


class SeanceIn(Schema):
    date: DateSaisie
    lieu: Annotated[str, Field(max_length=200, pattern=SANS_NUL)]
    intitule: Annotated[str, Field(max_length=200, pattern=SANS_NUL)] = ""


class InscriptionIn(Schema):
    demande_id: Identifiant


class DecisionIn(Schema):
    demande_id: Identifiant
    favorable: bool
    motif: Texte = Field("", description="Obligatoire pour une décision défavorable (R-LC-DEC-01).")
    categorie: Categorie | None = Field(None, description="Catégorie fixée à la création (R-LC-CRE-04, R-CAT-01).")
    liste_b: bool = Field(False, description="Avis favorable à l'inscription sur la liste B (R-LIST-02).")
    fin_reactivation: DateSaisie | None = Field(None, description="Fin d'une réactivation (R-LC-REA-02).")
    duree_indeterminee: bool = False


class OrganisationConcernee(Schema):
    id: int
    nom: str
    departement: str


class DemandeurOut(OrganisationConcernee):
    signe_le: datetime.datetime | None = Field(description="Signature de la demande conjointe (R-LC-REV-02).")


class SectionOut(Schema):
    cle: str
    libelle: str
    texte: str


class PieceOut(Schema):
    id: int
    nom: str
    taille: int
    type: TypePiece
    deposee_le: datetime.datetime


class AvisCNCPOut(Schema):
    date: datetime.date
    avis: SensAvisCNCP
    commentaire: str


class InformationCPREFPOut(Schema):
    cprefp: OrganisationConcernee
    informee_le: datetime.date | None


class DecisionOut(Schema):
    id: int
    demande_id: int
    date: datetime.date
    favorable: bool
    motif: str
    categorie: Categorie | None
    liste_b: bool
    fin_reactivation: datetime.date | None
    duree_indeterminee: bool
    numero: str = Field(description="Numéro de la qualification après la décision (R-ID-01).")


class DemandeResume(Schema):
    id: int
    type: TypeDemande
    origine: OrigineDemande
    statut: StatutDemande
    qualification_id: int
    intitule: str
    numero: str | None = Field(description="Numéro MQ de la qualification, une fois créée (R-ID-01).")
    creee_le: datetime.datetime

    @staticmethod
    def resolve_intitule(obj: Any) -> str:
        return obj["intitule"] if isinstance(obj, dict) else obj.qualification.intitule

    @staticmethod
    def resolve_numero(obj: Any) -> str | None:
        return obj["numero"] if isinstance(obj, dict) else obj.qualification.numero


class DemandeOut(DemandeResume):
    demandeurs: list[DemandeurOut]
    nouveaux_centres: list[OrganisationConcernee]
    avec_revision: bool
    projet_version: int | None = Field(description="Numéro de la version du projet de référentiel.")
    dossier: list[SectionOut] = Field(description="Parties écrites du dossier (R-LC-CRE-02).")
    fin_souhaitee: datetime.date | None
    motif: str
    soumise_le: datetime.datetime | None
    complete_le: datetime.datetime | None
    decidee_le: datetime.date | None
    retiree_le: datetime.datetime | None
    motif_retrait: str
    avis_cncp: AvisCNCPOut | None = Field(description="Avis de la CNCP sur une création (R-LC-CRE-03).")
    informations_cprefp: list[InformationCPREFPOut] = Field(description="CPREFP à informer (R-LC-REV-01).")
    pieces: list[PieceOut]
    manques: list[DetailErreur] = Field(description="Ce qui manque encore au dossier avant la décision.")
    ecart: list[str] | None = Field(
        description="Écart avec la version révisée, une ligne par changement (R-LC-REV-03)."
    )
    decision: DecisionOut | None


class PointOut(Schema):
    ordre: int
    intitule: str
    demande_id: int | None
    issue: IssuePoint


class SeanceResume(Schema):
    id: int
    date: datetime.date
    lieu: str
    intitule: str
    statut: StatutSeance


class SeanceOut(SeanceResume):
    points: list[PointOut] = Field(description="L'ordre du jour (les demandes que l'appelant peut consulter).")


# Reading.


def _demande(request: HttpRequest, id: int) -> Demande:
    demande = services.demandes_visibles(appelant(request)).filter(pk=id).first()
    if demande is None:
        raise Introuvable(f"La demande n° {id} n'existe pas ou vous n'y avez pas accès.")
    return demande


def _seance(id: int) -> Seance:
    seance = Seance.objects.filter(pk=id).first()
    if seance is None:
        raise Introuvable(f"La séance du GTP n° {id} n'existe pas.")
    return seance


def _organisations(ids: Sequence[int], champ: str) -> list[Organisation]:
    trouvees = Organisation.objects.in_bulk(ids)
    inconnues = [i for i in ids if i not in trouvees]
    if inconnues:
        raise RegleViolee(
            "API",
            f"Organisation inconnue : {', '.join(map(str, inconnues))}.",
            code="organisation_inconnue",
            champ=champ,
        )
    return [trouvees[i] for i in ids]


def _lien(o: Organisation) -> dict[str, Any]:
    return {"id": o.pk, "nom": o.nom, "departement": o.departement}


def _decision(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk,
        "demande_id": d.demande_id,
        "date": d.date,
        "favorable": d.favorable,
        "motif": d.motif,
        "categorie": d.categorie or None,
        "liste_b": d.liste_b,
        "fin_reactivation": d.fin_reactivation,
        "duree_indeterminee": d.duree_indeterminee,
        "numero": d.numero,
    }


def _piece(p: PieceJointe) -> dict[str, Any]:
    return {"id": p.pk, "nom": p.nom_original, "taille": p.taille, "type": p.type_detecte, "deposee_le": p.deposee_le}


def _fiche(demande: Demande) -> dict[str, Any]:
    demande = Demande.objects.select_related("qualification", "projet").get(pk=demande.pk)
    avis = getattr(demande, "avis_cncp", None)
    decision = Decision.objects.filter(demande=demande).first()
    ecart = services.ecart_demande(demande)
    return {
        "id": demande.pk,
        "type": demande.type,
        "origine": demande.origine,
        "statut": demande.statut,
        "qualification_id": demande.qualification_id,
        "intitule": demande.qualification.intitule,
        "numero": demande.qualification.numero,
        "creee_le": demande.creee_le,
        "demandeurs": [
            {**_lien(s.organisation), "signe_le": s.signe_le}
            for s in demande.signataires.select_related("organisation")
        ],
        "nouveaux_centres": [_lien(c.territoriale) for c in demande.centres_demandes.select_related("territoriale")],
        "avec_revision": demande.avec_revision,
        "projet_version": demande.projet.numero if demande.projet else None,
        "dossier": [{"cle": k, "libelle": v, "texte": getattr(demande, k)} for k, v in SECTIONS_RAPPORT.items()],
        "fin_souhaitee": demande.fin_souhaitee,
        "motif": demande.motif,
        "soumise_le": demande.soumise_le,
        "complete_le": demande.complete_le,
        "decidee_le": demande.decidee_le,
        "retiree_le": demande.retiree_le,
        "motif_retrait": demande.motif_retrait,
        "avis_cncp": {"date": avis.date, "avis": avis.sens, "commentaire": avis.commentaire} if avis else None,
        "informations_cprefp": [
            {"cprefp": _lien(i.cprefp), "informee_le": i.informee_le}
            for i in demande.informations_cprefp.select_related("cprefp")
        ],
        "pieces": [_piece(p) for p in demande.pieces.all()],
        "manques": [dict(e) for e in services.manques(demande)],
        "ecart": ecart.lignes() if ecart is not None else None,
        "decision": _decision(decision) if decision else None,
    }


def _point(p: PointOrdreDuJour) -> dict[str, Any]:
    demande_id = p.sujet_id if p.nature == NatureSujet.DEMANDE else None
    return {"ordre": p.ordre, "intitule": p.intitule, "demande_id": demande_id, "issue": p.issue}


def _agenda(request: HttpRequest, seance: Seance) -> dict[str, Any]:
    points: QuerySet[PointOrdreDuJour] = gtp.points_visibles(seance, appelant(request))
    return {
        "id": seance.pk,
        "date": seance.date,
        "lieu": seance.lieu,
        "intitule": seance.intitule,
        "statut": seance.statut,
        "points": [_point(p) for p in points],
    }


@router.get(
    "/demandes",
    response=reponses({200: list[DemandeResume]}, 401),
    summary="Lister les demandes sur les référentiels",
    tags=TAGS_DEMANDES,
)
@paginate(Pagination)
def lister_demandes(
    request: HttpRequest,
    type: Annotated[TypeDemande | None, Query(description="Type de demande.")] = None,
    statut: Annotated[StatutDemande | None, Query(description="Statut de la demande.")] = None,
    qualification: Annotated[int | None, Query(ge=1, le=ID_MAX, description="Identifiant de la qualification.")] = None,
) -> Any:
    """Les demandes que l'appelant peut consulter : toutes pour le secrétariat et les membres du GTP, celles de son
    organisation pour une UIMM territoriale ; les plus récentes d'abord."""
    demandes = services.demandes_visibles(appelant(request))
    if type:
        demandes = demandes.filter(type=type)
    if statut:
        demandes = demandes.filter(statut=statut)
    if qualification:
        demandes = demandes.filter(qualification_id=qualification)
    return demandes.order_by("-creee_le", "-pk")


@router.get(
    "/demandes/{id}",
    response=reponses({200: DemandeOut}, 401, 404),
    summary="Dossier d'une demande",
    tags=TAGS_DEMANDES,
)
def demande(request: HttpRequest, id: IdDemande) -> dict[str, Any]:
    """Le dossier, les demandeurs, les dates de chaque étape, l'avis de la CNCP, les CPREFP, les pièces, ce qui
    manque encore (R-LC-CRE-02) et, pour une révision, l'écart avec la version révisée (R-LC-REV-03)."""
    return _fiche(_demande(request, id))


# Writing.


@router.post(
    "/demandes",
    response=reponses({201: DemandeOut}, 401, 403, 404),
    summary="Déposer une demande",
    tags=TAGS_DEMANDES,
)
def creer_demande(request: HttpRequest, donnees: DemandeIn) -> Status[dict[str, Any]]:
    """Crée la demande en brouillon ; une création crée sa qualification en projet et son projet de référentiel
    (R-LC-CRE-01), une révision part de la version en vigueur (R-LC-REV-01)."""
    dossier = donnees.dict(include=set(DossierIn.model_fields))
    qualification = None
    if donnees.qualification_id is not None:
        qualification = catalogue.qualification_visible(appelant(request), donnees.qualification_id)
    try:
        demande = services.creer_demande(
            donnees.type,
            acteur=appelant(request),
            demandeurs=_organisations(donnees.demandeurs, "demandeurs"),
            par_le_gtp=donnees.par_le_gtp,
            qualification=qualification,
            intitule=donnees.intitule,
            centres_ressources=_organisations(donnees.centres_ressources, "centres_ressources"),
            nouveaux_centres=_organisations(donnees.nouveaux_centres, "nouveaux_centres"),
            avec_revision=donnees.avec_revision,
            **dossier,
        )
    except ValueError as exc:
        raise RegleViolee("API", f"Demande incohérente : {exc}", code="demande_incoherente") from exc
    return Status(201, _fiche(demande))


@router.patch(
    "/demandes/{id}/dossier",
    response=reponses({200: DemandeOut}, 401, 403, 404),
    summary="Modifier le dossier d'une demande",
    tags=TAGS_DEMANDES,
)
def modifier_dossier(request: HttpRequest, id: IdDemande, donnees: DossierIn) -> dict[str, Any]:
    """Seuls les champs envoyés sont modifiés, tant que la demande est en brouillon ou soumise (R-LC-CRE-02)."""
    champs = donnees.dict(exclude_unset=True)
    return _fiche(services.modifier_dossier(_demande(request, id), acteur=appelant(request), **champs))


@router.post(
    "/demandes/{id}/soumettre",
    response=reponses({200: DemandeOut}, 401, 403, 404),
    summary="Signer et soumettre une demande",
    tags=TAGS_DEMANDES,
)
def soumettre(request: HttpRequest, id: IdDemande) -> dict[str, Any]:
    """Signe pour l'organisation de l'appelant ; la dernière signature soumet la demande au secrétariat du GTP."""
    return _fiche(services.soumettre(_demande(request, id), acteur=appelant(request)))


@router.post(
    "/demandes/{id}/complete",
    response=reponses({200: DemandeOut}, 401, 403, 404),
    summary="Déclarer le dossier complet",
    tags=TAGS_DEMANDES,
)
def declarer_complete(request: HttpRequest, id: IdDemande) -> dict[str, Any]:
    """Réservé au secrétariat du GTP. Un dossier incomplet est refusé (422), chaque manque dans `details`
    (R-LC-CRE-02)."""
    return _fiche(services.declarer_complete(_demande(request, id), acteur=appelant(request)))


@router.post(
    "/demandes/{id}/retirer",
    response=reponses({200: DemandeOut}, 401, 403, 404),
    summary="Retirer une demande",
    tags=TAGS_DEMANDES,
)
def retirer(request: HttpRequest, id: IdDemande, donnees: RetraitIn) -> dict[str, Any]:
    """La demande retirée reste archivée avec son dossier (R-ARCH-04)."""
    return _fiche(services.retirer(_demande(request, id), acteur=appelant(request), motif=donnees.motif))


@router.post(
    "/demandes/{id}/avis-cncp",
    response=reponses({200: DemandeOut}, 401, 403, 404),
    summary="Enregistrer l'avis de la CNCP",
    tags=TAGS_DEMANDES,
)
def enregistrer_avis_cncp(request: HttpRequest, id: IdDemande, donnees: AvisCNCPIn) -> dict[str, Any]:
    """Réservé au secrétariat du GTP : l'avis sur le projet d'opportunité d'une création (R-LC-CRE-03)."""
    demande = _demande(request, id)
    services.enregistrer_avis_cncp(
        demande, date=donnees.date, avis=donnees.avis, commentaire=donnees.commentaire, acteur=appelant(request)
    )
    return _fiche(demande)


@router.post(
    "/demandes/{id}/cprefp",
    response=reponses({200: DemandeOut}, 401, 403, 404),
    summary="Enregistrer l'information d'une CPREFP",
    tags=TAGS_DEMANDES,
)
def informer_cprefp(request: HttpRequest, id: IdDemande, donnees: InformationCPREFPIn) -> dict[str, Any]:
    """La date à laquelle une CPREFP a été informée d'une révision ou d'une réactivation (R-LC-REV-01)."""
    demande = _demande(request, id)
    (cprefp,) = _organisations([donnees.cprefp_id], "cprefp_id")
    services.informer_cprefp(demande, cprefp, le=donnees.le, acteur=appelant(request))
    return _fiche(demande)


@router.post(
    "/demandes/{id}/pieces",
    response=reponses({201: PieceOut}, 400, 401, 403, 404),
    summary="Joindre une pièce au dossier",
    tags=TAGS_DEMANDES,
)
def joindre_piece(
    request: HttpRequest,
    id: IdDemande,
    fichier: Annotated[UploadedFile, File(description="PDF ou document bureautique.")],
) -> Status[dict[str, Any]]:
    """Un PDF ou un document bureautique, reconnu à son contenu et non à son nom, de taille plafonnée
    (R-LC-CRE-02) ; tout autre fichier est refusé (422)."""
    piece = services.joindre_piece(_demande(request, id), fichier, acteur=appelant(request))
    return Status(201, _piece(piece))


# The projet de référentiel of a creation or revision (cqpm.cycle_de_vie.projet).

NUMERO_MAX = 32_767
TexteCourt = Annotated[str, Field(max_length=300, pattern=SANS_NUL)]
Numero = Annotated[int, Field(ge=1, le=NUMERO_MAX)]


class ActiviteIn(Schema):
    code: Annotated[str, Field(min_length=1, max_length=10, pattern=SANS_NUL)] = Field(description="A1, A2…")
    libelle: Texte


class CapaciteIn(Schema):
    numero: Numero = Field(description="Numéro de la capacité : C1 à Cn sur tout le référentiel (R-REF-03).")
    intitule: Texte
    conditions_realisation: Texte = ""
    criteres_evaluation: Texte = ""
    modalites: list[Modalite] = Field(
        [], max_length=4, description="Modalités d'évaluation autorisées (R-REF-02), sans doublon."
    )


class BlocIn(Schema):
    numero: Numero = Field(description="Numéro du bloc : 1 à n sans trou (R-REF-03).")
    intitule: TexteCourt
    capacites: list[CapaciteIn] = Field([], max_length=200, description="Chaque capacité dans un seul bloc.")


class ProjetIn(Schema):
    """The parts of the projet to write; an absent (or null) part stays as it is."""

    intitule: TexteCourt | None = None
    categorie: Categorie | None = Field(
        None, description="Fixée par le GTP : seul le secrétariat peut la modifier (R-CAT-01, R-LC-CRE-04)."
    )
    mission: Texte | None = None
    environnement_travail: Texte | None = None
    interactions: Texte | None = None
    secteurs_emplois: Texte | None = None
    conditions_admissibilite: Texte | None = None
    activites: list[ActiviteIn] | None = Field(
        None, max_length=100, description="Toutes les activités visées, dans l'ordre : remplacent les actuelles."
    )
    blocs: list[BlocIn] | None = Field(
        None, max_length=50, description="Tout le référentiel de certification : remplace les blocs actuels."
    )


class ProjetOut(VersionOut):
    demande_id: int
    manques: list[DetailErreur] = Field(description="Ce qui manque encore au projet (R-REF-01 à R-REF-03).")


def _projet(demande: Demande) -> dict[str, Any]:
    if demande.projet_id is None:
        raise Introuvable(f"La demande n° {demande.pk} ne porte pas de projet de référentiel.")
    v = demande.projet
    assert v is not None
    return {
        **_version_resume(v),
        "mission": v.mission,
        "environnement_travail": v.environnement_travail,
        "interactions": v.interactions,
        "secteurs_emplois": v.secteurs_emplois,
        "conditions_admissibilite": v.conditions_admissibilite,
        "activites": [{"code": a.code, "libelle": a.libelle} for a in v.activites.order_by("ordre")],
        "blocs": [_bloc(b) for b in v.blocs.prefetch_related("capacites__modalites").order_by("numero")],
        "demande_id": demande.pk,
        "manques": [dict(e) for e in projet_referentiel.manques_projet(demande)],
    }


@router.get(
    "/demandes/{id}/projet",
    response=reponses({200: ProjetOut}, 401, 404),
    summary="Projet de référentiel d'une demande",
    tags=TAGS_DEMANDES,
)
def projet(request: HttpRequest, id: IdDemande) -> dict[str, Any]:
    """Le projet de référentiel d'une création ou d'une révision (404 pour les autres demandes) et ce qui lui
    manque encore avant la décision du GTP (R-REF-01 à R-REF-03)."""
    return _projet(_demande(request, id))


@router.put(
    "/demandes/{id}/projet",
    response=reponses({200: ProjetOut}, 401, 403, 404),
    summary="Modifier le projet de référentiel d'une demande",
    tags=TAGS_DEMANDES,
)
def modifier_projet(request: HttpRequest, id: IdDemande, donnees: ProjetIn) -> dict[str, Any]:
    """Réservé aux demandeurs et au secrétariat, tant que la demande est en brouillon ou soumise (R-LC-CRE-02).
    Les champs envoyés sont modifiés ; `activites` et `blocs`, s'ils sont envoyés, remplacent les listes
    entières. Toute erreur refuse l'ensemble (422), chaque champ fautif dans `details` avec sa règle ; la
    catégorie est réservée au GTP (R-CAT-01)."""
    demande = _demande(request, id)
    envoyes = donnees.dict(exclude_unset=True, exclude={"activites", "blocs"})
    champs = {k: str(v) for k, v in envoyes.items() if v is not None}
    activites = (
        [ActiviteSaisie(a.code, a.libelle) for a in donnees.activites] if donnees.activites is not None else None
    )
    blocs = None
    if donnees.blocs is not None:
        blocs = [
            BlocSaisi(
                numero=b.numero,
                intitule=b.intitule,
                capacites=tuple(
                    CapaciteSaisie(
                        numero=c.numero,
                        intitule=c.intitule,
                        conditions_realisation=c.conditions_realisation,
                        criteres_evaluation=c.criteres_evaluation,
                        modalites=tuple(str(m) for m in c.modalites),
                    )
                    for c in b.capacites
                ),
            )
            for b in donnees.blocs
        ]
    projet_referentiel.modifier_projet(
        demande, acteur=appelant(request), champs=champs, activites=activites, blocs=blocs
    )
    return _projet(Demande.objects.select_related("projet").get(pk=demande.pk))


# GTP séances.


@router.get(
    "/seances",
    response=reponses({200: list[SeanceResume]}, 401, 403),
    summary="Lister les séances du GTP",
    tags=TAGS_SEANCES,
)
@paginate(Pagination)
def lister_seances(request: HttpRequest) -> Any:
    """Les séances du GTP « Qualifications », les plus récentes d'abord."""
    exiger(appelant(request), Action.CONSULTER_DEMANDES)
    return Seance.objects.order_by("-date", "-pk")


@router.post(
    "/seances",
    response=reponses({201: SeanceOut}, 401, 403),
    summary="Créer une séance du GTP",
    tags=TAGS_SEANCES,
)
def creer_seance(request: HttpRequest, donnees: SeanceIn) -> Status[dict[str, Any]]:
    """Réservé au secrétariat du GTP."""
    seance = gtp.creer_seance(date=donnees.date, lieu=donnees.lieu, intitule=donnees.intitule, acteur=appelant(request))
    return Status(201, _agenda(request, seance))


@router.get(
    "/seances/{id}",
    response=reponses({200: SeanceOut}, 401, 403, 404),
    summary="Ordre du jour d'une séance du GTP",
    tags=TAGS_SEANCES,
)
def seance(request: HttpRequest, id: IdSeance) -> dict[str, Any]:
    """La séance et son ordre du jour, limité aux demandes que l'appelant peut consulter."""
    exiger(appelant(request), Action.CONSULTER_DEMANDES)
    return _agenda(request, _seance(id))


@router.post(
    "/seances/{id}/ordre-du-jour",
    response=reponses({201: PointOut}, 401, 403, 404),
    summary="Inscrire une demande à l'ordre du jour",
    tags=TAGS_SEANCES,
)
def inscrire_a_l_ordre_du_jour(request: HttpRequest, id: IdSeance, donnees: InscriptionIn) -> Status[dict[str, Any]]:
    """Réservé au secrétariat du GTP : une demande soumise ou complète, sur une séance planifiée."""
    seance = _seance(id)
    point = services.inscrire_a_l_ordre_du_jour(seance, _demande(request, donnees.demande_id), acteur=appelant(request))
    return Status(201, _point(point))


@router.post(
    "/seances/{id}/decisions",
    response=reponses({201: DecisionOut}, 401, 403, 404),
    summary="Enregistrer une décision du GTP",
    tags=TAGS_SEANCES,
)
def decider(request: HttpRequest, id: IdSeance, donnees: DecisionIn) -> Status[dict[str, Any]]:
    """Réservé au secrétariat du GTP : la décision sur une demande complète inscrite à l'ordre du jour de la
    séance, datée du jour de la séance, et ses effets (numéro, version, listes, R-LC-DEC-01)."""
    seance = _seance(id)
    decision = services.decider(
        _demande(request, donnees.demande_id),
        seance=seance,
        favorable=donnees.favorable,
        motif=donnees.motif,
        categorie=donnees.categorie,
        liste_b=donnees.liste_b,
        fin_reactivation=donnees.fin_reactivation,
        duree_indeterminee=donnees.duree_indeterminee,
        acteur=appelant(request),
    )
    return Status(201, _decision(decision))
