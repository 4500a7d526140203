"""The retention of every kind of document and record the product stores about a candidate's path or a
referential's life (Part 2, ch. 5): one explicit declaration per kind — the model, the date its retention counts
from, its class and the rule that sets it.

Limited kinds (R-ARCH-01) are what the purge removes once their time has run out (`cqpm.archives.services`);
indefinite kinds (R-ARCH-02 to 04) can be deleted by no path: the service refuses, the admin offers no deletion,
the API has no DELETE, and the database refuses a raw DELETE (migration 0002, whose tables and conditions are
those declared here; a test checks one against the other). A kind narrowed by `filtre` is one nature of a model
(the partial-acquisition letters among the letters); `verrou` is then the SQL condition on the deleted row (`OLD`)
under which the database refuses, e.g. a jury's votes once its PV is signed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cqpm.archives.enums import ClasseConservation

LIMITEE = ClasseConservation.LIMITEE
INDEFINIE = ClasseConservation.INDEFINIE

VALIDATION = (
    "l'année du jury qui a délibéré sur l'inscription (à défaut, celle de la clôture ou de l'annulation de "
    "l'inscription ; rien ne court tant qu'elle est en cours)"
)
"""R-ARCH-01 counts from « the year of validation »: the jury's, the date R-LET-04 also counts from."""


@dataclass(frozen=True)
class Conservation:
    modele: str
    nature: str
    depuis: str
    classe: ClasseConservation
    regle: str
    filtre: dict[str, str] = field(default_factory=dict)
    verrou: str = ""

    @property
    def table(self) -> str:
        app, nom = self.modele.split(".")
        return f"{app}_{nom.lower()}"


C = Conservation

