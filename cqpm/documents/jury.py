"""The documents of the jury paritaire de délibération (R-JURY-06, R-JURY-07, R-JURY-08, R-JURY-10): the
procès-verbal (Annex 7), the attendance sheet (Annex 6), a member's convocation and the extract of the CPREFP
notices that the exam centre sends the GTP (R-GTP-01).

Inputs are plain typed values, independent of the models (`cqpm.jurys.documents` builds them). Anonymity is the
builder's business, but the PV checks it holds: before the signature a row carries a code and no identity
(R-JURY-06). A job seeker's row never shows company data (Annex 7, note 8).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from cqpm.core.errors import RegleViolee
from cqpm.documents.rendu import date_longue, rendre_pdf

DECISIONS = {"A": "A", "NA": "NA"}


@dataclass(frozen=True)
class EnteteJury:
    territoriale: str
    qualification: str
    """Title of the CQPM or bloc."""
    numero: str
    """MQ number (or bloc number)."""
    date: datetime.date
    lieu: str
    president: str = ""
    qualite_president: str = ""


@dataclass(frozen=True)
class Entreprise:
    raison_sociale: str
    adresse: str = ""
    code_nace: str = ""
    secteur: str = ""
    """« M » or « HM (branche) »."""


@dataclass(frozen=True)
class LignePV:
    code: str
    nom: str = ""
    """Empty before the signature (R-JURY-06)."""
    naissance: str = ""
    origine: str = ""
    financement: str = ""
    entreprise: Entreprise | None = None
    demandeur_emploi: bool = False
    decision: str = ""
    """« A », « NA », or empty for an absent or excused candidate."""
    presence: str = ""
    capacites: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    """The jury's A or NA per target when it bears on blocs (R-GTP-02): « Bloc 1 : A »…; empty for the whole CQPM,
    which the decision column says."""
    commentaire: str = ""


@dataclass(frozen=True)
class ProcesVerbal:
    entete: EnteteJury
    lignes: tuple[LignePV, ...]
    signe_le: datetime.date | None = None


@dataclass(frozen=True)
class PersonneEmargement:
    nom: str
    organisation: str
    fonction: str = ""


@dataclass(frozen=True)
class FeuilleEmargement:
    entete: EnteteJury
    personnes: tuple[PersonneEmargement, ...]


@dataclass(frozen=True)
class ConvocationMembre:
    entete: EnteteJury
    centre_adresse: str
    nom: str
    organisme: str
    college: str
    voix_deliberative: bool
    preavis: str
    envoyee_le: datetime.date
    candidats: tuple[str, ...] = ()


@dataclass(frozen=True)
class MembreCommunique:
    """A member as the notice described him, whatever became of him since."""

    nom: str
    organisme: str
    fonction: str
    college: str
    voix_deliberative: bool
    president: bool = False


@dataclass(frozen=True)
class AvisCprefp:
    """One dated notice to the CPREFP: the composition and forecast calendar as sent (R-JURY-07)."""

    envoyee_le: datetime.datetime
    """Local date and time of the sending."""
    motif: str
    date_jury: datetime.date
    lieu: str
    calendrier: str
    qualification: str
    membres: tuple[MembreCommunique, ...]


@dataclass(frozen=True)
class ExtraitCprefp:
    entete: EnteteJury
    cprefp: str
    jury: int
    avis: tuple[AvisCprefp, ...]
    etabli_le: datetime.date


def _entete(e: EnteteJury) -> dict[str, Any]:
    return {
        "territoriale": e.territoriale,
        "qualification": e.qualification,
        "numero": e.numero,
        "date": date_longue(e.date),
        "lieu": e.lieu,
        "president": e.president or "(à désigner)",
        "qualite": e.qualite_president or "—",
    }


def verifier_pv(pv: ProcesVerbal) -> None:
    """A or NA only (R-JURY-09); no identity before the signature (R-JURY-06); no company for a job seeker."""
    for ligne in pv.lignes:
        if ligne.decision and ligne.decision not in DECISIONS:
            raise RegleViolee(
                "R-JURY-09", f"Décision « {ligne.decision} » : seules A et NA figurent au PV (R-JURY-09).", code="pv"
            )
        if pv.signe_le is None and (ligne.nom or ligne.naissance):
            raise RegleViolee(
                "R-JURY-06", "Avant la signature, le PV ne montre que les codes des candidats (R-JURY-06).", code="pv"
            )
        if ligne.demandeur_emploi and ligne.entreprise is not None:
            raise RegleViolee(
                "R-JURY-10",
                "Pour un demandeur d'emploi, les éléments de l'entreprise n'apparaissent pas (annexe 7, note 8).",
                code="pv",
            )


def _commentaire(ligne: LignePV) -> str:
    """The capacities acquired, the absence (the decision column holds A or NA only), the jury's comment."""
    parties = [f"Capacités acquises : {', '.join(ligne.capacites)}" if ligne.capacites else ""]
    parties += [f"Blocs de compétences : {' ; '.join(ligne.certifications)}" if ligne.certifications else ""]
    parties += [f"{ligne.presence} : le jury n'a pas délibéré" if not ligne.decision and ligne.presence else ""]
    return "\n".join(p for p in [*parties, ligne.commentaire] if p)


