"""Rules of access and registration (Part 2, ch. 1; Annex 7): R-ACC-01, R-ACC-02, R-REG-01, R-REG-04.

Pure functions on plain data, no database: the services read the rows and call these checks, so that pages, API,
imports and tests run the very same code. Each check raises `RegleViolee` with the French sentence users see.
The database constraints of `models.Inscription` hold the same invariants as a last line; these come first, so
that every refusal is explained rather than an integrity error.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from cqpm.candidats.enums import (
    FINANCEMENTS_APPRENTI,
    FINANCEMENTS_DEMANDEUR_EMPLOI,
    FINANCEMENTS_VAE,
    Financement,
    Origine,
    Parcours,
    TypeBeneficiaire,
    VoieInscription,
)
from cqpm.core.errors import RegleViolee
from cqpm.organisations.enums import Secteur, TypeOrganisation

NAISSANCE_MIN = datetime.date(1900, 1, 1)
"""Earlier birth dates are typing errors."""

CHAMPS_ETAT_CIVIL = {
    "nom": "le nom",
    "prenoms": "les prénoms",
    "date_naissance": "la date de naissance",
    "commune_naissance": "la commune de naissance",
    "departement_naissance": "le département de naissance",
    "pays_naissance": "le pays de naissance",
}
"""What Annex 7 needs of the candidate himself (R-REG-04), with its French name."""


class Organisme(Protocol):
    """What the rules read of an organisation (cqpm.organisations.models.Organisation)."""

    @property
    def type(self) -> str: ...

    @property
    def active(self) -> bool: ...

    @property
    def secteur(self) -> str: ...


@dataclass(frozen=True)
class DonneesInscription:
    """An inscription as typed in, before it is stored."""

    parcours: str
    voie: str
    financement: str
    type_beneficiaire: str
    origine: str
    apprenti: bool = False
    accord_employeur: bool = False
    entreprise: Organisme | None = None
    organisme_formation: Organisme | None = None

    @property
    def demandeur_emploi(self) -> bool:
        return self.type_beneficiaire == TypeBeneficiaire.DEMANDEUR_EMPLOI


def _libelle(choix: type[Financement] | type[Origine], valeur: str) -> str:
    return str(choix(valeur).label) if valeur in choix.values else valeur


def _obligatoire(libelle: str) -> str:
    """The verb agrees with the field's name: « les prénoms sont obligatoires », « le nom est obligatoire »."""
    return "sont obligatoires" if libelle.startswith("les ") else "est obligatoire"


def verifier_etat_civil(valeurs: Mapping[str, object], *, aujourdhui: datetime.date) -> None:
    """Surname, first names, date and place of birth (town, département, country) are all needed (R-REG-04)."""
    manquants = [c for c in CHAMPS_ETAT_CIVIL if not str(valeurs.get(c) or "").strip()]
    if manquants:
        noms = ", ".join(CHAMPS_ETAT_CIVIL[c] for c in manquants)
        raise RegleViolee(
            "R-REG-04",
            f"Données du candidat incomplètes : indiquez {noms} ; le procès-verbal du jury les exige (R-REG-04).",
            code="donnees_incompletes",
            champ=manquants[0] if len(manquants) == 1 else None,
            details=[
                {"champ": c, "message": f"{CHAMPS_ETAT_CIVIL[c].capitalize()} {_obligatoire(CHAMPS_ETAT_CIVIL[c])}."}
                for c in manquants
            ],
        )
    naissance = valeurs["date_naissance"]
    if isinstance(naissance, datetime.date) and not NAISSANCE_MIN <= naissance < aujourdhui:
        raise RegleViolee(
            "R-REG-04",
            f"Date de naissance invraisemblable ({naissance:%d/%m/%Y}) : elle doit être passée et postérieure au "
            f"{NAISSANCE_MIN:%d/%m/%Y} (R-REG-04).",
            code="date_naissance_invalide",
            champ="date_naissance",
        )


