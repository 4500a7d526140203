"""Choices of a candidate's registration, worded as in Annex 7 (procès-verbal du jury) and Part 2, ch. 1."""

from django.db import models

from cqpm.organisations.enums import Secteur

__all__ = [
    "FINANCEMENTS_DEMANDEUR_EMPLOI",
    "FINANCEMENTS_VAE",
    "Financement",
    "Origine",
    "Parcours",
    "Secteur",
    "StatutInscription",
    "TypeBeneficiaire",
    "VoieInscription",
]


class Origine(models.TextChoices):
    """Column « Origine du candidat » of the PV (Annex 7, R-REG-04)."""

    SALARIE = "SL", "SL (Salarié)"
    CPF = "CPF", "CPF (en cas d'abondement)"
    INTERIMAIRE = "ETT", "ETT (Entreprise de Travail Temporaire)"
    DEMANDEUR_EMPLOI = "DE", "DE (Demandeur d'Emploi)"


class Financement(models.TextChoices):
    """Column « Dispositif de financement » of the PV (Annex 7, R-REG-04)."""

    SL = "SL", "SL (Salarié)"
    CP = "CP", "CP (Contrat de Professionnalisation)"
    CPI = "CPI", "CPI (Contrat de Professionnalisation Intérimaire)"
    CIPI = "CIPI", "CIPI (Contrat d'Insertion Professionnel Intérimaire)"
    CDPI = "CDPI", "CDPI (Contrat de Développement Professionnel Intérimaire)"
    PF = "PF", "PF (Plan de Formation)"
    PP = "PP", "PP (Période de Professionnalisation)"
    CPF = "CPF", "CPF (Compte Personnel de Formation)"
    CPFCA = "CPFCA", "CPFCA (Contrat d'apprentissage si CPF)"
    CIF = "CIF", "CIF (Congé Individuel de Formation)"
    CVAE = "CVAE", "CVAE (Congé VAE)"
    POEI = "POEI", "POEI (Préparation Opérationnelle à l'Emploi Individuelle)"
    POEC = "POEC", "POEC (Préparation Opérationnelle à l'Emploi Collective)"
    VAE = "VAE", "VAE (Validation des Acquis de l'Expérience)"
    AUTRE = "Autre", "Autre"


#: Annex 7 lists these schemes, and only these, for a job seeker (DE).
FINANCEMENTS_DEMANDEUR_EMPLOI = frozenset(
    {Financement.POEI, Financement.POEC, Financement.CPF, Financement.VAE, Financement.AUTRE}
)
#: Schemes that only finance a VAE.
FINANCEMENTS_VAE = frozenset({Financement.CVAE, Financement.VAE})
#: The only schemes through which an apprentice may reach a CQPM (R-ACC-02).
FINANCEMENTS_APPRENTI = frozenset({Financement.CPF, Financement.CPFCA})


class TypeBeneficiaire(models.TextChoices):
    """Who may be awarded a CQPM (R-ACC-01)."""

    SALARIE_METALLURGIE = "salarie_metallurgie", "Salarié d'une entreprise de la métallurgie"
    SALARIE_AUTRE_BRANCHE = "salarie_autre_branche", "Salarié d'une entreprise d'une autre branche"
    DEMANDEUR_EMPLOI = "demandeur_emploi", "Demandeur d'emploi"


class Parcours(models.TextChoices):
    """CQPMs are reached through continuing training or VAE, never initial training (R-ACC-02)."""

    FORMATION_CONTINUE = "formation_continue", "Formation continue"
    VAE = "vae", "Validation des acquis de l'expérience (VAE)"


class VoieInscription(models.TextChoices):
    """Who files the inscription préalable with the exam centre (R-REG-01)."""

    ENTREPRISE = "entreprise", "Par l'entreprise"
    ORGANISME_FORMATION = "organisme_formation", "Par un organisme de formation"
    DIRECTE = "directe", "Directement par le candidat (CIF, VAE individuelle, CPF sans accord de l'employeur)"


class StatutInscription(models.TextChoices):
    """An inscription is never deleted: it is cancelled, or closed when the path it opened ends (a VAE request
    declared non recevable…), so that a later registration on the same CQPM is not refused as a duplicate."""

    EN_COURS = "en_cours", "En cours"
    ANNULEE = "annulee", "Annulée"
    CLOSE = "close", "Close"
