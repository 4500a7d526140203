"""The award through the API (R-GTP-01 to 03, R-ID-04, R-CERT-01 to 04, R-LET-01 to 04): every step of the pages,
and the public verification of a certificate by its token.

Every operation calls `cqpm.attributions.services`, which checks who acts and the rules; a request the caller may
not read answers 404, as if it did not exist.
"""

import dataclasses
import datetime
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, File, Form, Path, Router, Schema, Status, UploadedFile

from cqpm.api.schemas import PDF, reponse_pdf, reponses
from cqpm.api.securite import AUTHENTIFIE, appelant
from cqpm.attributions import documents, espace, services
from cqpm.attributions.enums import CanalTirage, ModeRemise, NaturePiece
from cqpm.attributions.models import Certificat, CibleAttribution, CopieCertifiee, DemandeAttribution
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.gtp.models import Seance
from cqpm.jurys.services import jury_visible

router = Router(auth=AUTHENTIFIE)

SANS_NUL = r"^[^\x00]*$"
ID_MAX = 2**63 - 1
TAGS = ["Attributions et certificats"]

Identifiant = Annotated[int, Field(ge=1, le=ID_MAX)]
IdObjet = Annotated[int, Path(ge=1, le=ID_MAX, description="Identifiant.")]
Jeton = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_ -]+$",
        description="Code de vérification imprimé sous le code QR (16 caractères, tirets et casse indifférents).",
    ),
]
Motif = Annotated[str, Field(max_length=2000, pattern=SANS_NUL, description="Motif.")]


class DemandeAttributionIn(Schema):
    jury_id: Identifiant


class SeanceAttributionIn(Schema):
    seance_id: Identifiant


class EnvoiAttributionIn(Schema):
    le: datetime.date | None = Field(None, description="Date d'envoi ; absente : aujourd'hui.")


class DecisionAttributionIn(Schema):
    valider: bool
    motif: Motif = ""


class MotifCertificatIn(Schema):
    motif: Motif


class RemiseCertificatIn(Schema):
    mode: ModeRemise
    le: datetime.date | None = None
    questionnaire_remis: bool = True


class ReponsesQuestionnaireIn(Schema):
    reponses: dict[str, Annotated[str, Field(max_length=2000, pattern=SANS_NUL)]] = Field(max_length=50)


class CibleAttributionOut(Schema):
    id: int
    candidat_code: str
    nature: str
    qualification_id: int
    bloc_id: int | None
    decision: str
    motif: str
    certificat: str | None

    @staticmethod
    def resolve_candidat_code(obj: CibleAttribution) -> str:
        return obj.candidat.code

    @staticmethod
    def resolve_certificat(obj: CibleAttribution) -> str | None:
        certificat = Certificat.objects.filter(cible=obj).first()
        return certificat.numero if certificat else None


class DemandeAttributionOut(Schema):
    id: int
    jury_id: int
    statut: str
    envoyee_le: datetime.date | None
    en_retard: bool
    incomplete: bool
    pieces_manquantes: list[str]
    limite_transmission: datetime.date
    seance_id: int | None
    cibles: list[CibleAttributionOut]

    @staticmethod
    def resolve_en_retard(obj: DemandeAttribution) -> bool:
        return services.est_en_retard(obj)

    @staticmethod
    def resolve_pieces_manquantes(obj: DemandeAttribution) -> list[str]:
        return [n.value for n in services.pieces_manquantes(obj)]

    @staticmethod
    def resolve_incomplete(obj: DemandeAttribution) -> bool:
        return bool(services.pieces_manquantes(obj))

    @staticmethod
    def resolve_limite_transmission(obj: DemandeAttribution) -> datetime.date:
        return services.limite_transmission(obj)

    @staticmethod
    def resolve_cibles(obj: DemandeAttribution) -> list[CibleAttribution]:
        return list(obj.cibles.select_related("candidat"))


