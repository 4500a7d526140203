"""VAE files through the API (R-VAE-01 to 03, R-ACC-02): filing a request with its recevabilité file, then each
transition of Annex 4. Every operation calls `cqpm.vae.services`; a file the caller may not read answers 404."""

# No `from __future__ import annotations`: @paginate wraps the views (see cqpm/candidats/api.py).
import datetime
from typing import Annotated, Any

import pydantic
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Path, Query, Router, Schema, Status, UploadedFile
from ninja.errors import ValidationError
from ninja.pagination import paginate

from cqpm.api.schemas import Pagination, bornes_date, reponses
from cqpm.api.securite import AUTHENTIFIE, appelant
from cqpm.candidats.enums import Financement, Origine, TypeBeneficiaire
from cqpm.candidats.services import candidat_visible
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.organisations.models import Organisation
from cqpm.portail.services import candidat_de
from cqpm.referentiels import catalogue
from cqpm.referentiels.models import Bloc
from cqpm.vae import rules, services
from cqpm.vae.enums import Echeance, NaturePiece, Phase, TypeContrat, Validation
from cqpm.vae.models import DossierVAE

router = Router(auth=AUTHENTIFIE)
TAGS = ["Validation des acquis de l'expérience"]
SANS_NUL = r"^[^\x00]*$"
ID_MAX = 2**63 - 1
Identifiant = Annotated[int, Field(ge=1, le=ID_MAX)]
IdDossier = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant du dossier de VAE.")]
DATE_MIN = datetime.date(2000, 1, 1)
DateVae = Annotated[datetime.date, bornes_date(DATE_MIN)]


def _texte(longueur: int, description: str) -> Any:
    return Field(max_length=longueur, pattern=SANS_NUL, description=description)


class ExperienceIn(Schema):
    poste: Annotated[str, _texte(200, "Poste occupé.")]
    employeur: Annotated[str, _texte(200, "Entreprise ou structure.")]
    activite_entreprise: Annotated[str, _texte(200, "Activité principale de l'entreprise.")]
    type_contrat: TypeContrat
    debut: DateVae
    fin: DateVae | None = Field(None, description="Vide : en cours.")
    rapport: Annotated[str, _texte(4000, "Activités en rapport avec le CQPM ou les blocs visés.")]


class DepotIn(Schema):
    candidat_id: Identifiant | None = Field(None, description="Le candidat ; omis : celui du compte appelant.")
    qualification_id: Identifiant
    centre_examen_id: Identifiant = Field(description="L'UIMM territoriale centre d'examen (R-REG-01).")
    blocs: list[Identifiant] = Field([], max_length=20, description="Blocs visés ; aucun : le CQPM entier (R-VAE-03).")
    financement: Financement = Financement.VAE
    type_beneficiaire: TypeBeneficiaire
    origine: Origine
    entreprise_id: Identifiant | None = None
    accord_employeur: bool = False
    declaration_honneur: bool = Field(
        description="Une seule demande de VAE pour ce CQPM dans l'année civile en cours (R-VAE-01)."
    )
    experiences: list[ExperienceIn] = Field(max_length=50, description="Le dossier d'activités (R-VAE-01).")


class ExperienceOut(Schema):
    poste: str
    employeur: str
    activite_entreprise: str
    type_contrat: TypeContrat
    debut: datetime.date
    fin: datetime.date | None
    rapport: str


class PieceVAEOut(Schema):
    id: int
    nature: NaturePiece
    nom: str
    taille: int


class EcheanceOut(Schema):
    echeance: Echeance
    libelle: str
    due_le: datetime.date
    tenue_le: datetime.date | None
    en_retard: bool


class ConclusionOut(Schema):
    capacite_id: int
    capacite: str
    acquise: bool


