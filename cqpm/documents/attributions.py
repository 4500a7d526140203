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
from dataclasses import dataclass


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
    """Where the QR code leads, e.g. « https://…/verification/<jeton>/ »."""
    categorie: str = ""
    """« A », « B », « C », « C* » or « D » (accord 2014 art. 10–13): required for a CQPM, absent for a bloc."""
    rncp: EnregistrementRncp | None = None
    """Required for Annexes 9 and 10, absent for Annexes 8 and 11."""
    cqpm_correspondant: str = ""
    """For a CQPI: the title of the CQPM obtained, which `numero_qualification` numbers."""


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
