"""The register through the API: the public catalogue, numbers, and the referential exchange format.

Every operation reads through the same services as the pages — `catalogue` for searches and sheets, `numeros` for
numbers, `echange` for the exchange format — so the API never answers differently from the site.
"""

# No `from __future__ import annotations`: @paginate wraps the views, and ninja would then resolve their
# annotations in ninja.pagination's namespace instead of this module's.
import datetime
import json
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from cqpm.api.schemas import Pagination, reponses
from cqpm.api.securite import AUTHENTIFIE, appelant, identifier
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.referentiels import catalogue, echange
from cqpm.referentiels.catalogue import Fiche
from cqpm.referentiels.enums import Categorie, Liste, Modalite, StatutQualification, StatutVersion, TypeQualification
from cqpm.referentiels.models import Bloc, InscriptionListe, Qualification, VersionReferentiel
from cqpm.referentiels.numeros import NumeroBloc, NumeroCertificat, NumeroInvalide, NumeroMQ, parse_numero

router = Router()

SANS_NUL = r"^[^\x00]*$"
"""PostgreSQL text cannot hold a NUL character: such input is refused as invalid, not sent to the database."""
ID_MAX = 2**63 - 1
NUMERO_VERSION_MAX = 32_767

IdQualification = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant de la qualification.")]
NumeroVersion = Annotated[int, Path(ge=1, le=NUMERO_VERSION_MAX, description="Numéro de la version (1, 2…).")]


class ModaliteOut(Schema):
    code: Modalite = Field(description="Modalité d'évaluation autorisée (R-REF-02), par ordre de priorité.")
    libelle: str


class CapaciteOut(Schema):
    numero: int
    code: str = Field(description="C1, C2…")
    intitule: str
    conditions_realisation: str
    criteres_evaluation: str
    modalites: list[ModaliteOut]


class BlocOut(Schema):
    numero: int
    intitule: str
    code_rncp: str = Field(description="Code RNCP du bloc (RNCP28245BC01…), vide hors RNCP.")
    numero_bdc: str = Field(description="Numéro « M BDC… » du bloc (R-ID-02), vide hors RNCP.")
    date_enregistrement_rncp: datetime.date | None
    capacites: list[CapaciteOut]


class ActiviteOut(Schema):
    code: str
    libelle: str


class VersionResume(Schema):
    numero: int
    statut: StatutVersion
    intitule: str
    categorie: Categorie | None = Field(description="Catégorie A, B, C, C* ou D (R-CAT-01).")
    date_decision: datetime.date | None
    date_application: datetime.date | None


class VersionOut(VersionResume):
    mission: str
    environnement_travail: str
    interactions: str
    secteurs_emplois: str
    conditions_admissibilite: str
    activites: list[ActiviteOut]
    blocs: list[BlocOut] = Field(description="Blocs (unités cohérentes) et leurs capacités (R-REF-03).")


class InscriptionOut(Schema):
    liste: Liste
    libelle: str
    debut: datetime.date = Field(description="Inscrite le.")
    fin: datetime.date | None = Field(description="Retirée le (non compris), vide si toujours inscrite.")
    motif: str


class CentreOut(Schema):
    id: int
    nom: str
    departement: str


class AncienNumeroOut(Schema):
    numero: str
    remplace_le: datetime.date


class QualificationLien(Schema):
    id: int
    numero: str | None
    intitule: str


class RncpOut(Schema):
    code: str = Field(description="Code de la fiche RNCP (28245…), vide si la qualification n'y est pas inscrite.")
    date_arrete: datetime.date | None
    date_jo: datetime.date | None
    debut: datetime.date | None
    fin: datetime.date | None
    inscrite: bool = Field(description="Inscrite au RNCP aujourd'hui.")


class QualificationResume(Schema):
    id: int
    type: TypeQualification
    numero: str | None = Field(description="Numéro MQ (R-ID-01).")
    intitule: str
    statut: StatutQualification
    categorie: Categorie | None
    code_rncp: str
    listes: list[Liste] = Field(description="Listes de la CPNEFP sur lesquelles elle figure à la date demandée.")

    @staticmethod
    def resolve_categorie(obj: Qualification) -> str | None:
        return _categorie(obj.version_courante.categorie) if obj.version_courante else None

    @staticmethod
    def resolve_listes(obj: Qualification) -> list[str]:
        return [i.liste for i in getattr(obj, "listes_en_cours", [])]