def verifier_beneficiaire(d: DonneesInscription) -> None:
    """Employees of metallurgy companies, employees of other branches, job seekers (R-ACC-01); the company's sector
    (M or HM) says which kind of employee the candidate is."""
    if d.type_beneficiaire not in TypeBeneficiaire.values:
        raise RegleViolee(
            "R-ACC-01",
            "Les CQPM s'adressent aux salariés des entreprises de la métallurgie, aux salariés d'autres branches et "
            "aux demandeurs d'emploi (R-ACC-01).",
            code="beneficiaire_non_admis",
            champ="type_beneficiaire",
        )
    if d.demandeur_emploi or d.entreprise is None:
        return
    attendu = Secteur.METAUX if d.type_beneficiaire == TypeBeneficiaire.SALARIE_METALLURGIE else Secteur.HORS_METAUX
    if d.entreprise.secteur != attendu:
        raise RegleViolee(
            "R-ACC-01",
            f"« {d.entreprise} » relève du secteur {d.entreprise.secteur or 'non renseigné'} : son salarié est "
            f"« {TypeBeneficiaire(d.type_beneficiaire).label.lower()} » seulement si elle relève du secteur "
            f"{Secteur(attendu).label} (R-ACC-01).",
            code="beneficiaire_incoherent",
            champ="type_beneficiaire",
        )


def verifier_acces(d: DonneesInscription, *, intitule: str, inscrite_rncp: bool) -> None:
    """Continuing training or VAE, never initial training; an apprentice only through the CPF; VAE only on an
    RNCP-registered CQPM (R-ACC-02)."""
    if d.parcours not in Parcours.values:
        raise RegleViolee(
            "R-ACC-02",
            "Un CQPM s'obtient par la formation continue ou la VAE, jamais par la formation initiale (R-ACC-02).",
            code="parcours_non_admis",
            champ="parcours",
        )
    if d.apprenti and d.financement not in FINANCEMENTS_APPRENTI:
        raise RegleViolee(
            "R-ACC-02",
            "Un apprenti est en formation initiale : il ne peut obtenir un CQPM qu'en mobilisant son compte personnel "
            f"de formation (CPF ou CPFCA), pas par « {_libelle(Financement, d.financement)} » (R-ACC-02).",
            code="apprenti_hors_cpf",
            champ="financement",
        )
    if d.financement == Financement.CPFCA and not d.apprenti:
        raise RegleViolee(
            "R-ACC-02",
            "Le financement CPFCA (contrat d'apprentissage si CPF) est celui d'un apprenti : cochez « apprenti » ou "
            "choisissez un autre financement (R-ACC-02).",
            code="cpfca_sans_apprenti",
            champ="apprenti",
        )
    if d.parcours == Parcours.VAE and not inscrite_rncp:
        raise RegleViolee(
            "R-ACC-02",
            f"« {intitule} » n'est pas inscrit au RNCP à la date d'inscription : la VAE n'est ouverte que sur un CQPM "
            "enregistré au RNCP (R-ACC-02).",
            code="vae_hors_rncp",
            champ="parcours",
        )


