"""The jury paritaire de délibération through the API (R-JURY-01 to 10): every step of the pages.

Every operation calls `cqpm.jurys.services`, which checks who acts and the rules; a jury the caller may not read
answers 404, as if it did not exist. Candidates appear under their code until the PV is signed (R-JURY-06).
"""

import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Router, Schema, Status

from cqpm.api.schemas import PDF, reponse_pdf, reponses
from cqpm.api.securite import AUTHENTIFIE, appelant
from cqpm.candidats.services import inscription_visible
from cqpm.comptes.models import Utilisateur
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.jurys import documents, services
from cqpm.jurys.enums import BrancheMembre, Periodicite, Presence
from cqpm.jurys.models import CandidatJury, CibleJury, DemandeDesignation, Jury, MembreJury
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Qualification

router = Router(auth=AUTHENTIFIE)

SANS_NUL = r"^[^\x00]*$"
ID_MAX = 2**63 - 1
TAGS = ["Jurys paritaires de délibération"]
Identifiant = Annotated[int, Field(ge=1, le=ID_MAX)]
IdJury = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant du jury.")]
IdObjet = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant.")]
DateSaisie = Annotated[datetime.date, Field(ge=datetime.date(1950, 1, 1), le=datetime.date(2999, 12, 31))]


def _texte(longueur: int, description: str) -> Any:
    return Field(max_length=longueur, pattern=SANS_NUL, description=description)


class JuryIn(Schema):
    centre_examen_id: Identifiant
    qualification_id: Identifiant
    date: DateSaisie
    lieu: Annotated[str, _texte(200, "Lieu du jury.")]
    periodicite: Periodicite = Periodicite.PONCTUELLE


class DateJuryIn(Schema):
    date: DateSaisie


class EnvoiJuryIn(Schema):
    le: DateSaisie | None = Field(None, description="Date d'envoi ; absente : aujourd'hui.")


class CandidatJuryIn(Schema):
    inscription_id: Identifiant


class MembreJuryIn(Schema):
    nom: Annotated[str, _texte(200, "Nom et prénom.")]
    organisme: Annotated[str, _texte(255, "Entreprise, UIMM ou organisation syndicale.")]
    fonction: Annotated[str, _texte(200, "Fonction.")]
    courriel: Annotated[str, _texte(254, "Adresse électronique (convocation).")] = ""
    branche: BrancheMembre = BrancheMembre.METALLURGIE


class MembreSyndicalIn(MembreJuryIn):
    voix_deliberative: bool = True


class MembrePatronalIn(MembreJuryIn):
    utilisateur_id: Identifiant | None = Field(None, description="Compte du membre (pour la signature du président).")


class PresidentJuryIn(Schema):
    membre_id: Identifiant


class PresenceJuryIn(Schema):
    presence: Presence


class ReportJuryIn(Schema):
    jury_id: Identifiant


class VoteJuryIn(Schema):
    membre_id: Identifiant
    decision: Annotated[str, _texte(10, "A ou NA (R-JURY-09).")]


class MembreJuryOut(Schema):
    id: int
    college: str
    nom: str
    organisme: str
    fonction: str
    branche: str
    voix_deliberative: bool
    president: bool


class CibleJuryOut(Schema):
    id: int
    bloc_id: int | None = Field(description="Absent : le CQPM entier.")
    bloc_numero: int | None
    decision: str = Field(description="A ou NA (R-GTP-02).")


class CandidatJuryOut(Schema):
    id: int
    code: str
    nom: str = Field(description="Le code tant que le procès-verbal n'est pas signé (R-JURY-06).")
    presence: str
    decision: str
    cibles: list[CibleJuryOut] = Field(
        [], description="Le CQPM entier, ou chaque bloc aux capacités toutes acquises (R-GTP-02) : A ou NA."
    )


def _cible_out(t: CibleJury) -> dict[str, Any]:
    return {"id": t.pk, "bloc_id": t.bloc_id, "bloc_numero": t.bloc.numero if t.bloc else None, "decision": t.decision}


class DecisionCibleIn(Schema):
    decision: Annotated[str, _texte(10, "A ou NA (R-GTP-02).")]