class QualificationOut(Schema):
    id: int
    type: TypeQualification
    numero: str | None = Field(description="Numéro MQ en vigueur (R-ID-01).")
    anciens_numeros: list[AncienNumeroOut] = Field(description="Numéros portés auparavant (R-ID-03).")
    intitule: str
    statut: StatutQualification
    date_creation: datetime.date | None
    cqpi: QualificationLien | None = Field(description="CQPI correspondant, le cas échéant.")
    rncp: RncpOut
    codes_nsf: list[str]
    codes_rome: list[str]
    attributions_annuelles_moyennes: int | None
    centres_ressources: list[CentreOut] = Field(description="UIMM territoriales centres de ressources, dans l'ordre.")
    listes: list[InscriptionOut] = Field(description="Historique daté des listes de la CPNEFP (R-LIST-03).")
    listes_en_cours: list[Liste]
    version: VersionOut | None = Field(description="La version montrée : la version en vigueur, ou celle demandée.")
    historique: list[VersionResume] = Field(description="Toutes les versions lisibles, de la plus récente.")


class AnalyseNumero(Schema):
    genre: str = Field(description="« cqpm » (MQ), « bloc » (M BDC) ou « certificat » (MC).")
    numero: str = Field(description="Le numéro écrit dans sa forme canonique.")
    annee: int
    mois: int
    departements: list[str] = Field(description="Départements des UIMM territoriales, dans l'ordre du numéro.")
    sequence: int = Field(description="Séquence nationale du CQPM, ou du certificat.")
    rncp: bool | None = Field(None, description="Suffixe R : inscrit au RNCP (CQPM et bloc).")
    cqpi: bool | None = Field(None, description="Suffixe I : correspond à un CQPI (CQPM et bloc).")
    sequence_bloc: int | None = Field(None, description="Séquence du bloc (bloc seulement).")
    numero_cqpm: str | None = Field(None, description="Numéro MQ du CQPM parent (bloc seulement).")


class ImportOut(Schema):
    qualification_id: int
    numero: str | None
    version: int = Field(description="Numéro de la version créée.")


def _categorie(valeur: str) -> str | None:
    return valeur or None


def _version_resume(v: VersionReferentiel) -> dict[str, Any]:
    return {
        "numero": v.numero,
        "statut": v.statut,
        "intitule": v.intitule,
        "categorie": _categorie(v.categorie),
        "date_decision": v.date_decision,
        "date_application": v.date_application,
    }


def _bloc(bloc: Bloc) -> dict[str, Any]:
    return {
        "numero": bloc.numero,
        "intitule": bloc.intitule,
        "code_rncp": bloc.code_rncp,
        "numero_bdc": bloc.numero_bdc,
        "date_enregistrement_rncp": bloc.date_enregistrement_rncp,
        "capacites": [
            {
                "numero": c.numero,
                "code": c.code,
                "intitule": c.intitule,
                "conditions_realisation": c.conditions_realisation,
                "criteres_evaluation": c.criteres_evaluation,
                "modalites": [{"code": m.modalite, "libelle": m.get_modalite_display()} for m in c.modalites.all()],
            }
            for c in bloc.capacites.all()
        ],
    }


def _inscription(i: InscriptionListe) -> dict[str, Any]:
    return {"liste": i.liste, "libelle": i.get_liste_display(), "debut": i.debut, "fin": i.fin, "motif": i.motif}