class CertificatAttribueOut(Schema):
    id: int
    numero: str
    nature: str
    titulaire_nom: str
    titulaire_prenoms: str
    intitule_qualification: str
    numero_qualification: str
    date_jury: datetime.date
    fait_le: datetime.date
    revoque_le: datetime.datetime | None
    motif_revocation: str
    destinataire: str
    mode_remise: str
    remis_le: datetime.date | None
    questionnaire_remis: bool
    code_verification: str
    edition: int
    reedite_le: datetime.date | None


class DemandeCorrectionOut(Schema):
    id: int
    certificat_id: int
    statut: str
    titulaire_nom: str
    titulaire_prenoms: str
    date_naissance: datetime.date
    lieu_naissance: str
    motif: str
    nom_justificatif: str
    demandee_le: datetime.datetime
    decidee_le: datetime.datetime | None
    motif_refus: str


class TirageCertificatOut(Schema):
    le: datetime.datetime
    edition: int
    canal: str


class LigneRapportOut(Schema):
    demande: int
    candidat: str = Field(description="Code du candidat au jury.")
    nom: str
    cible: str
    decision: str = Field(description="Décision, « Échec » (avec sa raison) ou « À examiner ».")
    certificat: str
    raison: str


class CopieCertifieeOut(Schema):
    id: int
    rang: int
    delivree_le: datetime.date


class ProgressionSeanceOut(Schema):
    decidees: int
    total: int


class VerificationCertificatOut(Schema):
    statut: str = Field(description="valide, revoque ou inconnu.")
    code: str
    nature: str
    qualification: str
    numero_qualification: str
    numero: str
    titulaire: str
    date_naissance: datetime.date | None
    lieu_naissance: str
    date_jury: datetime.date | None
    attribue_le: datetime.date | None
    edition: int
    reedite_le: datetime.date | None
    revoque_le: datetime.date | None
    motif_revocation: str


def _demande(request: HttpRequest, id: int) -> DemandeAttribution:
    return services.demande_visible(id, appelant(request))


def _cible(request: HttpRequest, id: int) -> CibleAttribution:
    cible = CibleAttribution.objects.filter(pk=id).first()
    if cible is None:
        raise Introuvable("Attribution introuvable.")
    services.demande_visible(cible.demande_id, appelant(request))
    return cible


def _certificat(request: HttpRequest, id: int) -> Certificat:
    return services.certificat_visible(id, appelant(request))


def _seance(id: int) -> Seance:
    seance = Seance.objects.filter(pk=id).first()
    if seance is None:
        raise Introuvable("Séance introuvable.")
    return seance


@router.get("/attributions", response=reponses({200: list[DemandeAttributionOut]}, 401), summary="Lister", tags=TAGS)
def lister_demandes_attribution(request: HttpRequest) -> list[DemandeAttribution]:
    """Celles de ses centres d'examen ; toutes pour le secrétariat du GTP."""
    return list(services.demandes_visibles(appelant(request))[:200])


@router.post(
    "/attributions", response=reponses({201: DemandeAttributionOut}, 401, 403, 404), summary="Préparer", tags=TAGS
)
def creer_demande_attribution(request: HttpRequest, donnees: DemandeAttributionIn) -> Status[DemandeAttribution]:
    """Après un jury au procès-verbal signé, avec les attributions de chaque candidat (R-GTP-01, R-GTP-02)."""
    try:
        jury = jury_visible(donnees.jury_id, appelant(request))
    except Introuvable:
        raise Introuvable("Jury introuvable.") from None
    return Status(201, services.creer_demande(jury, acteur=appelant(request)))


@router.get(
    "/attributions/{id}", response=reponses({200: DemandeAttributionOut}, 401, 404), summary="Une demande", tags=TAGS
)
def lire_demande_attribution(request: HttpRequest, id: IdObjet) -> DemandeAttribution:
    return _demande(request, id)