def verifier_voie(d: DonneesInscription) -> None:
    """Registration goes through a company, a training organisation, or directly by the candidate for a CIF, an
    individual VAE or a CPF without employer agreement (R-REG-01)."""
    if d.voie == VoieInscription.ENTREPRISE and d.demandeur_emploi:
        raise RegleViolee(
            "R-REG-01",
            "Un demandeur d'emploi n'a pas d'entreprise : il s'inscrit par un organisme de formation ou directement "
            "(R-REG-01).",
            code="voie_incoherente",
            champ="voie",
        )
    if d.voie == VoieInscription.ENTREPRISE and d.entreprise is None:
        raise RegleViolee(
            "R-REG-01",
            "Une inscription par l'entreprise nomme l'entreprise du candidat (R-REG-01).",
            code="entreprise_requise",
            champ="entreprise_id",
        )
    if d.voie == VoieInscription.ORGANISME_FORMATION and d.organisme_formation is None:
        raise RegleViolee(
            "R-REG-01",
            "Une inscription par un organisme de formation nomme cet organisme (R-REG-01).",
            code="organisme_requis",
            champ="organisme_formation_id",
        )
    if d.voie == VoieInscription.DIRECTE:
        cif = d.financement == Financement.CIF
        vae = d.parcours == Parcours.VAE
        cpf_seul = d.financement == Financement.CPF and not d.accord_employeur
        if not (cif or vae or cpf_seul):
            raise RegleViolee(
                "R-REG-01",
                "Le candidat ne s'inscrit lui-même que pour un CIF, une VAE individuelle ou un CPF mobilisé sans "
                "l'accord de l'employeur ; sinon l'inscription passe par l'entreprise ou un organisme de formation "
                "(R-REG-01).",
                code="voie_directe_refusee",
                champ="voie",
            )


def verifier_types_organisations(d: DonneesInscription) -> None:
    """The company is a company, the training organisation a training organisation (R-REG-01)."""
    if d.entreprise is not None and d.entreprise.type != TypeOrganisation.ENTREPRISE:
        raise RegleViolee(
            "R-REG-01",
            f"« {d.entreprise} » n'est pas une entreprise (R-REG-01).",
            code="entreprise_invalide",
            champ="entreprise_id",
        )
    if d.organisme_formation is not None and d.organisme_formation.type != TypeOrganisation.ORGANISME_FORMATION:
        raise RegleViolee(
            "R-REG-01",
            f"« {d.organisme_formation} » n'est pas un organisme de formation (R-REG-01).",
            code="organisme_invalide",
            champ="organisme_formation_id",
        )


def verifier_centre_examen(centre: Organisme) -> None:
    """The exam centre is the UIMM territoriale the candidate depends on, still active (R-REG-01)."""
    if centre.type != TypeOrganisation.TERRITORIALE:
        raise RegleViolee(
            "R-REG-01",
            f"« {centre} » n'est pas une UIMM territoriale : le candidat s'inscrit auprès de l'UIMM territoriale dont "
            "il relève, qui devient son centre d'examen (R-REG-01).",
            code="centre_invalide",
            champ="centre_examen_id",
        )
    if not centre.active:
        raise RegleViolee(
            "R-REG-01",
            f"L'UIMM territoriale « {centre} » n'est plus active : elle ne peut plus être centre d'examen (R-REG-01).",
            code="centre_inactif",
            champ="centre_examen_id",
        )


