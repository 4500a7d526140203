"""Candidates and their inscriptions préalables through the API (R-ACC-01/02, R-REG-01 to 04).

Every operation calls `cqpm.candidats.services`, which checks who acts (roles and scope) and the rules; a
candidate or an inscription the caller may not read answers 404, as if it did not exist.
"""

# No `from __future__ import annotations`: @paginate wraps the views, and ninja would then resolve their
# annotations in ninja.pagination's namespace instead of this module's.
import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Path, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from cqpm.api.schemas import DateSaisie, Pagination, bornes_date, reponses
from cqpm.api.securite import AUTHENTIFIE, appelant
from cqpm.candidats import import_masse, services
from cqpm.candidats.chronologie import Evenement, chronologie
from cqpm.candidats.enums import Financement, Origine, Parcours, StatutInscription, TypeBeneficiaire, VoieInscription
from cqpm.candidats.models import Candidat, Inscription
from cqpm.candidats.rules import NAISSANCE_MIN
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import RegleViolee
from cqpm.organisations.models import Organisation
from cqpm.referentiels import catalogue
from cqpm.referentiels.models import Bloc

router = Router(auth=AUTHENTIFIE)

SANS_NUL = r"^[^\x00]*$"
"""PostgreSQL text cannot hold a NUL character: such input is refused as invalid, not sent to the database."""
ID_MAX = 2**63 - 1
TAGS = ["Candidats et inscriptions"]

Identifiant = Annotated[int, Field(ge=1, le=ID_MAX)]
IdCandidat = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant du candidat.")]
IdInscription = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant de l'inscription.")]


def _texte(longueur: int, description: str) -> Any:
    return Field(max_length=longueur, pattern=SANS_NUL, description=description)


# Schemas.


class CandidatIn(Schema):
    nom: Annotated[str, _texte(150, "Nom de naissance.")]
    prenoms: Annotated[str, _texte(200, "Prénoms.")]
    date_naissance: Annotated[datetime.date, bornes_date(NAISSANCE_MIN)]
    commune_naissance: Annotated[str, _texte(150, "Commune de naissance.")]
    departement_naissance: Annotated[str, _texte(100, "Département de naissance (code ou nom).")]
    pays_naissance: Annotated[str, _texte(100, "Pays de naissance.")] = "France"
    courriel: Annotated[str, _texte(254, "Adresse électronique (facultative).")] = ""


class CandidatOut(Schema):
    id: int
    nom: str
    prenoms: str
    date_naissance: datetime.date
    commune_naissance: str
    departement_naissance: str
    pays_naissance: str
    courriel: str
    fusionne_dans: int | None = Field(description="Doublon fusionné : identifiant du candidat conservé.")

    @staticmethod
    def resolve_fusionne_dans(obj: Candidat) -> int | None:
        return obj.fusionne_dans_id


class CandidatCreeOut(CandidatOut):
    doublons: list[CandidatOut] = Field(
        description="Candidats de même nom et date de naissance (casse et accents ignorés) : réutilisez-les ou "
        "fusionnez-les."
    )


class FusionIn(Schema):
    doublon_id: Identifiant = Field(description="Le candidat en double, fusionné dans celui de l'adresse.")
    derogation: Annotated[
        str,
        _texte(
            1000,
            "Secrétariat seul : motif d'une fusion de fiches sans même nom "
            "de naissance et même date de naissance (R-REG-04), journalisé.",
        ),
    ] = ""


class InscriptionCandidatIn(Schema):
    candidat_id: Identifiant
    qualification_id: Identifiant
    centre_examen_id: Identifiant = Field(description="L'UIMM territoriale centre d'examen (R-REG-01).")
    blocs: list[Identifiant] = Field([], max_length=20, description="Blocs visés ; aucun : le CQPM entier (R-VAE-03).")
    date_inscription: DateSaisie | None = Field(
        None,
        description="Aujourd'hui par défaut ; jamais future ; antérieure de RETROACTIVITE_JOURS jours au plus (30 par "
        "défaut), avec motif_retroactivite (R-REG-03).",
    )
    motif_retroactivite: str = Field(
        "", max_length=2000, description="Pourquoi l'inscription est enregistrée après sa date (R-REG-03)."
    )
    parcours: Parcours
    voie: VoieInscription
    financement: Financement
    type_beneficiaire: TypeBeneficiaire
    origine: Origine
    apprenti: bool = False
    accord_employeur: bool = False
    entreprise_id: Identifiant | None = None
    organisme_formation_id: Identifiant | None = None


class AnnulationIn(Schema):
    motif: Annotated[str, _texte(2000, "Motif de l'annulation.")] = ""


class OrganisationInscription(Schema):
    id: int
    nom: str


class BlocVise(Schema):
    id: int
    numero: int
    intitule: str