@router.post(
    "/attributions/{id}/pieces",
    response=reponses({200: DemandeAttributionOut}, 401, 403, 404),
    summary="Joindre",
    tags=TAGS,
)
def joindre_piece_attribution(
    request: HttpRequest,
    id: IdObjet,
    nature: Annotated[NaturePiece, Form(description="Nature de la pièce (R-GTP-01).")],
    fichier: Annotated[UploadedFile, File(description="La pièce, en PDF.")],
) -> DemandeAttribution:
    demande = _demande(request, id)
    services.joindre_piece(demande, nature=nature, fichier=fichier, acteur=appelant(request))
    return _demande(request, id)


@router.post(
    "/attributions/{id}/envoi",
    response=reponses({200: DemandeAttributionOut}, 401, 403, 404),
    summary="Envoyer",
    tags=TAGS,
)
def envoyer_demande_attribution(request: HttpRequest, id: IdObjet, donnees: EnvoiAttributionIn) -> DemandeAttribution:
    """Complète seulement ; signalée en retard au-delà de 2 mois après le jury (R-GTP-01)."""
    return services.envoyer(_demande(request, id), le=donnees.le, acteur=appelant(request))


@router.post(
    "/attributions/{id}/seance",
    response=reponses({200: DemandeAttributionOut}, 401, 403, 404),
    summary="Inscrire",
    tags=TAGS,
)
def inscrire_demande_attribution(request: HttpRequest, id: IdObjet, donnees: SeanceAttributionIn) -> DemandeAttribution:
    """Le secrétariat du GTP inscrit la demande à une séance."""
    demande = _demande(request, id)
    return services.inscrire_a_seance(demande, seance=_seance(donnees.seance_id), acteur=appelant(request))


@router.post(
    "/attributions/{id}/cloture",
    response=reponses({200: DemandeAttributionOut}, 401, 403, 404),
    summary="Clore",
    tags=TAGS,
)
def clore_demande_attribution(request: HttpRequest, id: IdObjet) -> DemandeAttribution:
    """Une demande sans attribution : ses courriers sont enregistrés (R-LET-02, R-LET-03)."""
    return services.cloturer(_demande(request, id), acteur=appelant(request))


@router.post(
    "/attributions/cibles/{id}/decision",
    response=reponses({200: CibleAttributionOut}, 401, 403, 404),
    summary="Valider ou non",
    tags=TAGS,
)
def decider_attribution(request: HttpRequest, id: IdObjet, donnees: DecisionAttributionIn) -> CibleAttribution:
    """Par candidat et par certification, en séance ; la validation attribue le numéro MC (R-GTP-02, R-ID-04)."""
    cible = _cible(request, id)
    return services.decider(cible, valider=donnees.valider, motif=donnees.motif, acteur=appelant(request))


@router.post(
    "/seances/{id}/validation-attributions",
    response=reponses({202: ProgressionSeanceOut}, 401, 403, 404),
    summary="Valider toute la séance",
    tags=TAGS,
)
def valider_attributions_seance(request: HttpRequest, id: IdObjet) -> Status[dict[str, int]]:
    """En tâche de fond, reprise sans doublon après un incident (R-GTP-02)."""
    seance = _seance(id)
    services.lancer_validation_seance(seance, acteur=appelant(request))
    decidees, total = services.progression(seance)
    return Status(202, {"decidees": decidees, "total": total})


@router.get(
    "/seances/{id}/validation-attributions",
    response=reponses({200: ProgressionSeanceOut}, 401, 403, 404),
    summary="Avancement",
    tags=TAGS,
)
def avancement_attributions_seance(request: HttpRequest, id: IdObjet) -> dict[str, int]:
    from cqpm.comptes.permissions import Action, exiger

    exiger(appelant(request), Action.VALIDER_ATTRIBUTIONS)
    decidees, total = services.progression(_seance(id))
    return {"decidees": decidees, "total": total}


@router.get(
    "/attributions/{id}/attestation.pdf",
    response=reponses({200: None}, 401, 404, 422),
    summary="Lettre de demande d'attribution (annexe 5, PDF)",
    tags=TAGS,
    openapi_extra=PDF,
)
def attestation_pdf(request: HttpRequest, id: IdObjet) -> HttpResponse:
    """Générée depuis la demande : numéros MQ / M BDC et intitulés, en-tête de la territoriale (R-GTP-01)."""
    demande, pdf = documents.pdf_attestation(id, acteur=appelant(request))
    return reponse_pdf(pdf, f"demande-attribution-{demande.pk}.pdf")


