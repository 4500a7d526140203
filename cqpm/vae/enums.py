"""Choices of a VAE file (Part 2, ch. 1 §2 and Annex 4 of the Dispositif: R-VAE-01 to 03)."""

from django.db import models


class Phase(models.TextChoices):
    """The phases of Annex 4, in order (R-VAE-02). A file closed on an unfavourable opinion goes no further."""

    RECEPTION = "reception", "Demande reçue (accueil, information-orientation)"
    INSTRUCTION = "instruction", "Recevabilité en instruction"
    CLOS = "clos", "Avis défavorable : dossier clos"
    RECEVABLE = "recevable", "Recevable : rédaction du dossier de preuves"
    ACCOMPAGNEMENT = "accompagnement", "Accompagnement du candidat"
    PREUVES_RECUES = "preuves_recues", "Dossier de preuves reçu"
    COMMISSION = "commission", "Commission de validation constituée"
    CONCLUSIONS = "conclusions", "Conclusions transmises au jury"


#: Phases before the opinion on recevabilité: its 3-month limit runs (R-VAE-02).
PHASES_AVANT_AVIS = (Phase.RECEPTION, Phase.INSTRUCTION)
#: Phases after a favourable opinion: the whole path is bounded to 12 months from it (R-VAE-02).
PHASES_RECEVABLES = (
    Phase.RECEVABLE,
    Phase.ACCOMPAGNEMENT,
    Phase.PREUVES_RECUES,
    Phase.COMMISSION,
    Phase.CONCLUSIONS,
)
#: Phases where the dossier de preuves has been received.
PHASES_APRES_PREUVES = (Phase.PREUVES_RECUES, Phase.COMMISSION, Phase.CONCLUSIONS)
#: Phases where a deadline still runs.
PHASES_ACTIVES = (*PHASES_AVANT_AVIS, Phase.RECEVABLE, Phase.ACCOMPAGNEMENT, Phase.PREUVES_RECUES, Phase.COMMISSION)


class Validation(models.TextChoices):
    """The commission de validation's conclusion to the jury (Annex 4)."""

    TOTALE = "totale", "Validation totale"
    PARTIELLE = "partielle", "Validation partielle"
    NULLE = "nulle", "Non-validation"


class TypeContrat(models.TextChoices):
    """The kind of experience of the dossier d'activités (R-VAE-01): professional or volunteer."""

    CDI = "cdi", "Contrat à durée indéterminée"
    CDD = "cdd", "Contrat à durée déterminée"
    INTERIM = "interim", "Intérim"
    ALTERNANCE = "alternance", "Contrat en alternance (apprentissage, professionnalisation)"
    STAGE = "stage", "Stage"
    INDEPENDANT = "independant", "Travailleur indépendant"
    BENEVOLAT = "benevolat", "Bénévolat"
    AUTRE = "autre", "Autre"


class NaturePiece(models.TextChoices):
    """The documents of the recevabilité file (R-VAE-01), then the dossier de preuves (R-VAE-02)."""

    CV = "cv", "CV synthétique"
    IDENTITE = "identite", "Copie d'une pièce d'identité"
    MOTIVATION = "motivation", "Lettre de motivation"
    DIPLOME = "diplome", "Copie d'un diplôme, titre, certificat ou attestation de formation"
    JUSTIFICATIF = "justificatif", "Justificatif d'activité (contrat de travail, stage, attestation…)"
    PREUVES = "preuves", "Dossier de preuves"


#: What the recevabilité file must hold (R-VAE-01); diplomas only when the candidate has some.
PIECES_RECEVABILITE = (NaturePiece.CV, NaturePiece.IDENTITE, NaturePiece.MOTIVATION, NaturePiece.JUSTIFICATIF)


class Echeance(models.TextChoices):
    """The dated limits of R-VAE-02 that the daily command watches."""

    AVIS_RECEVABILITE = "avis", "Avis sur la recevabilité (3 mois après la réception)"
    FIN_PARCOURS = "fin", "Conclusions au jury (12 mois après la recevabilité)"


class NatureRelance(models.TextChoices):
    RAPPEL = "rappel", "Rappel avant échéance"
    DEPASSEMENT = "depassement", "Échéance dépassée"