class DossierVAEOut(Schema):
    id: int
    inscription_id: int
    candidat_id: int
    qualification_id: int
    intitule: str
    blocs: list[int] = Field(description="Numéros des blocs visés ; vide : le CQPM entier (R-VAE-03).")
    centre_examen_id: int
    phase: Phase
    recu_le: datetime.date
    avis_du_le: datetime.date
    instruction_le: datetime.date | None
    avis_le: datetime.date | None
    motif_defavorable: str
    recevable_le: datetime.date | None
    fin_parcours_le: datetime.date | None
    accompagnateur: str
    preuves_recues_le: datetime.date | None
    commission_le: datetime.date | None
    president: str
    membres: list[str]
    conclusions_le: datetime.date | None
    validation: Validation | None
    conclusions: list[ConclusionOut]
    echeances: list[EcheanceOut]
    experiences: list[ExperienceOut]
    pieces: list[PieceVAEOut]


class DateIn(Schema):
    le: DateVae | None = Field(None, description="Aujourd'hui par défaut ; jamais future.")


class NonRecevableIn(DateIn):
    motif: Annotated[str, _texte(4000, "Motif de l'avis défavorable (R-VAE-02).")]


class AccompagnementIn(DateIn):
    accompagnateur: Annotated[str, _texte(200, "L'accompagnateur (tiers).")]


class MembreCommissionVAEIn(Schema):
    nom: Annotated[str, _texte(200, "Nom du membre.")]
    qualite: Annotated[str, _texte(200, "Qualité du membre.")] = ""


class CommissionVAEIn(Schema):
    president: Annotated[str, _texte(200, "Représentant du centre d'examen, président (R-VAE-02).")]
    membres: list[MembreCommissionVAEIn] = Field(max_length=20)
    date: DateVae = Field(description="Date de la commission de validation.")


class ConclusionIn(Schema):
    capacite_id: Identifiant
    acquise: bool


class ConclusionsIn(DateIn):
    conclusions: list[ConclusionIn] = Field(max_length=200, description="Une par capacité visée (R-VAE-03).")
    observations: Annotated[str, _texte(4000, "Observations de la commission.")] = ""


def _fiche(d: DossierVAE) -> dict[str, Any]:
    le = timezone.localdate()
    champs: tuple[str, ...] = (
        "recu_le",
        "avis_du_le",
        "instruction_le",
        "avis_le",
        "motif_defavorable",
        "recevable_le",
    )
    champs += ("fin_parcours_le", "accompagnateur", "preuves_recues_le", "commission_le", "president")
    return {
        "id": d.pk,
        "inscription_id": d.inscription_id,
        "candidat_id": d.candidat_id,
        "qualification_id": d.qualification_id,
        "intitule": d.qualification.intitule,
        "blocs": sorted(d.inscription.blocs.values_list("numero", flat=True)),
        "centre_examen_id": d.centre_examen_id,
        "phase": d.phase,
        **{c: getattr(d, c) for c in champs},
        "membres": [m.nom for m in d.membres.all()],
        "conclusions_le": d.conclusions_le,
        "validation": d.validation or None,
        "conclusions": [
            {"capacite_id": c.capacite_id, "capacite": f"C{c.capacite.numero}", "acquise": c.acquise}
            for c in d.conclusions.select_related("capacite")
        ],
        "echeances": [
            {
                "echeance": e.echeance,
                "libelle": e.libelle,
                "due_le": e.due_le,
                "tenue_le": e.tenue_le,
                "en_retard": e.en_retard,
            }
            for e in rules.echeances(d, le)
        ],
        "experiences": list(d.experiences.all()),
        "pieces": [{"id": p.pk, "nature": p.nature, "nom": p.nom_original, "taille": p.taille} for p in d.pieces.all()],
    }


def _dossier(request: HttpRequest, id: int) -> DossierVAE:
    dossier = services.dossiers_visibles(appelant(request)).filter(pk=id).first()
    if dossier is None:
        raise Introuvable(f"Le dossier de VAE n° {id} n'existe pas ou vous n'y avez pas accès.")
    return dossier


def _objet(modele: Any, id: int | None, champ: str, libelle: str) -> Any:
    if id is None:
        return None
    objet = modele.objects.filter(pk=id).first()
    if objet is None:
        raise RegleViolee("API", f"{libelle} inconnu(e) : {id}.", code="inconnu", champ=champ)
    return objet