@router.get(
    "/courriers/{id}.pdf",
    response=reponses({200: None}, 401, 404, 422),
    summary="Courrier au candidat, à l'entreprise ou à l'organisme (PDF)",
    tags=TAGS,
    openapi_extra=PDF,
)
def courrier_pdf(request: HttpRequest, id: IdObjet) -> HttpResponse:
    """Attribution (R-LET-01), non-admission (R-LET-02), acquisition partielle et délai de conservation (R-LET-03,
    R-LET-04)."""
    courrier, pdf = documents.pdf_courrier(id, acteur=appelant(request))
    return reponse_pdf(pdf, f"courrier-{courrier.pk}.pdf")


@router.get(
    "/certificats/{id}.pdf",
    response=reponses({200: None}, 401, 404, 422),
    summary="Certificat (PDF/A-2a, PDF/UA-1)",
    tags=TAGS,
    openapi_extra=PDF,
)
def certificat_pdf(request: HttpRequest, id: IdObjet) -> HttpResponse:
    """Tel qu'imprimé, avec le code QR de sa page de vérification publique (R-GTP-03, R-CERT-04)."""
    c, pdf = documents.pdf_certificat(
        id, acteur=appelant(request), url_verification=_url_verification(request), canal=CanalTirage.API
    )
    return reponse_pdf(pdf, f"certificat-{c.numero.replace(' ', '-')}.pdf")


def _url_verification(request: HttpRequest) -> Callable[[str], str]:
    return lambda code: request.build_absolute_uri(reverse("verification:certificat", args=[code]))


@router.get(
    "/seances/{id}/certificats.pdf",
    response=reponses({200: None}, 401, 403, 404, 422),
    summary="Tous les certificats d'une séance (PDF)",
    tags=TAGS,
    openapi_extra=PDF,
)
def certificats_seance_pdf(request: HttpRequest, id: IdObjet) -> HttpResponse:
    """Prêts à imprimer, dans l'ordre du compte rendu ; chaque exemplaire est enregistré (secrétariat du GTP)."""
    seance = _seance(id)
    pdf = documents.pdf_seance(seance, acteur=appelant(request), url_verification=_url_verification(request))
    return reponse_pdf(pdf, f"certificats-seance-{seance.date:%Y-%m-%d}.pdf")


@router.get(
    "/seances/{id}/compte-rendu-attributions",
    response=reponses({200: list[LigneRapportOut]}, 401, 403, 404),
    summary="Compte rendu de la validation",
    tags=TAGS,
)
def compte_rendu_attributions(request: HttpRequest, id: IdObjet) -> list[services.LigneRapport]:
    """Par candidat et par certification : validée (numéro), non validée (motif), échec (raison) ou à examiner."""
    return services.rapport_validation(_seance(id), acteur=appelant(request))


@router.get(
    "/certificats/{id}/tirages",
    response=reponses({200: list[TirageCertificatOut]}, 401, 404),
    summary="Exemplaires produits",
    tags=TAGS,
)
def tirages_certificat(request: HttpRequest, id: IdObjet) -> Any:
    """Chaque PDF du certificat produit (page, API, espace candidat, lot de séance), avec l'édition qu'il porte."""
    return list(_certificat(request, id).tirages.all())


@router.get(
    "/certificats/{id}/corrections",
    response=reponses({200: list[DemandeCorrectionOut]}, 401, 404),
    summary="Demandes de correction",
    tags=TAGS,
)
def corrections_certificat(request: HttpRequest, id: IdObjet) -> Any:
    return list(services.corrections_visibles(appelant(request)).filter(certificat=_certificat(request, id)))