class InformationCprefpOut(Schema):
    motif: str
    envoyee_le: datetime.datetime


class JuryOut(Schema):
    id: int
    centre_examen: str
    qualification: str
    date: datetime.date
    lieu: str
    periodicite: str
    etat: str
    information_due: str
    designations_demandees_le: datetime.date | None
    convoque_le: datetime.date | None
    signe_le: datetime.datetime | None
    membres: list[MembreJuryOut] = []
    candidats: list[CandidatJuryOut] = []
    informations: list[InformationCprefpOut] = []

    @staticmethod
    def resolve_centre_examen(obj: Jury) -> str:
        return str(obj.centre_examen)

    @staticmethod
    def resolve_qualification(obj: Jury) -> str:
        return str(obj.qualification)

    @staticmethod
    def resolve_membres(obj: Jury) -> list[MembreJury]:
        return list(obj.membres.all())

    @staticmethod
    def resolve_candidats(obj: Jury) -> list[dict[str, Any]]:
        candidats = (
            CandidatJury.objects.filter(jury=obj)
            .select_related("jury", "inscription__candidat")
            .prefetch_related("cibles__bloc")
        )
        return [
            {
                "id": c.pk,
                "code": c.code,
                "nom": services.nom_affiche(c),
                "presence": c.presence,
                "decision": c.decision,
                "cibles": [_cible_out(t) for t in c.cibles.all()],
            }
            for c in candidats
        ]

    @staticmethod
    def resolve_informations(obj: Jury) -> list[Any]:
        return list(obj.informations.all())


class DemandeDesignationOut(Schema):
    id: int
    jury_id: int
    jury_date: datetime.date
    branche_syndicale: str
    envoyee_le: datetime.date

    @staticmethod
    def resolve_jury_date(obj: DemandeDesignation) -> datetime.date:
        return obj.jury.date

    @staticmethod
    def resolve_branche_syndicale(obj: DemandeDesignation) -> str:
        return str(obj.branche_syndicale)


def _jury(request: HttpRequest, id: int) -> Jury:
    return services.jury_visible(id, appelant(request))


def _membre(jury: Jury, id: int) -> MembreJury:
    membre = jury.membres.filter(pk=id).first()
    if membre is None:
        raise Introuvable("Membre introuvable.")
    return membre


def _candidat(jury: Jury, id: int) -> CandidatJury:
    candidat = CandidatJury.objects.filter(jury=jury, pk=id).select_related("jury", "inscription").first()
    if candidat is None:
        raise Introuvable("Candidat introuvable.")
    return candidat


def _saisie(d: MembreJuryIn) -> services.MembreSaisi:
    return services.MembreSaisi(d.nom, d.organisme, d.fonction, d.courriel, d.branche)


@router.get("/jurys", response=reponses({200: list[JuryOut]}, 401), summary="Lister les jurys", tags=TAGS)
def lister_jurys(request: HttpRequest) -> list[Jury]:
    return list(services.jurys_visibles(appelant(request))[:200])


@router.post("/jurys", response=reponses({201: JuryOut}, 401, 403), summary="Planifier un jury", tags=TAGS)
def creer_jury(request: HttpRequest, donnees: JuryIn) -> Status[Jury]:
    """Un jury du calendrier du centre d'examen (R-JURY-01)."""
    centre = Organisation.objects.filter(pk=donnees.centre_examen_id).first()
    qualification = Qualification.objects.filter(pk=donnees.qualification_id).first()
    if centre is None or qualification is None:
        raise RegleViolee("API", "Centre d'examen ou qualification inconnu.", code="reference_inconnue")
    jury = services.creer_jury(
        centre_examen=centre,
        qualification=qualification,
        date=donnees.date,
        lieu=donnees.lieu,
        periodicite=donnees.periodicite,
        acteur=appelant(request),
    )
    return Status(201, jury)


@router.get("/jurys/{id}", response=reponses({200: JuryOut}, 401, 404), summary="Un jury", tags=TAGS)
def lire_jury(request: HttpRequest, id: IdJury) -> Jury:
    return services.jury_lisible(id, appelant(request))