@router.get(
    "/vae/dossiers",
    response=reponses({200: list[DossierVAEOut]}, 401, 403),
    summary="Lister les dossiers de VAE",
    tags=TAGS,
)
@paginate(Pagination)
def lister_dossiers_vae(
    request: HttpRequest, phase: Annotated[Phase | None, Query(description="Phase du dossier.")] = None
) -> Any:
    """Tous pour le secrétariat ; ceux dont elle est centre d'examen pour une UIMM territoriale ; les siens pour un
    candidat. Les échéances les plus proches d'abord."""
    exiger(appelant(request), Action.CONSULTER_VAE)
    dossiers = services.dossiers_visibles(appelant(request))
    if phase:
        dossiers = dossiers.filter(phase=phase)
    return [_fiche(d) for d in dossiers.order_by("avis_du_le", "pk")]


@router.post(
    "/vae/dossiers",
    response=reponses({201: DossierVAEOut}, 400, 401, 403),
    summary="Déposer une demande de VAE (recevabilité)",
    tags=TAGS,
)
def deposer_demande_vae(
    request: HttpRequest,
    donnees: Annotated[str, Form(max_length=200_000, description="Le schéma DepotIn, en JSON.")],
    cv: Annotated[UploadedFile | None, File(description="CV synthétique.")] = None,
    identite: Annotated[UploadedFile | None, File(description="Copie d'une pièce d'identité.")] = None,
    motivation: Annotated[UploadedFile | None, File(description="Lettre de motivation.")] = None,
    justificatifs: Annotated[list[UploadedFile] | None, File(description="Justificatifs d'activité.")] = None,
    diplomes: Annotated[list[UploadedFile] | None, File(description="Diplômes, titres, certificats.")] = None,
) -> Status[dict[str, Any]]:
    """Crée l'inscription préalable au parcours VAE (CQPM inscrit au RNCP : R-ACC-02 ; CQPM entier ou blocs :
    R-VAE-03) et son dossier de recevabilité (R-VAE-01) : pièces reconnues à leur contenu, une seule demande par
    CQPM et par année civile, quel que soit le centre d'examen."""
    try:
        depot = DepotIn.model_validate_json(donnees)
    except pydantic.ValidationError as exc:
        raise ValidationError(
            [{"type": e["type"], "msg": e["msg"], "loc": ("form", "donnees", *e["loc"])} for e in exc.errors()]
        ) from exc
    acteur = appelant(request)
    soi = candidat_de(acteur)
    if depot.candidat_id is None or (soi is not None and soi.pk == depot.candidat_id):
        candidat = soi
    else:
        candidat = candidat_visible(acteur, depot.candidat_id)  # another territoriale's candidate: 404
    if candidat is None:
        raise RegleViolee("API", "Indiquez le candidat (candidat_id).", code="candidat_requis", champ="candidat_id")
    qualification = catalogue.qualification_visible(acteur, depot.qualification_id)  # a draft: 404, no title
    trouves = Bloc.objects.in_bulk(depot.blocs)
    if len(trouves) != len(set(depot.blocs)):
        raise RegleViolee("API", "Bloc inconnu.", code="bloc_inconnu", champ="blocs")
    pieces = [(NaturePiece.CV, cv), (NaturePiece.IDENTITE, identite), (NaturePiece.MOTIVATION, motivation)]
    pieces += [(NaturePiece.JUSTIFICATIF, f) for f in justificatifs or []]
    pieces += [(NaturePiece.DIPLOME, f) for f in diplomes or []]
    dossier = services.deposer_demande(
        candidat,
        qualification,
        acteur=acteur,
        centre_examen=_objet(Organisation, depot.centre_examen_id, "centre_examen_id", "Organisation"),
        financement=depot.financement,
        type_beneficiaire=depot.type_beneficiaire,
        origine=depot.origine,
        entreprise=_objet(Organisation, depot.entreprise_id, "entreprise_id", "Organisation"),
        accord_employeur=depot.accord_employeur,
        blocs=[trouves[i] for i in depot.blocs],
        declaration_honneur=depot.declaration_honneur,
        experiences=[rules.ExperienceSaisie(**e.dict()) for e in depot.experiences],
        pieces=[(n, f) for n, f in pieces if f is not None],
    )
    return Status(201, _fiche(dossier))