def _fiche(f: Fiche) -> dict[str, Any]:
    q = f.qualification
    version = None
    if f.version is not None:
        version = {
            **_version_resume(f.version),
            "mission": f.version.mission,
            "environnement_travail": f.version.environnement_travail,
            "interactions": f.version.interactions,
            "secteurs_emplois": f.version.secteurs_emplois,
            "conditions_admissibilite": f.version.conditions_admissibilite,
            "activites": [{"code": a.code, "libelle": a.libelle} for a in f.activites],
            "blocs": [_bloc(b) for b in f.blocs],
        }
    return {
        "id": q.pk,
        "type": q.type,
        "numero": q.numero,
        "anciens_numeros": [{"numero": a.numero, "remplace_le": a.remplace_le} for a in f.anciens_numeros],
        "intitule": q.intitule,
        "statut": q.statut,
        "date_creation": q.date_creation,
        "cqpi": {"id": q.cqpi.pk, "numero": q.cqpi.numero, "intitule": q.cqpi.intitule} if q.cqpi else None,
        "rncp": {
            "code": q.code_rncp,
            "date_arrete": q.rncp_date_arrete,
            "date_jo": q.rncp_date_jo,
            "debut": q.rncp_debut,
            "fin": q.rncp_fin,
            "inscrite": q.est_inscrite_rncp(),
        },
        "codes_nsf": [str(c) for c in q.codes_nsf or []],
        "codes_rome": [str(c) for c in q.codes_rome or []],
        "attributions_annuelles_moyennes": q.attributions_annuelles_moyennes,
        "centres_ressources": [
            {"id": c.territoriale.pk, "nom": c.territoriale.nom, "departement": c.territoriale.departement}
            for c in f.centres
        ],
        "listes": [_inscription(i) for i in f.inscriptions],
        "listes_en_cours": [i.liste for i in f.listes_en_cours],
        "version": version,
        "historique": [_version_resume(v) for v in f.historique],
    }


@router.get(
    "/qualifications",
    response=reponses({200: list[QualificationResume]}),
    summary="Rechercher dans le catalogue",
    tags=["Catalogue des qualifications"],
)
@paginate(Pagination)
def lister_qualifications(
    request: HttpRequest,
    q: Annotated[
        str,
        Query(
            max_length=200,
            pattern=SANS_NUL,
            description="Mots de l'intitulé, numéro MQ ou M BDC (avec ou sans espaces), code RNCP, NSF ou ROME.",
        ),
    ] = "",
    categorie: Annotated[Categorie | None, Query(description="Catégorie de la version en vigueur (R-CAT-01).")] = None,
    liste: Annotated[Liste | None, Query(description="Liste de la CPNEFP à la date « le » (R-LIST-03).")] = None,
    statut: Annotated[StatutQualification | None, Query(description="Statut de la qualification.")] = None,
    le: Annotated[
        datetime.date | None, Query(description="Date à laquelle lire les listes (aujourd'hui par défaut).")
    ] = None,
) -> Any:
    """Le catalogue public, trié par intitulé : les qualifications en projet n'y figurent pas."""
    public = catalogue.lecture_publique(identifier(request))
    return catalogue.rechercher(texte=q, categorie=categorie, liste=liste, statut=statut, le=le, public=public)


@router.get(
    "/qualifications/numero/{numero}",
    response=reponses({200: QualificationOut}, 404),
    summary="Fiche d'une qualification par son numéro",
    tags=["Catalogue des qualifications"],
)
def qualification_par_numero(
    request: HttpRequest,
    numero: Annotated[
        str,
        Path(
            max_length=100, pattern=SANS_NUL, description="Numéro MQ en vigueur ou ancien (R-ID-03), ou numéro M BDC."
        ),
    ],
) -> dict[str, Any]:
    """Un ancien numéro mène toujours à la qualification qui le portait (R-ID-03)."""
    public = catalogue.lecture_publique(identifier(request))
    qualification = catalogue.trouver_par_numero(numero, public=public)
    if qualification is None:
        raise Introuvable(f"Aucune qualification publiée ne porte le numéro « {numero} ».")
    return _fiche(catalogue.fiche(qualification.pk, public=public))


@router.get(
    "/qualifications/{id}",
    response=reponses({200: QualificationOut}, 404),
    summary="Fiche d'une qualification",
    tags=["Catalogue des qualifications"],
)
def qualification(request: HttpRequest, id: IdQualification) -> dict[str, Any]:
    """La qualification, sa version en vigueur (blocs, capacités, modalités), le RNCP, les listes et l'historique."""
    return _fiche(catalogue.fiche(id, public=catalogue.lecture_publique(identifier(request))))


