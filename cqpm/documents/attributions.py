"""The documents of the award (Part 2, ch. 2 §4 to ch. 4 of the Dispositif): the certificates of Annexes 8 to 11
(R-GTP-03, R-CERT-04), the letters informing the candidate (R-LET-01 to R-LET-03) and the letter asking the GTP
for the award (Annex 5, R-GTP-01).

Inputs are plain typed values, independent of the models (the attributions app builds them). Dates are given, not
computed: the retention deadline of R-LET-04 comes from `cqpm.evaluations.rules.fin_conservation`, the « Fait à
Paris le » date is the GTP séance that validated the award (R-CERT-04, decision). Certificates are tagged PDF/A-2a
and PDF/UA-1 (kept for ever, R-ARCH-02, and read by screen readers).
"""

from __future__ import annotations

import datetime
import enum
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import segno

from cqpm.core.errors import RegleViolee
from cqpm.documents.rendu import ErreurRendu, date_longue, rendre_pdf

if TYPE_CHECKING:
    from typst import PDFStandard


class GenreCertificat(enum.StrEnum):
    """The four certificate layouts of R-GTP-03."""

    CQPM = "cqpm"
    """Annex 8."""
    CQPM_RNCP = "cqpm_rncp"
    """Annex 9: mentions the arrêté and the JO of the RNCP registration."""
    BLOC = "bloc"
    """Annex 10: a bloc de compétences (M BDC number), itself registered in the RNCP."""
    CQPI = "cqpi"
    """Annex 11: delivered with the CQPM when that CQPM corresponds to a CQPI."""


@dataclass(frozen=True)
class Titulaire:
    """The holder as the certificate names him."""

    nom: str
    prenoms: str
    date_naissance: datetime.date
    lieu_naissance: str


@dataclass(frozen=True)
class EnregistrementRncp:
    """The RNCP registration of the CQPM (Annex 9) or of the bloc (Annex 10): « par arrêté du … (JO du …) »."""

    date_arrete: datetime.date
    date_jo: datetime.date


@dataclass(frozen=True)
class Certificat:
    genre: GenreCertificat
    numero: str
    """The certificate number, « MC AAAA MM DD NNNNN » (R-ID-04), formatted by `cqpm.referentiels.numeros`."""
    intitule: str
    """Title of the CQPM, of the bloc or of the CQPI."""
    numero_qualification: str
    """« MQ … » (CQPM, CQPM RNCP, and for a CQPI the MQ of the CQPM obtained) or « M BDC… » (bloc)."""
    titulaire: Titulaire
    date_jury: datetime.date
    """The jury that declared the candidate A (R-CERT-04, decision)."""
    date_seance_gtp: datetime.date
    """« Fait à Paris le »: the GTP séance that validated the award (R-CERT-04, decision)."""
    president_jury: str
    """Name printed under « Le Président du Jury de Délibération »."""
    signataire_uimm: str
    """Name printed under « Le Président de l'UIMM ou par délégation, le Président de la Chambre Syndicale
    Territoriale »."""
    url_verification: str
    """Where the QR code leads, e.g. « https://…/verification/<code>/ »."""
    code_verification: str
    """The verification code printed under the QR code, to type on the verification page (« ABCD-EFGH-JKMN-PQRS »)."""
    categorie: str = ""
    """« A », « B », « C », « C* » or « D » (accord 2014 art. 10–13): required for a CQPM, absent for a bloc."""
    rncp: EnregistrementRncp | None = None
    """Required for Annexes 9 and 10, absent for Annexes 8 and 11."""
    cqpm_correspondant: str = ""
    """For a CQPI: the title of the CQPM obtained, which `numero_qualification` numbers."""
    reedition: str = ""
    """On a certificate reissued after a correction: « Réédition n° 2 du 3 décembre 2026 », printed under the code."""


class RoleDestinataire(enum.StrEnum):
    CANDIDAT = "candidat"
    ENTREPRISE = "entreprise"
    ORGANISME_FORMATION = "organisme_formation"