class InscriptionResume(Schema):
    """What any reader of an inscription sees: the qualification, its pinned version, the target, the exam centre."""

    qualification_id: int
    numero: str | None = Field(description="Numéro MQ de la qualification.")
    intitule: str
    version: int = Field(description="Numéro de la version épinglée du référentiel (R-REG-03, R-LC-REV-04).")
    blocs: list[BlocVise] = Field(description="Blocs visés ; aucun : le CQPM entier.")
    centre_examen: OrganisationInscription
    date_inscription: datetime.date
    parcours: Parcours
    statut: StatutInscription

    @staticmethod
    def resolve_numero(obj: Inscription) -> str | None:
        return obj.qualification.numero

    @staticmethod
    def resolve_intitule(obj: Inscription) -> str:
        return obj.qualification.intitule

    @staticmethod
    def resolve_version(obj: Inscription) -> int:
        return obj.version.numero

    @staticmethod
    def resolve_blocs(obj: Inscription) -> list[Bloc]:
        return list(obj.blocs.all())


class InscriptionCandidatOut(InscriptionResume):
    id: int
    candidat_id: int
    voie: VoieInscription
    financement: Financement
    type_beneficiaire: TypeBeneficiaire
    origine: Origine
    apprenti: bool
    accord_employeur: bool
    entreprise: OrganisationInscription | None
    organisme_formation: OrganisationInscription | None
    annulee_le: datetime.datetime | None
    motif_annulation: str


# Helpers.


def _candidat(request: HttpRequest, id: int) -> Candidat:
    return services.candidat_visible(appelant(request), id)


def _inscription(request: HttpRequest, id: int) -> Inscription:
    return services.inscription_visible(appelant(request), id)


def _organisation(id: int | None, champ: str) -> Organisation | None:
    if id is None:
        return None
    organisation = Organisation.objects.filter(pk=id).first()
    if organisation is None:
        raise RegleViolee("API", f"Organisation inconnue : {id}.", code="organisation_inconnue", champ=champ)
    return organisation


# Candidates.


@router.get(
    "/candidats", response=reponses({200: list[CandidatOut]}, 401, 403), summary="Lister les candidats", tags=TAGS
)
@paginate(Pagination)
def lister_candidats(
    request: HttpRequest,
    nom: Annotated[
        str | None, Query(max_length=150, pattern=SANS_NUL, description="Nom (casse et accents ignorés).")
    ] = None,
) -> Any:
    """Les candidats des inscriptions que l'appelant peut consulter, et ceux qu'il a créés ; les doublons fusionnés
    sont exclus."""
    exiger(appelant(request), Action.CONSULTER_INSCRIPTIONS)
    candidats = services.candidats_visibles(appelant(request)).filter(fusionne_dans__isnull=True)
    if nom:
        candidats = candidats.filter(cle_doublon__startswith=services.cle_doublon(nom))
    return candidats.order_by("cle_doublon", "prenoms", "pk")


@router.post("/candidats", response=reponses({201: CandidatCreeOut}, 401, 403), summary="Créer un candidat", tags=TAGS)
def creer_candidat(request: HttpRequest, donnees: CandidatIn) -> Status[Candidat]:
    """Enregistre l'état civil du candidat (R-REG-04) et signale les candidats en double visibles de l'appelant."""
    acteur = appelant(request)
    candidat = services.creer_candidat(acteur=acteur, **donnees.dict())
    visibles = services.candidats_visibles(acteur)
    candidat.doublons = list(services.doublons_de(candidat).filter(pk__in=visibles.values("pk")))  # type: ignore[attr-defined]
    return Status(201, candidat)


@router.get(
    "/candidats/{id}", response=reponses({200: CandidatOut}, 401, 404), summary="Fiche d'un candidat", tags=TAGS
)
def candidat(request: HttpRequest, id: IdCandidat) -> Candidat:
    return _candidat(request, id)


class ChangementOut(Schema):
    champ: str
    avant: Any = None
    apres: Any = None


class EvenementOut(Schema):
    horodatage: datetime.datetime
    evenement: str = Field(description="Code de l'événement du journal d'audit.")
    libelle: str
    objet: str
    acteur: str
    regle: str
    changements: list[ChangementOut]


@router.get(
    "/candidats/{id}/chronologie",
    response=reponses({200: list[EvenementOut]}, 401, 404),
    summary="Chronologie des parcours d'un candidat",
    tags=TAGS,
)
def chronologie_candidat(request: HttpRequest, id: IdCandidat) -> list[Evenement]:
    """Chaque événement de chaque parcours (inscriptions, évaluations, VAE, jurys…) que l'appelant peut voir, du plus
    ancien au plus récent, avec son auteur et sa règle ; lu dans le journal d'audit."""
    return chronologie(id, acteur=appelant(request))[1]