@router.get(
    "/vae/dossiers/{id}",
    response=reponses({200: DossierVAEOut}, 401, 404),
    summary="Fiche d'un dossier de VAE",
    tags=TAGS,
)
def dossier_vae(request: HttpRequest, id: IdDossier) -> dict[str, Any]:
    """Le dossier, ses échéances (3 mois pour l'avis, 12 mois pour le parcours : R-VAE-02), ses pièces."""
    return _fiche(_dossier(request, id))


def _etape(chemin: str, resume: str) -> Any:
    return router.post(
        f"/vae/dossiers/{{id}}/{chemin}",
        response=reponses({200: DossierVAEOut}, 401, 403, 404),
        summary=resume,
        tags=TAGS,
    )


@_etape("instruction", "Ouvrir l'instruction de la recevabilité")
def ouvrir_instruction_vae(request: HttpRequest, id: IdDossier, donnees: DateIn) -> dict[str, Any]:
    """Le centre d'examen instruit la recevabilité ; l'avis est dû 3 mois après la réception (R-VAE-02)."""
    d = services.ouvrir_instruction(_dossier(request, id), acteur=appelant(request), le=donnees.le)
    return _fiche(d)


@_etape("recevable", "Déclarer la demande recevable")
def declarer_recevable_vae(request: HttpRequest, id: IdDossier, donnees: DateIn) -> dict[str, Any]:
    """Avis favorable : tout le parcours tient ensuite en 12 mois (R-VAE-02)."""
    d = services.declarer_recevable(_dossier(request, id), acteur=appelant(request), le=donnees.le)
    return _fiche(d)


@_etape("non-recevable", "Déclarer la demande non recevable")
def declarer_non_recevable_vae(request: HttpRequest, id: IdDossier, donnees: NonRecevableIn) -> dict[str, Any]:
    """Avis défavorable motivé : le dossier est clos (R-VAE-02)."""
    d = services.declarer_non_recevable(
        _dossier(request, id), acteur=appelant(request), motif=donnees.motif, le=donnees.le
    )
    return _fiche(d)


@_etape("accompagnement", "Enregistrer l'accompagnement du candidat")
def accompagner_vae(request: HttpRequest, id: IdDossier, donnees: AccompagnementIn) -> dict[str, Any]:
    """Facultatif, à la demande du candidat (R-VAE-02)."""
    d = services.accompagner(
        _dossier(request, id), acteur=appelant(request), accompagnateur=donnees.accompagnateur, le=donnees.le
    )
    return _fiche(d)


@_etape("preuves", "Recevoir le dossier de preuves")
def recevoir_preuves_vae(
    request: HttpRequest,
    id: IdDossier,
    fichier: Annotated[UploadedFile | None, File(description="Le dossier de preuves (PDF, bureautique).")] = None,
) -> dict[str, Any]:
    """Réception du dossier de preuves par le centre d'examen, aujourd'hui (R-VAE-02)."""
    d = services.recevoir_preuves(_dossier(request, id), acteur=appelant(request), fichier=fichier)
    return _fiche(d)


@_etape("commission", "Constituer la commission de validation")
def constituer_commission_vae(request: HttpRequest, id: IdDossier, donnees: CommissionVAEIn) -> dict[str, Any]:
    """Constituée et présidée par le centre d'examen, dans les 12 mois du parcours (R-VAE-02)."""
    d = services.constituer_commission(
        _dossier(request, id),
        acteur=appelant(request),
        president=donnees.president,
        membres=[(m.nom, m.qualite) for m in donnees.membres],
        date=donnees.date,
    )
    return _fiche(d)


@_etape("conclusions", "Enregistrer les conclusions de la commission")
def enregistrer_conclusions_vae(request: HttpRequest, id: IdDossier, donnees: ConclusionsIn) -> dict[str, Any]:
    """Par capacité visée : validation totale, partielle ou nulle, transmise au jury (R-VAE-02, R-VAE-03)."""
    d = services.enregistrer_conclusions(
        _dossier(request, id),
        acteur=appelant(request),
        acquises={c.capacite_id: c.acquise for c in donnees.conclusions},
        observations=donnees.observations,
        le=donnees.le,
    )
    return _fiche(d)