class RoleSignataire(enum.StrEnum):
    """Who signs a letter: the jury president, or by delegation the referent of the CQPM (R-LET-02)."""

    PRESIDENT_JURY = "president_jury"
    REFERENT_DELEGATION = "referent_delegation"
    AUTRE = "autre"
    """A letter the Dispositif does not say who signs (R-LET-01, Annex 5): `Signataire.qualite` says it."""


@dataclass(frozen=True)
class EnTete:
    """The letterhead: the UIMM territoriale exam centre (letters) or the territoriale (Annex 5)."""

    nom: str
    adresse: str
    contact: str = ""
    """Telephone, e-mail: one line, optional."""


@dataclass(frozen=True)
class Destinataire:
    nom: str
    adresse: str
    role: RoleDestinataire = RoleDestinataire.CANDIDAT


@dataclass(frozen=True)
class Signataire:
    nom: str
    role: RoleSignataire
    qualite: str = ""
    """Printed under the name; for `AUTRE` it is the only description of the signatory."""


@dataclass(frozen=True)
class Qualification:
    """A CQPM, bloc or CQPI named by its title and number (MQ, M BDC…)."""

    intitule: str
    numero: str


@dataclass(frozen=True)
class Capacite:
    """A capacity acquired and validated, as the referential numbers and titles it."""

    numero: str
    intitule: str


@dataclass(frozen=True)
class LettreAttribution:
    """R-LET-01: the award, told to the candidate or to his company or training organisation."""

    entete: EnTete
    lieu: str
    date: datetime.date
    destinataire: Destinataire
    candidat: str
    """The candidate's name (the subject of a letter to a company)."""
    attribuees: tuple[Qualification, ...]
    """What the GTP awarded: the CQPM (and the CQPI), or the bloc(s)."""
    date_jury: datetime.date
    date_seance_gtp: datetime.date
    signataire: Signataire


@dataclass(frozen=True)
class LettreNonAdmission:
    """R-LET-02: no capacity acquired. Dated the day of the GTP séance, signed by the jury president or by
    delegation the CQPM referent."""

    entete: EnTete
    lieu: str
    date_seance_gtp: datetime.date
    destinataire: Destinataire
    candidat: str
    visee: Qualification
    """The CQPM or bloc the candidate was not admitted to."""
    date_jury: datetime.date
    signataire: Signataire


@dataclass(frozen=True)
class LettreAcquisitionPartielle:
    """R-LET-03: some capacities acquired; exactly four pieces of information. Same letterhead, signature and date
    as R-LET-02."""

    entete: EnTete
    lieu: str
    date_seance_gtp: datetime.date
    destinataire: Destinataire
    candidat: str
    visee: Qualification
    date_jury: datetime.date
    capacites: tuple[Capacite, ...]
    """The capacities acquired and validated (numbers and titles)."""
    rncp: bool
    """The CQPM is registered in the RNCP: 5 years instead of 24 months, and the bloc route (R-LET-04)."""
    fin_conservation: datetime.date | None
    """Last day to ask for a new registration (R-LET-04, `cqpm.evaluations.rules.fin_conservation`); None: the
    capacities belong to a certified bloc and never expire."""
    sites_passeport: tuple[str, ...]
    """Web sites where a model of the passeport orientation et formation can be downloaded."""
    signataire: Signataire


@dataclass(frozen=True)
class LettreDemandeAttribution:
    """Annex 5 (R-GTP-01): the territoriale asks the GTP secretariat for the award and attests the Dispositif was
    followed."""

    entete: EnTete
    lieu: str
    date: datetime.date
    qualifications: tuple[Qualification, ...]
    """The CQPM (MQ numbers) or blocs (M BDC numbers) with their titles."""
    signataire: Signataire


# Certificates (R-GTP-03, R-CERT-04).

STANDARDS: tuple[PDFStandard, ...] = ("a-2a", "ua-1")
"""Every document of this module: archived for ever (R-ARCH-02), so PDF/A-2a; read by anyone, so PDF/UA-1."""

LIBELLES = {
    GenreCertificat.CQPM: "Certificat de qualification paritaire de la métallurgie",
    GenreCertificat.CQPM_RNCP: "Certificat de qualification paritaire de la métallurgie",
    GenreCertificat.BLOC: "Certificat de bloc de compétences",
    GenreCertificat.CQPI: "Certificat de qualification professionnelle interbranche",
}
"""The title of each annex; Annex 11 shows no text in the seed, the CQPI's title is the accord's (art. 18)."""