@router.post("/jurys/{id}/date", response=reponses({200: JuryOut}, 401, 403, 404), summary="Déplacer", tags=TAGS)
def deplacer_jury(request: HttpRequest, id: IdJury, donnees: DateJuryIn) -> Jury:
    """Avant tout résultat seulement ; la CPREFP est informée à nouveau (R-JURY-07)."""
    return services.modifier_date(_jury(request, id), date=donnees.date, acteur=appelant(request))


@router.post("/jurys/{id}/candidats", response=reponses({201: JuryOut}, 401, 403, 404), summary="Présenter", tags=TAGS)
def presenter_candidat_jury(request: HttpRequest, id: IdJury, donnees: CandidatJuryIn) -> Status[Jury]:
    """Un candidat aux évaluations terminées, sous un code anonyme (R-JURY-06)."""
    j = _jury(request, id)
    inscription = inscription_visible(appelant(request), donnees.inscription_id)
    services.presenter_candidat(j, inscription, acteur=appelant(request))
    return Status(201, _jury(request, id))


@router.post(
    "/jurys/{id}/designations", response=reponses({200: JuryOut}, 401, 403, 404), summary="Demander", tags=TAGS
)
def demander_designations_jury(request: HttpRequest, id: IdJury, donnees: EnvoiJuryIn) -> Jury:
    """À la branche territoriale de chaque organisation syndicale représentative, 15 jours avant (R-JURY-01)."""
    j = _jury(request, id)
    services.demander_designations(j, le=donnees.le, acteur=appelant(request))
    return _jury(request, id)


@router.get(
    "/demandes-designation",
    response=reponses({200: list[DemandeDesignationOut]}, 401),
    summary="Demandes reçues",
    tags=TAGS,
)
def lister_demandes_designation(request: HttpRequest) -> list[DemandeDesignation]:
    return list(services.demandes_visibles(appelant(request))[:200])


@router.post(
    "/demandes-designation/{id}/membres",
    response=reponses({201: MembreJuryOut}, 401, 403, 404),
    summary="Désigner un membre syndical",
    tags=TAGS,
)
def designer_membre_syndical(request: HttpRequest, id: IdObjet, donnees: MembreSyndicalIn) -> Status[MembreJury]:
    """Salarié de la métallurgie (au plus un du travail temporaire), une voix par organisation (R-JURY-03)."""
    demande = services.demandes_visibles(appelant(request)).filter(pk=id).first()
    if demande is None:
        raise Introuvable("Demande introuvable.")
    membre = services.designer_membre_syndical(
        demande, _saisie(donnees), voix_deliberative=donnees.voix_deliberative, acteur=appelant(request)
    )
    return Status(201, membre)


@router.post(
    "/jurys/{id}/membres-patronaux",
    response=reponses({201: MembreJuryOut}, 401, 403, 404),
    summary="Désigner un membre patronal",
    tags=TAGS,
)
def designer_membre_patronal(request: HttpRequest, id: IdJury, donnees: MembrePatronalIn) -> Status[MembreJury]:
    """Au plus 5 de la métallurgie et 1 du travail temporaire (R-JURY-02)."""
    utilisateur = None
    if donnees.utilisateur_id is not None:
        utilisateur = Utilisateur.objects.filter(pk=donnees.utilisateur_id, is_active=True).first()
        if utilisateur is None:
            raise RegleViolee("API", "Compte inconnu.", code="compte_inconnu", champ="utilisateur_id")
    membre = services.designer_membre_patronal(
        _jury(request, id), _saisie(donnees), utilisateur=utilisateur, acteur=appelant(request)
    )
    return Status(201, membre)


@router.post(
    "/jurys/{id}/invites", response=reponses({201: MembreJuryOut}, 401, 403, 404), summary="Inviter", tags=TAGS
)
def inviter_au_jury(request: HttpRequest, id: IdJury, donnees: MembreJuryIn) -> Status[MembreJury]:
    """Tuteur ou évaluateur, sans voix délibérative (R-JURY-04)."""
    return Status(201, services.ajouter_invite(_jury(request, id), _saisie(donnees), acteur=appelant(request)))