DECLARATIONS: tuple[Conservation, ...] = (
    # R-ARCH-01: evaluation documents and technical pieces, copies of partial-validation letters.
    C(
        "evaluations.DossierEvaluation",
        "Dossier d'évaluation (contenu : recommandations, adaptations, avis de "
        "l'entreprise, compensations du handicap ; la ligne reste, support des résultats)",
        VALIDATION,
        LIMITEE,
        "R-ARCH-01",
    ),
    C("evaluations.ModaliteChoisie", "Modalités d'évaluation choisies", VALIDATION, LIMITEE, "R-ARCH-01"),
    C(
        "vae.PieceVAE",
        "Pièces d'un dossier de VAE (recevabilité, dossier de preuves)",
        VALIDATION,
        LIMITEE,
        "R-ARCH-01",
    ),
    C("vae.Experience", "Dossier d'activités d'une VAE (expériences)", VALIDATION, LIMITEE, "R-ARCH-01"),
    C("vae.Relance", "Relances d'échéance d'un dossier de VAE", VALIDATION, LIMITEE, "R-ARCH-01"),
    C(
        "attributions.Courrier",
        "Copie de la lettre d'acquisition partielle",
        "l'année du jury qui a validé les capacités",
        LIMITEE,
        "R-ARCH-01",
        filtre={"nature": "acquisition_partielle"},
    ),
    # R-ARCH-02: evaluation results, letters sending certificates, copies of certificates.
    C("evaluations.ResultatCapacite", "Résultat d'une capacité", "sa saisie", INDEFINIE, "R-ARCH-02"),
    C(
        "evaluations.CommissionEvaluation",
        "Commission d'évaluation (auteur des résultats)",
        "sa réunion",
        INDEFINIE,
        "R-ARCH-02",
    ),
    C("evaluations.MembreCommission", "Membre d'une commission d'évaluation", "sa réunion", INDEFINIE, "R-ARCH-02"),
    C("evaluations.AcquisAnterieur", "Capacité acquise antérieurement", "le jury", INDEFINIE, "R-ARCH-02"),
    C(
        "vae.DossierVAE",
        "Dossier de VAE (phases et conclusion de la commission)",
        "sa réception",
        INDEFINIE,
        "R-ARCH-02",
    ),
    C(
        "vae.ConclusionCapacite",
        "Conclusion de la commission de validation sur une capacité",
        "la commission",
        INDEFINIE,
        "R-ARCH-02",
    ),
    C("vae.MembreCommission", "Membre d'une commission de validation", "la commission", INDEFINIE, "R-ARCH-02"),
    C("attributions.Certificat", "Certificat (exemplaire de l'attribution)", "l'attribution", INDEFINIE, "R-ARCH-02"),
    C(
        "attributions.CopieCertifiee",
        "Copie certifiée conforme d'un certificat",
        "sa délivrance",
        INDEFINIE,
        "R-ARCH-02",
    ),
    C(
        "attributions.Courrier",
        "Lettre d'information de l'attribution (envoi du certificat)",
        "sa date",
        INDEFINIE,
        "R-ARCH-02",
        filtre={"nature": "attribution"},
        verrou="OLD.nature <> 'acquisition_partielle'",
    ),
    C(
        "attributions.Courrier",
        "Lettre de non-admission (résultat de l'évaluation)",
        "sa date",
        INDEFINIE,
        "R-ARCH-02",
        filtre={"nature": "non_admission"},
        verrou="OLD.nature <> 'acquisition_partielle'",
    ),
    C(
        "attributions.DemandeCorrection",
        "Demande de correction d'un certificat et son justificatif (réédition sous le même numéro)",
        "sa demande",
        INDEFINIE,
        "R-ARCH-02",
    ),
    C(
        "attributions.TirageCertificat",
        "Exemplaire d'un certificat téléchargé ou imprimé (édition, canal)",
        "sa production",
        INDEFINIE,
        "R-ARCH-02",
    ),
    C(
        "attributions.ControleVerification",
        "Vérification publique d'un certificat (date et résultat, rien sur qui vérifie)",
        "la vérification",
        INDEFINIE,
        "R-ARCH-02",
    ),
    # R-ARCH-03: attendance sheets, jury PVs, award requests.
    C("jurys.Jury", "Jury et son procès-verbal", "sa date", INDEFINIE, "R-ARCH-03"),
    C(
        "jurys.CibleJury",
        "Décision du jury (A ou NA) sur le CQPM ou un bloc d'un candidat",
        "le jury",
        INDEFINIE,
        "R-ARCH-03",
    ),
    C(
        "jurys.CandidatJury",
        "Candidat présenté au jury (feuille de présence, décision)",
        "le jury",
        INDEFINIE,
        "R-ARCH-03",
    ),
    C(
        "jurys.Vote",
        "Vote d'un membre du jury",
        "la signature du procès-verbal",
        INDEFINIE,
        "R-ARCH-03",
        verrou="(SELECT j.signe_le FROM jurys_jury j JOIN jurys_candidatjury c ON c.jury_id = j.id "
        "WHERE c.id = OLD.candidat_id) IS NOT NULL",
    ),
    C(
        "jurys.MembreJury",
        "Membre du jury (composition au procès-verbal)",
        "la signature du procès-verbal",
        INDEFINIE,
        "R-ARCH-03",
        verrou="(SELECT j.signe_le FROM jurys_jury j WHERE j.id = OLD.jury_id) IS NOT NULL",
    ),
    C("jurys.DemandeDesignation", "Demande de désignation aux branches syndicales", "le jury", INDEFINIE, "R-ARCH-03"),
    C(
        "jurys.InformationCprefp",
        "Information de la CPREFP (composition et calendrier)",
        "le jury",
        INDEFINIE,
        "R-ARCH-03",
    ),
    C("jurys.Convocation", "Convocation d'un membre du jury", "le jury", INDEFINIE, "R-ARCH-03"),
    C(
        "attributions.DemandeAttribution",
        "Demande d'attribution d'un centre d'examen",
        "son envoi",
        INDEFINIE,
        "R-ARCH-03",
    ),
    C(
        "attributions.PieceDemande",
        "Pièce d'une demande d'attribution (attestation, extrait CPREFP, feuille de présence, procès-verbal)",
        "l'envoi de la demande",
        INDEFINIE,
        "R-ARCH-03",
        verrou="(SELECT d.statut FROM attributions_demandeattribution d WHERE d.id = OLD.demande_id) <> 'brouillon'",
    ),
    C("attributions.CibleAttribution", "Attribution demandée et décision du GTP", "la séance", INDEFINIE, "R-ARCH-03"),
    # R-ARCH-04: lifecycle requests and their dossiers, the GTP's séances and decisions.
    C("cycle_de_vie.Demande", "Demande sur un référentiel et son dossier", "son dépôt", INDEFINIE, "R-ARCH-04"),
    C("cycle_de_vie.Demandeur", "Demandeur d'une demande", "son dépôt", INDEFINIE, "R-ARCH-04"),
    C("cycle_de_vie.NouveauCentre", "Nouveau centre de ressources demandé", "son dépôt", INDEFINIE, "R-ARCH-04"),
    C(
        "cycle_de_vie.PieceJointe",
        "Pièce jointe à une demande (référentiel, rapport d'opportunité)",
        "son dépôt",
        INDEFINIE,
        "R-ARCH-04",
    ),
    C("cycle_de_vie.AvisCNCP", "Avis de la CNCP", "sa réception", INDEFINIE, "R-ARCH-04"),
    C("cycle_de_vie.InformationCPREFP", "Information des CPREFP", "son envoi", INDEFINIE, "R-ARCH-04"),
    C("cycle_de_vie.Decision", "Décision du GTP sur une demande", "la séance", INDEFINIE, "R-ARCH-04"),
    C("gtp.Seance", "Séance du GTP", "sa date", INDEFINIE, "R-ARCH-04"),
    C("gtp.PointOrdreDuJour", "Point de l'ordre du jour d'une séance", "la séance", INDEFINIE, "R-ARCH-04"),
)

APPLICATIONS = ("evaluations", "vae", "jurys", "attributions", "cycle_de_vie", "gtp")
"""The apps whose every model is declared here (a test holds it)."""


def declarations(classe: ClasseConservation | None = None) -> list[Conservation]:
    return [d for d in DECLARATIONS if classe is None or d.classe == classe]


def declaration_de(objet: object) -> Conservation | None:
    """The declaration that governs `objet` (a model instance), its nature narrowing the model when needed."""
    meta = getattr(objet, "_meta", None)
    if meta is None:
        return None
    for d in DECLARATIONS:
        if d.modele == meta.label and all(str(getattr(objet, k)) == v for k, v in d.filtre.items()):
            return d
    return None


def tables_indefinies() -> dict[str, list[Conservation]]:
    """Table → its indefinite declarations: the tables whose DELETE the database refuses."""
    tables: dict[str, list[Conservation]] = {}
    for d in declarations(INDEFINIE):
        tables.setdefault(d.table, []).append(d)
    return tables