@router.get(
    "/candidats/{id}/doublons",
    response=reponses({200: list[CandidatOut]}, 401, 404),
    summary="Doublons d'un candidat",
    tags=TAGS,
)
def doublons(request: HttpRequest, id: IdCandidat) -> list[Candidat]:
    """Les candidats de même nom (casse et accents ignorés) et de même date de naissance, parmi ceux que l'appelant
    peut consulter."""
    c = _candidat(request, id)
    visibles = services.candidats_visibles(appelant(request))
    return list(services.doublons_de(c).filter(pk__in=visibles.values("pk")))


@router.post(
    "/candidats/{id}/fusion",
    response=reponses({200: CandidatOut}, 401, 403, 404),
    summary="Fusionner un doublon dans ce candidat",
    tags=TAGS,
)
def fusionner(request: HttpRequest, id: IdCandidat, donnees: FusionIn) -> Candidat:
    """Réservé au secrétariat et aux UIMM territoriales (dans leur périmètre) : les inscriptions du doublon
    passent au candidat conservé ; le doublon reste, marqué « fusionné »."""
    conserve = _candidat(request, id)
    doublon = _candidat(request, donnees.doublon_id)
    return services.fusionner_candidats(conserve, doublon, acteur=appelant(request), derogation=donnees.derogation)


# Bulk import of a cohort (cqpm.candidats.import_masse). Declared before `/inscriptions/{id}`, whose path
# parameter would otherwise catch `/inscriptions/import`.


class ErreurImportOut(Schema):
    ligne: int | None = Field(
        description="Numéro de la ligne dans le classeur (en-têtes : ligne 1) ; null : le fichier."
    )
    colonne: str | None = Field(description="En-tête de la colonne en cause ; null : toute la ligne.")
    regle: str = Field(description="Règle du Dispositif en cause (R-REG-04, R-ACC-02…).")
    code: str
    message: str


class LigneImportOut(Schema):
    ligne: int
    valide: bool
    candidat_reutilise: bool = Field(description="Candidat identique déjà connu (nom, prénoms, date de naissance).")
    inscription_id: int | None = Field(description="L'inscription créée ; null en aperçu.")
    erreurs: list[ErreurImportOut]


class RapportImportOut(Schema):
    apercu: bool
    importe: bool = Field(description="Vrai quand toutes les lignes ont été enregistrées (tout ou rien).")
    valide: bool
    lignes: list[LigneImportOut]
    erreurs: list[ErreurImportOut]


def _rapport(rapport: import_masse.Rapport) -> dict[str, Any]:
    def erreur(e: import_masse.Erreur) -> dict[str, Any]:
        return {"ligne": e.ligne, "colonne": e.colonne, "regle": e.regle, "code": e.code, "message": e.message}

    return {
        "apercu": rapport.apercu,
        "importe": rapport.importe,
        "valide": rapport.valide,
        "lignes": [
            {
                "ligne": ligne.numero,
                "valide": ligne.valide,
                "candidat_reutilise": ligne.candidat_reutilise,
                "inscription_id": ligne.inscription_id,
                "erreurs": [erreur(e) for e in ligne.erreurs],
            }
            for ligne in rapport.lignes
        ],
        "erreurs": [erreur(e) for e in rapport.erreurs],
    }


@router.post(
    "/inscriptions/import",
    response=reponses({200: RapportImportOut, 201: RapportImportOut}, 400, 401, 403),
    summary="Importer une cohorte d'inscriptions",
    tags=TAGS,
)
def importer_inscriptions(
    request: HttpRequest,
    fichier: Annotated[UploadedFile, File(description="Classeur XLSX (le modèle) ou CSV UTF-8 (« ; » ou « , »).")],
    apercu: Annotated[bool, Query(description="Vrai : tout vérifier sans rien enregistrer (200).")] = False,
) -> Status[dict[str, Any]]:
    """Une ligne par inscription, chacune vérifiée comme une inscription individuelle (R-ACC-01/02, R-REG-01,
    R-REG-03, R-REG-04). Tout ou rien : à la moindre erreur, rien n'est enregistré (422, `details` situe chaque
    erreur : ligne, colonne, règle). Un candidat identique déjà connu est réutilisé. Taille et nombre de lignes
    plafonnés ; type reconnu au contenu."""
    acteur = appelant(request)
    exiger(acteur, Action.INSCRIRE_CANDIDATS)  # before reading the file: no parsing for the unauthorised
    rapport = import_masse.importer(fichier, acteur=acteur, apercu=apercu)
    if apercu:
        return Status(200, _rapport(rapport))
    if not rapport.importe:
        raise rapport.refus()
    return Status(201, _rapport(rapport))