@router.post(
    "/jurys/{id}/president", response=reponses({200: MembreJuryOut}, 401, 403, 404), summary="Président", tags=TAGS
)
def designer_president_jury(request: HttpRequest, id: IdJury, donnees: PresidentJuryIn) -> MembreJury:
    """Désigné par la chambre syndicale, dans la délégation patronale (R-JURY-05)."""
    j = _jury(request, id)
    return services.designer_president(_membre(j, donnees.membre_id), acteur=appelant(request))


@router.post(
    "/jurys/{id}/cprefp", response=reponses({200: JuryOut}, 401, 403, 404), summary="Informer la CPREFP", tags=TAGS
)
def informer_cprefp_jury(request: HttpRequest, id: IdJury) -> Jury:
    """Composition et calendrier, à chaque changement ; chaque information est datée et conservée (R-JURY-07)."""
    j = _jury(request, id)
    services.informer_cprefp(j, acteur=appelant(request))
    return _jury(request, id)


@router.post(
    "/jurys/{id}/convocations", response=reponses({200: JuryOut}, 401, 403, 404), summary="Convoquer", tags=TAGS
)
def convoquer_jury(request: HttpRequest, id: IdJury, donnees: EnvoiJuryIn) -> Jury:
    """15 jours avant, copie à la branche mandante, préavis de 8 jours à l'employeur (R-JURY-08)."""
    j = _jury(request, id)
    services.convoquer(j, le=donnees.le, acteur=appelant(request))
    return _jury(request, id)


@router.post(
    "/jurys/{id}/membres/{mid}/convocation",
    response=reponses({200: MembreJuryOut}, 401, 403, 404),
    summary="Convoquer un membre désigné après les convocations",
    tags=TAGS,
)
def convoquer_membre_jury(request: HttpRequest, id: IdJury, mid: IdObjet, donnees: EnvoiJuryIn) -> MembreJury:
    """15 jours avant, après une nouvelle information de la CPREFP (R-JURY-07, R-JURY-08)."""
    j = _jury(request, id)
    membre = _membre(j, mid)
    services.convoquer_membre(membre, le=donnees.le, acteur=appelant(request))
    return membre


@router.post(
    "/jurys/{id}/candidats/{cid}/presence",
    response=reponses({200: CandidatJuryOut}, 401, 403, 404),
    summary="Présence d'un candidat",
    tags=TAGS,
)
def presence_candidat_jury(request: HttpRequest, id: IdJury, cid: IdObjet, donnees: PresenceJuryIn) -> dict[str, Any]:
    c = services.marquer_presence(
        _candidat(_jury(request, id), cid), presence=donnees.presence, acteur=appelant(request)
    )
    return {"id": c.pk, "code": c.code, "nom": c.code, "presence": c.presence, "decision": c.decision}


@router.post(
    "/jurys/{id}/candidats/{cid}/report",
    response=reponses({200: JuryOut}, 401, 403, 404),
    summary="Reporter un candidat absent ou excusé",
    tags=TAGS,
)
def reporter_candidat_jury(request: HttpRequest, id: IdJury, cid: IdObjet, donnees: ReportJuryIn) -> Jury:
    cible = _jury(request, donnees.jury_id)
    services.reporter_candidat(_candidat(_jury(request, id), cid), vers=cible, acteur=appelant(request))
    return _jury(request, donnees.jury_id)


@router.post(
    "/jurys/{id}/candidats/{cid}/votes",
    response=reponses({201: None}, 401, 403, 404),
    summary="Enregistrer un vote",
    tags=TAGS,
)
def voter_jury(request: HttpRequest, id: IdJury, cid: IdObjet, donnees: VoteJuryIn) -> Status[None]:
    """A ou NA, par un membre avec voix délibérative (R-JURY-04, R-JURY-09)."""
    j = _jury(request, id)
    services.voter(
        _candidat(j, cid), membre=_membre(j, donnees.membre_id), decision=donnees.decision, acteur=appelant(request)
    )
    return Status(201, None)