def donnees_pv(pv: ProcesVerbal) -> dict[str, Any]:
    return {
        "entete": _entete(pv.entete),
        "signe": date_longue(pv.signe_le) if pv.signe_le else "",
        "lignes": [
            {
                "candidat": f"{ligne.nom} ({ligne.code})" if ligne.nom else ligne.code,
                "naissance": ligne.naissance or "—",
                "origine": ligne.origine,
                "financement": ligne.financement,
                "raison_sociale": ligne.entreprise.raison_sociale if ligne.entreprise else "—",
                "adresse": ligne.entreprise.adresse if ligne.entreprise else "—",
                "nace": ligne.entreprise.code_nace if ligne.entreprise else "—",
                "secteur": ligne.entreprise.secteur if ligne.entreprise else "—",
                "decision": ligne.decision or "—",
                "commentaire": _commentaire(ligne),
            }
            for ligne in pv.lignes
        ],
    }


def rendre_pv(pv: ProcesVerbal) -> bytes:
    """The PV of Annex 7, after `verifier_pv`."""
    verifier_pv(pv)
    return rendre_pdf("pv_jury", donnees_pv(pv))


def rendre_emargement(feuille: FeuilleEmargement) -> bytes:
    """The attendance sheet of Annex 6: every designated person, or failing designation the invited organisation."""
    return rendre_pdf(
        "emargement_jury",
        {
            "entete": _entete(feuille.entete),
            "personnes": [
                {"nom": p.nom, "organisation": p.organisation, "fonction": p.fonction} for p in feuille.personnes
            ],
        },
    )


def rendre_convocation(c: ConvocationMembre) -> bytes:
    """A member's convocation, with the 8-day employer warning (R-JURY-08)."""
    return rendre_pdf(
        "convocation_jury",
        {
            "entete": _entete(c.entete),
            "adresse": c.centre_adresse,
            "nom": c.nom,
            "organisme": c.organisme,
            "college": c.college,
            "voix": "avec voix délibérative" if c.voix_deliberative else "sans voix délibérative (invité)",
            "preavis": c.preavis,
            "envoyee_le": date_longue(c.envoyee_le),
            "candidats": list(c.candidats),
        },
    )


def _horodatage(instant: datetime.datetime) -> str:
    return f"{date_longue(instant.date())} à {instant:%H:%M}"


def donnees_extrait_cprefp(extrait: ExtraitCprefp) -> dict[str, Any]:
    return {
        "entete": _entete(extrait.entete),
        "cprefp": extrait.cprefp,
        "jury": str(extrait.jury),
        "etabli_le": date_longue(extrait.etabli_le),
        "avis": [
            {
                "numero": str(n),
                "envoyee_le": _horodatage(a.envoyee_le),
                "motif": a.motif,
                "date": date_longue(a.date_jury),
                "lieu": a.lieu,
                "calendrier": a.calendrier,
                "qualification": a.qualification,
                "membres": [
                    {
                        "nom": f"{m.nom} (président)" if m.president else m.nom,
                        "organisme": m.organisme,
                        "fonction": m.fonction,
                        "college": m.college,
                        "voix": "Délibérative" if m.voix_deliberative else "Consultative",
                    }
                    for m in a.membres
                ],
            }
            for n, a in enumerate(extrait.avis, start=1)
        ],
    }


def rendre_extrait_cprefp(extrait: ExtraitCprefp) -> bytes:
    """Every notice sent to the CPREFP, dated, in the order sent (R-JURY-07); none: nothing to extract."""
    if not extrait.avis:
        raise RegleViolee(
            "R-JURY-07",
            "La CPREFP n'a encore reçu aucune information sur ce jury : il n'y a rien à extraire (R-JURY-07).",
            code="extrait_vide",
        )
    return rendre_pdf("extrait_cprefp", donnees_extrait_cprefp(extrait))