@router.post(
    "/certificats/{id}/corrections",
    response=reponses({201: DemandeCorrectionOut}, 401, 403, 404),
    summary="Demander une correction",
    tags=TAGS,
)
def demander_correction(
    request: HttpRequest,
    id: IdObjet,
    titulaire_nom: Annotated[str, Form(max_length=150, pattern=SANS_NUL)],
    titulaire_prenoms: Annotated[str, Form(max_length=200, pattern=SANS_NUL)],
    date_naissance: Annotated[datetime.date, Form()],
    lieu_naissance: Annotated[str, Form(max_length=255, pattern=SANS_NUL)],
    motif: Annotated[str, Form(max_length=2000, pattern=SANS_NUL)],
    justificatif: Annotated[UploadedFile, File(description="Justificatif (PDF : acte d'état civil…).")],
) -> Status[Any]:
    """Nom, prénoms, date ou lieu de naissance imprimés : motif et justificatif obligatoires ; le secrétariat du
    GTP approuve (réédition sous le même numéro) ou refuse."""
    correction = services.demander_correction(
        _certificat(request, id),
        titulaire_nom=titulaire_nom,
        titulaire_prenoms=titulaire_prenoms,
        date_naissance=date_naissance,
        lieu_naissance=lieu_naissance,
        motif=motif,
        justificatif=justificatif,
        acteur=appelant(request),
    )
    return Status(201, correction)


def _correction(request: HttpRequest, id: int) -> Any:
    return services.correction_visible(id, appelant(request))


@router.post(
    "/corrections-certificats/{id}/approbation",
    response=reponses({200: DemandeCorrectionOut}, 401, 403, 404),
    summary="Approuver une correction",
    tags=TAGS,
)
def approuver_correction(request: HttpRequest, id: IdObjet) -> Any:
    """Secrétariat du GTP : le certificat est réédité sous le même numéro, une édition de plus."""
    return services.approuver_correction(_correction(request, id), acteur=appelant(request))


@router.post(
    "/corrections-certificats/{id}/refus",
    response=reponses({200: DemandeCorrectionOut}, 401, 403, 404),
    summary="Refuser une correction",
    tags=TAGS,
)
def refuser_correction(request: HttpRequest, id: IdObjet, donnees: MotifCertificatIn) -> Any:
    """Secrétariat du GTP, motif obligatoire ; le certificat reste inchangé."""
    return services.refuser_correction(_correction(request, id), motif=donnees.motif, acteur=appelant(request))


class MonCertificatOut(Schema):
    id: int
    numero: str
    nature: str
    intitule_qualification: str
    fait_le: datetime.date
    code_verification: str
    edition: int
    revoque_le: datetime.datetime | None
    motif_revocation: str


class MonCourrierOut(Schema):
    id: int
    nature: str
    date: datetime.date


class MesDocumentsOut(Schema):
    certificats: list[MonCertificatOut]
    courriers: list[MonCourrierOut]


@router.get(
    "/moi/documents",
    response=reponses({200: MesDocumentsOut}, 401, 403, 404),
    summary="Mes certificats et courriers (candidat)",
    tags=TAGS,
)
def mes_documents(request: HttpRequest) -> dict[str, Any]:
    """Les certificats du candidat connecté et les courriers qui lui sont adressés ; jamais ceux d'un autre."""
    candidat = espace.candidat_connecte(appelant(request))
    return {
        "certificats": list(espace.certificats_du_candidat(candidat)),
        "courriers": list(espace.courriers_du_candidat(candidat)),
    }


@router.get(
    "/moi/certificats/{id}.pdf",
    response=reponses({200: None}, 401, 403, 404, 422),
    summary="Télécharger mon certificat (PDF)",
    tags=TAGS,
    openapi_extra=PDF,
)
def mon_certificat_pdf(request: HttpRequest, id: IdObjet) -> HttpResponse:
    """Édition en cours ; refusé (R-CERT-04) une fois le certificat révoqué."""
    c, pdf = espace.pdf_mon_certificat(id, acteur=appelant(request), url_verification=_url_verification(request))
    return reponse_pdf(pdf, f"certificat-{c.numero.replace(' ', '-')}.pdf")