@router.get(
    "/inscriptions/modele-import",
    response=reponses({200: None}, 401, 403),
    summary="Modèle XLSX d'import des inscriptions",
    tags=TAGS,
    openapi_extra={
        "responses": {
            200: {
                "description": "Le classeur à remplir : en-têtes, exemple, listes de valeurs, feuille « Aide ».",
                "content": {import_masse.TYPE_XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def modele_import(request: HttpRequest) -> HttpResponse:
    """Le modèle que `POST /inscriptions/import` relit tel quel."""
    exiger(appelant(request), Action.INSCRIRE_CANDIDATS)
    reponse = HttpResponse(import_masse.modele_xlsx(), content_type=import_masse.TYPE_XLSX)
    reponse["Content-Disposition"] = 'attachment; filename="modele_import_inscriptions.xlsx"'
    return reponse


# Inscriptions.


@router.get(
    "/inscriptions",
    response=reponses({200: list[InscriptionCandidatOut]}, 401, 403),
    summary="Lister les inscriptions",
    tags=TAGS,
)
@paginate(Pagination)
def lister_inscriptions(
    request: HttpRequest,
    statut: Annotated[StatutInscription | None, Query(description="Statut de l'inscription.")] = None,
    qualification: Annotated[int | None, Query(ge=1, le=ID_MAX, description="Identifiant de la qualification.")] = None,
    candidat: Annotated[int | None, Query(ge=1, le=ID_MAX, description="Identifiant du candidat.")] = None,
) -> Any:
    """Toutes pour le secrétariat ; celles dont elle est centre d'examen pour une UIMM territoriale ; celles qui
    les nomment pour une entreprise ou un organisme de formation. Les plus récentes d'abord."""
    exiger(appelant(request), Action.CONSULTER_INSCRIPTIONS)
    inscriptions = services.inscriptions_visibles(appelant(request)).prefetch_related("blocs")
    if statut:
        inscriptions = inscriptions.filter(statut=statut)
    if qualification:
        inscriptions = inscriptions.filter(qualification_id=qualification)
    if candidat:
        inscriptions = inscriptions.filter(candidat_id=candidat)
    return inscriptions.order_by("-date_inscription", "-pk")


@router.post(
    "/inscriptions",
    response=reponses({201: InscriptionCandidatOut}, 401, 403, 404),
    summary="Inscrire un candidat",
    tags=TAGS,
)
def inscrire(request: HttpRequest, donnees: InscriptionCandidatIn) -> Status[Inscription]:
    """L'inscription préalable auprès de l'UIMM territoriale centre d'examen (R-REG-01), sur un CQPM ouvert
    (R-REG-03, R-LC-SUP-04), épinglée sur la version du référentiel en vigueur à sa date (R-LC-REV-04) ; les règles
    d'accès (R-ACC-01, R-ACC-02) et les données du procès-verbal (R-REG-04) sont vérifiées."""
    acteur = appelant(request)
    candidat = _candidat(request, donnees.candidat_id)
    qualification = catalogue.qualification_visible(acteur, donnees.qualification_id)
    centre = _organisation(donnees.centre_examen_id, "centre_examen_id")
    assert centre is not None
    trouves = Bloc.objects.in_bulk(donnees.blocs)
    inconnus = [i for i in donnees.blocs if i not in trouves]
    if inconnus:
        raise RegleViolee("API", f"Bloc inconnu : {', '.join(map(str, inconnus))}.", code="bloc_inconnu", champ="blocs")
    inscription = services.inscrire(
        candidat,
        qualification,
        acteur=acteur,
        centre_examen=centre,
        blocs=[trouves[i] for i in donnees.blocs],
        date_inscription=donnees.date_inscription,
        motif_retroactivite=donnees.motif_retroactivite,
        parcours=donnees.parcours,
        voie=donnees.voie,
        financement=donnees.financement,
        type_beneficiaire=donnees.type_beneficiaire,
        origine=donnees.origine,
        apprenti=donnees.apprenti,
        accord_employeur=donnees.accord_employeur,
        entreprise=_organisation(donnees.entreprise_id, "entreprise_id"),
        organisme_formation=_organisation(donnees.organisme_formation_id, "organisme_formation_id"),
    )
    return Status(201, inscription)


@router.get(
    "/inscriptions/{id}",
    response=reponses({200: InscriptionCandidatOut}, 401, 404),
    summary="Fiche d'une inscription",
    tags=TAGS,
)
def inscription(request: HttpRequest, id: IdInscription) -> Inscription:
    return _inscription(request, id)


@router.post(
    "/inscriptions/{id}/annuler",
    response=reponses({200: InscriptionCandidatOut}, 401, 403, 404),
    summary="Annuler une inscription",
    tags=TAGS,
)
def annuler(request: HttpRequest, id: IdInscription, donnees: AnnulationIn) -> Inscription:
    """L'inscription annulée reste enregistrée, avec qui l'a annulée, quand et pourquoi."""
    return services.annuler_inscription(_inscription(request, id), acteur=appelant(request), motif=donnees.motif)