CATEGORIES = ("A", "B", "C", "C*", "D")
"""Accord 2014 art. 10–13 (R-CAT-01); « C* » is the category C signalled by an asterisk (note 9)."""

_CPNE = "la Commission paritaire nationale de l'emploi de la métallurgie"
_RNCP = "inscrit au Répertoire National des Certifications Professionnelles par arrêté du {arrete} (JO du {jo})."


def note_certificat(c: Certificat) -> str:
    """The footnote of the annex, with its blanks filled: the category (Annexes 8, 9), the arrêté and JO (9, 10)."""
    if c.genre is GenreCertificat.BLOC:
        return f"* Certification validée par {_CPNE}. Le bloc de compétences correspondant est {_rncp(c)}"
    if c.genre is GenreCertificat.CQPI:
        return (
            f"* Certificat de qualification professionnelle interbranche délivré avec le certificat de qualification "
            f"paritaire de la métallurgie {c.numero_qualification}, le CQPM obtenu correspondant à ce CQPI."
        )
    note = (
        f"* Qualification validée par {_CPNE} et classée dans la catégorie {c.categorie} des qualifications "
        f"professionnelles suivant les règles définies par {_CPNE}."
    )
    if c.genre is GenreCertificat.CQPM_RNCP:
        note += f" Le CQPM correspondant est {_rncp(c)}"
    return note


def _rncp(c: Certificat) -> str:
    assert c.rncp is not None  # checked by verifier_certificat
    return _RNCP.format(arrete=date_longue(c.rncp.date_arrete), jo=date_longue(c.rncp.date_jo))


def _refus(regle: str, message: str, champ: str) -> RegleViolee:
    return RegleViolee(regle, f"{message} ({regle}).", code="document_incomplet", champ=champ)


def verifier_certificat(c: Certificat) -> None:
    """Every mention of R-CERT-04 is there, the annex fits the kind (R-GTP-03), and the dates are in order."""
    obligatoires = {
        "numero": (c.numero, "le numéro du certificat"),
        "intitule": (c.intitule, "l'intitulé de la qualification"),
        "numero_qualification": (c.numero_qualification, "le numéro MQ (ou M BDC)"),
        "titulaire": (c.titulaire.nom.strip() and c.titulaire.prenoms.strip(), "le nom et les prénoms du titulaire"),
        "lieu_naissance": (c.titulaire.lieu_naissance, "le lieu de naissance du titulaire"),
        "president_jury": (c.president_jury, "le nom du président du jury de délibération"),
        "signataire_uimm": (c.signataire_uimm, "le nom du second signataire (président de l'UIMM ou par délégation)"),
    }
    for champ, (valeur, libelle) in obligatoires.items():
        if not valeur.strip():
            raise _refus("R-CERT-04", f"Le certificat doit porter {libelle}", champ)
    if not c.numero.startswith("MC "):
        raise _refus("R-CERT-04", f"Le numéro de certificat « {c.numero} » ne suit pas le format MC", "numero")
    prefixe = "M BDC" if c.genre is GenreCertificat.BLOC else "MQ "
    if not c.numero_qualification.startswith(prefixe):
        raise _refus(
            "R-CERT-04",
            f"Un {LIBELLES[c.genre].lower()} porte un numéro « {prefixe.strip()} » : « {c.numero_qualification} »",
            "numero_qualification",
        )
    cqpm = c.genre in (GenreCertificat.CQPM, GenreCertificat.CQPM_RNCP)
    if cqpm and c.categorie not in CATEGORIES:
        raise _refus(
            "R-CERT-04", "Le certificat de CQPM porte la catégorie de la qualification (A, B, C, C* ou D)", "categorie"
        )
    if not cqpm and c.categorie:
        raise _refus("R-CERT-04", "Seul un certificat de CQPM porte une catégorie", "categorie")
    avec_rncp = c.genre in (GenreCertificat.CQPM_RNCP, GenreCertificat.BLOC)
    if avec_rncp and c.rncp is None:
        raise _refus("R-GTP-03", "Ce certificat mentionne l'arrêté d'inscription au RNCP et la date du JO", "rncp")
    if not avec_rncp and c.rncp is not None:
        raise _refus(
            "R-GTP-03",
            "L'arrêté et le JO ne figurent que sur les certificats de CQPM inscrit au RNCP et de bloc",
            "rncp",
        )
    if c.genre is GenreCertificat.CQPI and not c.cqpm_correspondant.strip():
        raise _refus(
            "R-GTP-03", "Le certificat de CQPI nomme le CQPM obtenu auquel il correspond", "cqpm_correspondant"
        )
    if c.date_seance_gtp < c.date_jury:
        raise _refus(
            "R-CERT-04",
            "« Fait à Paris le » est la date de la séance du GTP, qui ne peut précéder le jury qui a déclaré le "
            "candidat admissible",
            "date_seance_gtp",
        )
    if not c.url_verification.startswith(("https://", "http://")):
        raise _refus("R-CERT-04", "Le code QR mène à une adresse de vérification web (https://…)", "url_verification")
    if not c.code_verification.strip():
        raise _refus("R-CERT-04", "Le code de vérification est imprimé sous le code QR", "code_verification")