@router.post(
    "/jurys/{id}/candidats/{cid}/cibles/{tid}",
    response=reponses({200: CibleJuryOut}, 401, 403, 404),
    summary="Décider d'une certification",
    tags=TAGS,
)
def declarer_cible_jury(request: HttpRequest, id: IdJury, cid: IdObjet, tid: IdObjet, donnees: DecisionCibleIn) -> Any:
    """A ou NA sur le CQPM entier ou sur un bloc du candidat (R-GTP-02), décisions arrêtées et avant la signature ;
    A seulement pour un candidat déclaré A (R-JURY-09)."""
    candidat = _candidat(_jury(request, id), cid)
    cible = CibleJury.objects.filter(candidat=candidat, pk=tid).select_related("bloc").first()
    if cible is None:
        raise Introuvable("Certification introuvable.")
    return _cible_out(services.declarer_cible(cible, decision=donnees.decision, acteur=appelant(request)))


@router.post("/jurys/{id}/deliberation", response=reponses({200: JuryOut}, 401, 403, 404), summary="Arrêter", tags=TAGS)
def arreter_decisions_jury(request: HttpRequest, id: IdJury) -> Jury:
    """À la majorité, voix du président prépondérante (R-JURY-05, R-JURY-09)."""
    return services.arreter_decisions(_jury(request, id), acteur=appelant(request))


@router.post(
    "/jurys/{id}/signature", response=reponses({200: JuryOut}, 401, 403, 404), summary="Signer le PV", tags=TAGS
)
def signer_pv_jury(request: HttpRequest, id: IdJury) -> Jury:
    """Par le président, après son second facteur ; définitif (R-JURY-09, R-JURY-10). Un jeton d'API ne porte pas
    la double authentification : la signature se fait depuis une session vérifiée."""
    return services.signer(services.jury_lisible(id, appelant(request)), acteur=appelant(request))


@router.get(
    "/jurys/{id}/pv.pdf", response=reponses({200: None}, 401, 404), summary="PV (PDF)", tags=TAGS, openapi_extra=PDF
)
def pv_juryreponse_pdf(request: HttpRequest, id: IdJury) -> HttpResponse:
    j = services.jury_lisible(id, appelant(request))
    return reponse_pdf(documents.pdf_pv(j, acteur=appelant(request)), f"pv-jury-{j.pk}.pdf")


@router.get(
    "/jurys/{id}/emargement.pdf",
    response=reponses({200: None}, 401, 404),
    summary="Émargement (PDF)",
    tags=TAGS,
    openapi_extra=PDF,
)
def emargement_juryreponse_pdf(request: HttpRequest, id: IdJury) -> HttpResponse:
    j = services.jury_lisible(id, appelant(request))
    return reponse_pdf(documents.pdf_emargement(j, acteur=appelant(request)), f"emargement-jury-{j.pk}.pdf")


@router.get(
    "/jurys/{id}/cprefp.pdf",
    response=reponses({200: None}, 401, 404),
    summary="Extrait CPREFP (PDF)",
    description="Les informations datées envoyées à la CPREFP (composition et calendrier, R-JURY-07), pour le GTP.",
    tags=TAGS,
    openapi_extra=PDF,
)
def extrait_cprefp_juryreponse_pdf(request: HttpRequest, id: IdJury) -> HttpResponse:
    j = _jury(request, id)
    return reponse_pdf(documents.pdf_extrait_cprefp(j, acteur=appelant(request)), f"extrait-cprefp-jury-{j.pk}.pdf")


@router.get(
    "/jurys/{id}/membres/{mid}/convocation.pdf",
    response=reponses({200: None}, 401, 404),
    summary="Convocation (PDF)",
    tags=TAGS,
    openapi_extra=PDF,
)
def convocation_juryreponse_pdf(request: HttpRequest, id: IdJury, mid: IdObjet) -> HttpResponse:
    j = services.jury_lisible(id, appelant(request))
    membre = _membre(j, mid)
    return reponse_pdf(
        documents.pdf_convocation(membre, acteur=appelant(request)), f"convocation-jury-{j.pk}-{mid}.pdf"
    )