def verifier_donnees_aval(d: DonneesInscription) -> None:
    """What the PV of Annex 7 needs downstream (R-REG-04): origin and financing consistent with the beneficiary;
    a job seeker has no company data; an employee comes with his company."""
    if d.origine not in Origine.values or d.financement not in Financement.values:
        raise RegleViolee(
            "R-REG-04", "Indiquez l'origine du candidat et son dispositif de financement (R-REG-04).", code="donnees"
        )
    if d.demandeur_emploi != (d.origine == Origine.DEMANDEUR_EMPLOI):
        raise RegleViolee(
            "R-REG-04",
            "L'origine « DE (Demandeur d'Emploi) » est celle d'un demandeur d'emploi, et de lui seul (R-REG-04).",
            code="origine_incoherente",
            champ="origine",
        )
    if d.demandeur_emploi:
        if d.entreprise is not None:
            raise RegleViolee(
                "R-REG-04",
                "Pour un demandeur d'emploi, les éléments concernant l'entreprise (raison sociale, adresse, code NACE, "
                "secteur) ne doivent pas apparaître : n'indiquez pas d'entreprise (R-REG-04).",
                code="demandeur_emploi_avec_entreprise",
                champ="entreprise_id",
            )
        if d.accord_employeur:
            raise RegleViolee(
                "R-REG-04",
                "Un demandeur d'emploi n'a pas d'employeur dont recueillir l'accord (R-REG-04).",
                code="demandeur_emploi_avec_employeur",
                champ="accord_employeur",
            )
        if d.financement not in FINANCEMENTS_DEMANDEUR_EMPLOI:
            admis = ", ".join(sorted(FINANCEMENTS_DEMANDEUR_EMPLOI))
            raise RegleViolee(
                "R-REG-04",
                f"« {_libelle(Financement, d.financement)} » ne finance pas le parcours d'un demandeur d'emploi ; "
                f"l'annexe 7 admet : {admis} (R-REG-04).",
                code="financement_incoherent",
                champ="financement",
            )
    else:
        if d.financement in (Financement.POEI, Financement.POEC):
            raise RegleViolee(
                "R-REG-04",
                "La préparation opérationnelle à l'emploi (POEI, POEC) finance le parcours d'un demandeur d'emploi "
                "(R-REG-04).",
                code="financement_incoherent",
                champ="financement",
            )
        if d.entreprise is None:
            raise RegleViolee(
                "R-REG-04",
                "Indiquez l'entreprise du salarié : sa raison sociale, son adresse, son code NACE et son secteur "
                "figurent au procès-verbal du jury (R-REG-04).",
                code="entreprise_requise",
                champ="entreprise_id",
            )
    if d.financement in FINANCEMENTS_VAE and d.parcours != Parcours.VAE:
        raise RegleViolee(
            "R-REG-04",
            f"« {_libelle(Financement, d.financement)} » ne finance qu'une VAE : choisissez le parcours VAE ou "
            "un autre financement (R-REG-04).",
            code="financement_incoherent",
            champ="financement",
        )


def verifier_retroactivite(le: datetime.date, *, aujourdhui: datetime.date, motif: str, jours: int) -> None:
    """A registration is dated the day it is recorded. A registration made earlier and recorded late may carry its
    real date only with a reason and at most `jours` days before the recording date (setting RETROACTIVITE_JOURS,
    30 by default): the delays of R-REG-02 (three months before the commission) and the version pinned by R-REG-03
    count from that date, so an unlimited or unexplained backdating would let a registration skip them."""
    if le > aujourdhui:
        raise RegleViolee(
            "R-REG-03",
            f"La date d'inscription ({le:%d/%m/%Y}) ne peut pas être future : l'inscription s'attache à la version du "
            "référentiel en vigueur à sa date (R-REG-03).",
            code="date_future",
            champ="date_inscription",
        )
    if le == aujourdhui:
        return
    limite = aujourdhui - datetime.timedelta(days=jours)
    if le < limite:
        raise RegleViolee(
            "R-REG-03",
            f"La date d'inscription ({le:%d/%m/%Y}) précède de plus de {jours} jours son enregistrement : une "
            f"inscription enregistrée en retard peut porter sa date réelle jusqu'au {limite:%d/%m/%Y} au plus tôt "
            "(délais R-REG-02 et version R-REG-03 comptés depuis cette date).",
            code="retroactivite_hors_delai",
            champ="date_inscription",
        )
    if not motif.strip():
        raise RegleViolee(
            "R-REG-03",
            f"La date d'inscription ({le:%d/%m/%Y}) précède son enregistrement : indiquez pourquoi l'inscription est "
            "enregistrée en retard (R-REG-03).",
            code="retroactivite_sans_motif",
            champ="motif_retroactivite",
        )


def verifier_inscription(d: DonneesInscription, *, intitule: str, inscrite_rncp: bool) -> None:
    """Every pure check of a new inscription, in the order a user fixes them."""
    verifier_types_organisations(d)
    verifier_beneficiaire(d)
    verifier_acces(d, intitule=intitule, inscrite_rncp=inscrite_rncp)
    verifier_donnees_aval(d)
    verifier_voie(d)