def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG document (vector, so sharp in print), quiet zone included."""
    qr = segno.make(url, error="m", micro=False)
    sortie = io.BytesIO()
    qr.save(sortie, kind="svg", scale=1, border=4, xmldecl=False, nl=False, title=None, desc=None)
    return sortie.getvalue().decode()


def donnees_certificat(c: Certificat, *, verso: bool = True) -> dict[str, Any]:
    libelle = LIBELLES[c.genre]
    return {
        "titre_document": f"{libelle} {c.numero}",
        "libelle": libelle.upper(),
        "numero": c.numero,
        "intitule": c.intitule,
        "numero_qualification": c.numero_qualification,
        "cqpm_correspondant": f"Au titre du CQPM « {c.cqpm_correspondant} »" if c.cqpm_correspondant else "",
        "titulaire": f"{c.titulaire.nom.upper()} {c.titulaire.prenoms}",
        "naissance_date": date_longue(c.titulaire.date_naissance),
        "naissance_lieu": c.titulaire.lieu_naissance,
        "date_jury": date_longue(c.date_jury),
        "fait_le": date_longue(c.date_seance_gtp),
        "president_jury": c.president_jury,
        "signataire_uimm": c.signataire_uimm,
        "note": note_certificat(c),
        "qr": qr_svg(c.url_verification),
        "qr_alt": f"Code QR de vérification du certificat {c.numero} : {c.url_verification}",
        "url": c.url_verification,
        "code": c.code_verification,
        "reedition": c.reedition,
        "verso": verso and c.genre in (GenreCertificat.CQPM, GenreCertificat.CQPM_RNCP),
    }


def rendre_certificat(c: Certificat, *, verso: bool = True) -> bytes:
    """The certificate of Annex 8, 9, 10 or 11 after `verifier_certificat`; the CQPM ones carry the classement of
    the accord on the verso (`verso=False`: the recto alone, one page)."""
    verifier_certificat(c)
    return rendre_pdf("certificat", donnees_certificat(c, verso=verso), standards=STANDARDS)


def rendre_certificats(titre: str, certificats: Sequence[Certificat]) -> bytes:
    """Several certificates in one print-ready PDF (a GTP séance's), each as `rendre_certificat` prints it."""
    if not certificats:
        raise ErreurRendu("Aucun certificat à imprimer.")
    for c in certificats:
        verifier_certificat(c)
    donnees = {"titre_document": titre, "certificats": [donnees_certificat(c) for c in certificats]}
    return rendre_pdf("certificats", donnees, standards=STANDARDS)


# Letters (R-LET-01 to R-LET-03) and the award request (Annex 5, R-GTP-01).

GTP = "groupe technique paritaire « Qualifications »"
SECRETARIAT_GTP = Destinataire(
    "Secrétariat du groupe technique paritaire Qualifications de la commission paritaire nationale de l'emploi et "
    "de la formation professionnelle de la métallurgie",
    "56, avenue de Wagram, 75854 Paris Cedex 17",
)
"""The addressee of Annex 5, as the annex writes it."""
PIECES_ANNEXE_5 = (
    "Extrait du procès-verbal de la réunion de la CPREFP ou de la commission paritaire infrarégionale (ou courriers "
    "du secrétariat et réponse à ces courriers) ;",
    "Feuille(s) d'émargement des membres du (ou des) jury(s) paritaire(s) de délibération ;",
    "Procès-verbaux de délibération du (ou des) jury(s) paritaire(s) de délibération.",
)
SALUTATIONS = "Nous vous prions d'agréer, {appel} l'expression de nos salutations distinguées."
REINSCRIPTION = (
    "La réinscription sera effectuée par l'intermédiaire d'une entreprise ou d'un organisme de formation, ou "
    "directement par vous-même (dans le cadre d'un congé individuel de formation (CIF), d'une démarche individuelle "
    "de VAE, du compte personnel de formation sans accord de l'employeur)."
)
"""R-LET-03, the third piece of information: the ways to register again, in the words of the Dispositif."""
TITRES_R_LET_03 = (
    "1. Non-admission au {genre}",
    "2. Capacités professionnelles acquises et validées",
    "3. Se présenter de nouveau : parcours de formation ou VAE",
    "4. Passeport orientation et formation",
)
"""The four pieces of information of R-LET-03, one section each and nothing else."""


def _est_bloc(q: Qualification) -> bool:
    return q.numero.startswith("M BDC")


def _designation(q: Qualification) -> str:
    """« le CQPM « Opérateur… » (MQ …) » or « le bloc de compétences « … » (M BDC…) »."""
    genre = "bloc de compétences" if _est_bloc(q) else "CQPM"
    return f"{genre} « {q.intitule} » ({q.numero})"


def _texte(texte: str) -> dict[str, Any]:
    return {"texte": texte}


def _signature(s: Signataire) -> dict[str, Any]:
    lignes = {
        RoleSignataire.PRESIDENT_JURY: ["Le Président du jury paritaire de délibération"],
        RoleSignataire.REFERENT_DELEGATION: [
            "Pour le Président du jury paritaire de délibération et par délégation,",
            "le référent du dispositif du CQPM",
        ],
        RoleSignataire.AUTRE: [],
    }[s.role]
    return {"nom": s.nom, "qualite": [*lignes, *([s.qualite] if s.qualite else [])]}


def _lettre(
    titre: str,
    entete: EnTete,
    destinataire: Destinataire,
    lieu: str,
    date: datetime.date,
    objet: str,
    sections: list[dict[str, Any]],
    signataire: Signataire,
    *,
    appel: str = "Madame, Monsieur,",
) -> dict[str, Any]:
    return {
        "titre_document": titre,
        "entete": {"nom": entete.nom, "adresse": entete.adresse, "contact": entete.contact},
        "destinataire": {"nom": destinataire.nom, "adresse": destinataire.adresse},
        "lieu_date": f"À {lieu}, le {date_longue(date)}",
        "objet": objet,
        "appel": appel,
        "sections": sections,
        "cloture": SALUTATIONS.format(appel=appel),
        "signature": _signature(signataire),
    }


def _verifier_lettre(regle: str, entete: EnTete, destinataire: Destinataire, lieu: str, signataire: Signataire) -> None:
    for champ, valeur, libelle in (
        ("entete", entete.nom, "l'en-tête de l'UIMM territoriale"),
        ("destinataire", destinataire.nom, "le destinataire"),
        ("lieu", lieu, "le lieu"),
        ("signataire", signataire.nom, "le nom du signataire"),
    ):
        if not valeur.strip():
            raise _refus(regle, f"La lettre porte {libelle}", champ)
    if signataire.role is RoleSignataire.AUTRE and not signataire.qualite.strip():
        raise _refus(regle, "La lettre dit en quelle qualité son signataire signe", "signataire")


def _verifier_non_admission(regle: str, lettre: LettreNonAdmission | LettreAcquisitionPartielle) -> None:
    """R-LET-02 (and R-LET-03, « same letterhead, signature and date »): the exam centre's letterhead, the jury
    president or by delegation the CQPM referent, no date but the GTP séance's."""
    _verifier_lettre(regle, lettre.entete, lettre.destinataire, lettre.lieu, lettre.signataire)
    if lettre.signataire.role is RoleSignataire.AUTRE:
        raise _refus(
            "R-LET-02",
            "La lettre est signée par le président du jury paritaire de délibération ou, par délégation, par le "
            "référent du dispositif du CQPM",
            "signataire",
        )
    if not (lettre.visee.intitule.strip() and lettre.visee.numero.strip()):
        raise _refus(regle, "La lettre désigne le CQPM ou le bloc par son intitulé et son numéro", "visee")
    if lettre.date_seance_gtp < lettre.date_jury:
        raise _refus("R-LET-02", "La lettre est datée du jour du GTP, qui suit le jury", "date_seance_gtp")


def verifier_lettre_attribution(lettre: LettreAttribution) -> None:
    """R-LET-01: who is told, of what award, by whom."""
    _verifier_lettre("R-LET-01", lettre.entete, lettre.destinataire, lettre.lieu, lettre.signataire)
    if not lettre.attribuees or not all(q.intitule.strip() and q.numero.strip() for q in lettre.attribuees):
        raise _refus(
            "R-LET-01", "La lettre nomme chaque certification délivrée par son intitulé et son numéro", "attribuees"
        )
    if lettre.destinataire.role is not RoleDestinataire.CANDIDAT and not lettre.candidat.strip():
        raise _refus("R-LET-01", "La lettre à l'entreprise ou à l'organisme de formation nomme le candidat", "candidat")
    if not lettre.date_jury <= lettre.date_seance_gtp <= lettre.date:
        raise _refus(
            "R-LET-01",
            "La lettre informe d'une décision du GTP déjà prise, après le jury : jury, séance du GTP puis lettre",
            "date",
        )


def donnees_lettre_attribution(lettre: LettreAttribution) -> dict[str, Any]:
    au_candidat = lettre.destinataire.role is RoleDestinataire.CANDIDAT
    pluriel = len(lettre.attribuees) > 1
    quoi = "les certifications suivantes" if pluriel else "la certification suivante"
    a_qui = "vous délivrer" if au_candidat else f"délivrer à {lettre.candidat}"
    return _lettre(
        f"Délivrance de certification — {lettre.candidat}",
        lettre.entete,
        lettre.destinataire,
        lettre.lieu,
        lettre.date,
        "Délivrance " + ("de votre certification" if au_candidat else f"de la certification de {lettre.candidat}"),
        [
            {
                "titre": "",
                "elements": [
                    _texte(
                        f"Nous avons le plaisir de vous informer de la décision du {GTP} de la commission paritaire "
                        f"nationale de l'emploi et de la formation professionnelle de la métallurgie, réuni le "
                        f"{date_longue(lettre.date_seance_gtp)}, de {a_qui} {quoi} :"
                    ),
                    {"liste": [_designation(q) for q in lettre.attribuees]},
                    _texte(
                        "Cette décision fait suite à la délibération du jury paritaire de délibération réuni le "
                        f"{date_longue(lettre.date_jury)}."
                    ),
                ],
            }
        ],
        lettre.signataire,
    )


def rendre_lettre_attribution(lettre: LettreAttribution) -> bytes:
    """R-LET-01: the award, told to the candidate or to his company or training organisation."""
    verifier_lettre_attribution(lettre)
    return rendre_pdf("lettre", donnees_lettre_attribution(lettre), standards=STANDARDS)


def verifier_lettre_non_admission(lettre: LettreNonAdmission) -> None:
    _verifier_non_admission("R-LET-02", lettre)
    if lettre.destinataire.role is not RoleDestinataire.CANDIDAT and not lettre.candidat.strip():
        raise _refus("R-LET-02", "La lettre à l'entreprise ou à l'organisme de formation nomme le candidat", "candidat")


def donnees_lettre_non_admission(lettre: LettreNonAdmission) -> dict[str, Any]:
    qui = (
        "vous n'êtes pas admis(e)"
        if lettre.destinataire.role is RoleDestinataire.CANDIDAT
        else (f"{lettre.candidat} n'est pas admis(e)")
    )
    return _lettre(
        f"Non-admission — {lettre.candidat}",
        lettre.entete,
        lettre.destinataire,
        lettre.lieu,
        lettre.date_seance_gtp,
        f"Décision du {GTP}",
        [
            {
                "titre": "",
                "elements": [
                    _texte(
                        f"Nous vous informons de la décision du {GTP}, réuni le "
                        f"{date_longue(lettre.date_seance_gtp)} : {qui} au {_designation(lettre.visee)}."
                    ),
                    _texte(
                        f"Le jury paritaire de délibération réuni le {date_longue(lettre.date_jury)} n'a validé "
                        "aucune capacité professionnelle."
                    ),
                ],
            }
        ],
        lettre.signataire,
    )


def rendre_lettre_non_admission(lettre: LettreNonAdmission) -> bytes:
    """R-LET-02: no capacity acquired; dated the day of the GTP séance."""
    verifier_lettre_non_admission(lettre)
    return rendre_pdf("lettre", donnees_lettre_non_admission(lettre), standards=STANDARDS)


def verifier_lettre_acquisition_partielle(lettre: LettreAcquisitionPartielle) -> None:
    """The four pieces of information of R-LET-03 can all be written."""
    _verifier_non_admission("R-LET-03", lettre)
    if lettre.destinataire.role is not RoleDestinataire.CANDIDAT:
        raise _refus("R-LET-03", "Les éléments d'information sont adressés au candidat", "destinataire")
    if not lettre.capacites or not all(c.numero.strip() and c.intitule.strip() for c in lettre.capacites):
        raise _refus(
            "R-LET-03", "La lettre donne le numéro et l'intitulé de chaque capacité acquise et validée", "capacites"
        )
    if lettre.fin_conservation is not None and lettre.fin_conservation <= lettre.date_jury:
        raise _refus("R-LET-04", "Le délai de conservation des capacités court à partir du jury", "fin_conservation")
    if not any(s.strip() for s in lettre.sites_passeport):
        raise _refus(
            "R-LET-03",
            "La lettre indique où télécharger un modèle de passeport orientation et formation",
            "sites_passeport",
        )


def _conservation(lettre: LettreAcquisitionPartielle) -> str:
    if lettre.fin_conservation is None:
        return (
            "Ces capacités appartiennent à un bloc de compétences certifié : vous en conservez le bénéfice sans "
            "limite de durée."
        )
    delai = "5 ans" if lettre.rncp else "24 mois"
    return (
        f"Vous conservez le bénéfice des capacités professionnelles acquises et validées pendant un délai de {delai} "
        "à compter de la date de la décision du jury paritaire de délibération : votre demande d'inscription doit "
        "être formulée auprès de l'UIMM territoriale centre d'examen au plus tard le "
        f"{date_longue(lettre.fin_conservation)}. Peu importe que les actions d'évaluation aient lieu après ce délai."
    )


def donnees_lettre_acquisition_partielle(lettre: LettreAcquisitionPartielle) -> dict[str, Any]:
    genre = "bloc de compétences" if _est_bloc(lettre.visee) else "CQPM"
    cible = "au CQPM ou au bloc de compétences" if lettre.rncp else f"au {genre}"
    jury = date_longue(lettre.date_jury)
    titres = [t.format(genre=genre) for t in TITRES_R_LET_03]
    return _lettre(
        f"Acquisition partielle — {lettre.candidat}",
        lettre.entete,
        lettre.destinataire,
        lettre.lieu,
        lettre.date_seance_gtp,
        f"Décision du {GTP} — {lettre.visee.numero}",
        [
            {
                "titre": titres[0],
                "elements": [
                    _texte(
                        f"Nous vous informons de la décision du {GTP}, réuni le "
                        f"{date_longue(lettre.date_seance_gtp)} : vous n'êtes pas admis(e) au "
                        f"{_designation(lettre.visee)}, le jury paritaire de délibération réuni le {jury} n'ayant "
                        "pas validé toutes les capacités professionnelles requises."
                    )
                ],
            },
            {
                "titre": titres[1],
                "elements": [
                    _texte(f"Le jury paritaire de délibération réuni le {jury} a validé les capacités suivantes :"),
                    {"liste": [f"{c.numero} – {c.intitule}" for c in lettre.capacites]},
                ],
            },
            {
                "titre": titres[2],
                "elements": [
                    _texte(
                        "Vous pouvez accéder de nouveau au dispositif de certification par l'un de ses deux modes "
                        "d'accès, un parcours de formation ou la validation des acquis de l'expérience (VAE), et vous "
                        f"présenter à de nouvelles actions d'évaluation {cible}."
                    ),
                    _texte(_conservation(lettre)),
                    _texte(REINSCRIPTION),
                ],
            },
            {
                "titre": titres[3],
                "elements": [
                    _texte(
                        "Vous pouvez actualiser votre passeport orientation et formation en y mentionnant les "
                        "capacités acquises et validées ci-dessus. Des modèles de passeport sont téléchargeables sur :"
                    ),
                    {"liste": [s for s in lettre.sites_passeport if s.strip()]},
                ],
            },
        ],
        lettre.signataire,
    )


def rendre_lettre_acquisition_partielle(lettre: LettreAcquisitionPartielle) -> bytes:
    """R-LET-03: exactly four sections, one per piece of information; dated the day of the GTP séance."""
    verifier_lettre_acquisition_partielle(lettre)
    return rendre_pdf("lettre", donnees_lettre_acquisition_partielle(lettre), standards=STANDARDS)


def verifier_demande_attribution(lettre: LettreDemandeAttribution) -> None:
    """R-GTP-01: the letter of Annex 5 names each qualification by its MQ (or M BDC) number and its title."""
    _verifier_lettre("R-GTP-01", lettre.entete, SECRETARIAT_GTP, lettre.lieu, lettre.signataire)
    if not lettre.qualifications:
        raise _refus("R-GTP-01", "La lettre de l'annexe 5 nomme au moins une qualification", "qualifications")
    for q in lettre.qualifications:
        if not q.intitule.strip() or not q.numero.startswith(("MQ ", "M BDC")):
            raise _refus(
                "R-GTP-01",
                f"Chaque qualification est désignée par son numéro MQ (ou M BDC) et son titre : « {q.numero} »",
                "qualifications",
            )


def donnees_demande_attribution(lettre: LettreDemandeAttribution) -> dict[str, Any]:
    pluriel = len(lettre.qualifications) > 1
    return _lettre(
        "Demande d'attribution du CQPM (et éventuellement du CQPI) ou du bloc de compétences",
        lettre.entete,
        SECRETARIAT_GTP,
        lettre.lieu,
        lettre.date,
        "Demande d'attribution du CQPM (et éventuellement du CQPI) ou du bloc de compétences",
        [
            {
                "titre": "",
                "elements": [
                    _texte(
                        "En application de la validation par la commission paritaire nationale de l'emploi et de la "
                        "formation professionnelle de la métallurgie "
                        + ("des qualifications :" if pluriel else "de la qualification :")
                    ),
                    {"liste": [f"{q.numero} — {q.intitule}" for q in lettre.qualifications]},
                    _texte(
                        "nous vous prions de bien vouloir trouver ci-joints les informations et documents concernant "
                        "le déroulement des actions de validation :"
                    ),
                    {"liste": list(PIECES_ANNEXE_5)},
                    _texte(
                        "Nous attestons que l'organisation et le déroulement des actions de validation ont été "
                        "conformes aux règles fixées dans le document « Dispositif des qualifications "
                        "professionnelles de la métallurgie » de la commission paritaire nationale de l'emploi de la "
                        "métallurgie en vigueur."
                    ),
                ],
            }
        ],
        lettre.signataire,
        appel="Mesdames, Messieurs,",
    )


def rendre_demande_attribution(lettre: LettreDemandeAttribution) -> bytes:
    """Annex 5 (R-GTP-01), on the territoriale's letterhead."""
    verifier_demande_attribution(lettre)
    return rendre_pdf("lettre", donnees_demande_attribution(lettre), standards=STANDARDS)