@router.get(
    "/moi/courriers/{id}.pdf",
    response=reponses({200: None}, 401, 403, 404, 422),
    summary="Télécharger un courrier qui m'est adressé (PDF)",
    tags=TAGS,
    openapi_extra=PDF,
)
def mon_courrier_pdf(request: HttpRequest, id: IdObjet) -> HttpResponse:
    courrier, pdf = espace.pdf_mon_courrier(id, acteur=appelant(request))
    return reponse_pdf(pdf, f"courrier-{courrier.pk}.pdf")


@router.get(
    "/certificats/{id}", response=reponses({200: CertificatAttribueOut}, 401, 404), summary="Un certificat", tags=TAGS
)
def lire_certificat(request: HttpRequest, id: IdObjet) -> Certificat:
    return _certificat(request, id)


@router.post(
    "/certificats/{id}/remise",
    response=reponses({200: CertificatAttribueOut}, 401, 403, 404),
    summary="Remettre",
    tags=TAGS,
)
def remettre_certificat(request: HttpRequest, id: IdObjet, donnees: RemiseCertificatIn) -> Certificat:
    """Au candidat, ou à l'entreprise s'il est salarié ; mode et date (R-CERT-01) ; questionnaire (R-CERT-03)."""
    return services.remettre(
        _certificat(request, id),
        mode=donnees.mode,
        le=donnees.le,
        questionnaire_remis=donnees.questionnaire_remis,
        acteur=appelant(request),
    )


@router.post(
    "/certificats/{id}/copies", response=reponses({201: CopieCertifieeOut}, 401, 403, 404), summary="Copie", tags=TAGS
)
def copie_certifiee_conforme(request: HttpRequest, id: IdObjet, donnees: MotifCertificatIn) -> Status[CopieCertifiee]:
    """Copie certifiée conforme numérotée, en cas de perte (R-CERT-02)."""
    return Status(
        201, services.copie_certifiee(_certificat(request, id), motif=donnees.motif, acteur=appelant(request))
    )


@router.post(
    "/certificats/{id}/questionnaire",
    response=reponses({200: CertificatAttribueOut}, 401, 403, 404),
    summary="Réponses au questionnaire",
    tags=TAGS,
)
def questionnaire_certificat(request: HttpRequest, id: IdObjet, donnees: ReponsesQuestionnaireIn) -> Certificat:
    """Transmises au GTP pour analyse (R-CERT-03)."""
    return services.transmettre_reponses(_certificat(request, id), reponses=donnees.reponses, acteur=appelant(request))


@router.post(
    "/certificats/{id}/revocation",
    response=reponses({200: CertificatAttribueOut}, 401, 403, 404),
    summary="Révoquer",
    tags=TAGS,
)
def revoquer_certificat(request: HttpRequest, id: IdObjet, donnees: MotifCertificatIn) -> Certificat:
    """Secrétariat du GTP seulement ; datée, motivée, journalisée."""
    certificat = Certificat.objects.filter(pk=id).first()
    if certificat is None:
        raise Introuvable("Certificat introuvable.")
    return services.revoquer(certificat, motif=donnees.motif, acteur=appelant(request))


@router.get(
    "/verification/{jeton}",
    auth=None,
    response=reponses({200: VerificationCertificatOut}, 404),
    summary="Vérifier un certificat",
    tags=TAGS,
)
def verifier_certificat(request: HttpRequest, jeton: Jeton) -> Any:
    """Public : valide, révoqué (date et motif) ou inconnu ; par le code de vérification seulement, jamais par le
    numéro du certificat. Montre ce que le certificat imprime (édition en cours), rien d'autre ; chaque
    vérification est journalisée (date, résultat), sans rien sur qui vérifie."""
    v = services.verifier(jeton)
    if v.statut == "inconnu":
        return Status(404, {"code": "introuvable", "rule": "R-CERT-04", "message": "Certificat inconnu."})
    return dataclasses.asdict(v)


__all__ = ["RegleViolee"]