@router.get(
    "/qualifications/{id}/versions/{n}",
    response=reponses({200: QualificationOut}, 404),
    summary="Fiche d'une qualification pour une version donnée",
    tags=["Catalogue des qualifications"],
)
def qualification_version(request: HttpRequest, id: IdQualification, n: NumeroVersion) -> dict[str, Any]:
    """Une version décidée reste lisible pour toujours (R-REF-03)."""
    return _fiche(catalogue.fiche(id, version=n, public=catalogue.lecture_publique(identifier(request))))


def _analyse(numero: NumeroMQ | NumeroBloc | NumeroCertificat) -> dict[str, Any]:
    if isinstance(numero, NumeroCertificat):
        return {
            "genre": "certificat",
            "numero": str(numero),
            "annee": numero.annee,
            "mois": numero.mois,
            "departements": [numero.departement],
            "sequence": numero.sequence,
        }
    cqpm = numero.cqpm if isinstance(numero, NumeroBloc) else numero
    analyse = {
        "genre": "cqpm",
        "numero": str(numero),
        "annee": cqpm.annee,
        "mois": cqpm.mois,
        "departements": list(cqpm.departements),
        "sequence": cqpm.sequence,
        "rncp": cqpm.rncp,
        "cqpi": cqpm.cqpi,
    }
    if isinstance(numero, NumeroBloc):
        analyse.update(genre="bloc", sequence_bloc=numero.sequence_bloc, numero_cqpm=str(cqpm))
    return analyse


@router.get(
    "/numeros/analyse",
    response=reponses({200: AnalyseNumero}),
    summary="Analyser un numéro MQ, M BDC ou MC",
    tags=["Numéros"],
)
def analyser_numero(
    request: HttpRequest,
    numero: Annotated[
        str,
        Query(
            max_length=100,
            pattern=SANS_NUL,
            description="Numéro de CQPM (MQ…), de bloc (M BDC…) ou de certificat (MC…), espaces et casse indifférents.",
        ),
    ],
) -> dict[str, Any]:
    """Découpe le numéro en ses parties ; un numéro mal formé est refusé avec la raison (R-ID-05)."""
    identifier(request)
    try:
        return _analyse(parse_numero(numero))
    except NumeroInvalide as exc:
        raise RegleViolee(exc.rule, exc.message, code=exc.code, champ="numero") from exc


@router.get(
    "/qualifications/{id}/versions/{n}/export",
    auth=AUTHENTIFIE,
    response=reponses({200: dict[str, Any]}, 401, 403, 404),
    summary="Exporter une version de référentiel",
    tags=["Échange de référentiels"],
    openapi_extra={"responses": {200: {"description": f"Le référentiel au format « {echange.FORMAT} »."}}},
)
def exporter(request: HttpRequest, id: IdQualification, n: NumeroVersion) -> dict[str, Any]:
    """Le document d'échange d'une version, tel que `POST /referentiels/import` le relit."""
    utilisateur = appelant(request)
    exiger(utilisateur, Action.EXPORTER_REFERENTIEL)
    version = catalogue.fiche(id, version=n, public=catalogue.lecture_publique(utilisateur)).version
    if version is None:
        raise Introuvable(f"La version {n} de cette qualification n'existe pas ou n'est pas publiée.")
    return echange.exporter_version(version)


@router.post(
    "/referentiels/import",
    auth=AUTHENTIFIE,
    response=reponses({201: ImportOut}, 400, 401, 403),
    summary="Importer un référentiel",
    tags=["Échange de référentiels"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": f"Un document au format « {echange.FORMAT} », tel que l'export le produit.",
            "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
        }
    },
)
def importer(request: HttpRequest) -> Status[dict[str, Any]]:
    """Réservé au secrétariat du GTP. Le fichier est refusé en entier à la moindre erreur (422), chaque champ
    fautif nommé dans `details` ; rien n'est alors enregistré."""
    utilisateur = appelant(request)
    exiger(utilisateur, Action.IMPORTER_REFERENTIEL)  # before reading the body: no parsing for the unauthorised
    try:
        donnees = json.loads(request.body)
    except (ValueError, RecursionError) as exc:
        raise HttpError(400, "corps illisible") from exc
    version = echange.importer_referentiel(donnees, acteur=utilisateur)
    qualification = version.qualification
    return Status(
        201, {"qualification_id": qualification.pk, "numero": qualification.numero, "version": version.numero}
    )
