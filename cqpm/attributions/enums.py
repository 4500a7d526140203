"""Choices of the award app (R-GTP-01 to 03, R-CERT-01 to 04, R-LET-01 to 04), each with its French label."""

from django.db import models


class StatutDemande(models.TextChoices):
    """An award request: prepared by the exam centre, sent to the GTP secretariat, examined in a séance."""

    BROUILLON = "brouillon", "En préparation"
    ENVOYEE = "envoyee", "Envoyée au secrétariat du GTP"
    EXAMINEE = "examinee", "Examinée par le GTP"


class NaturePiece(models.TextChoices):
    """The four documents of a transmission to the GTP (R-GTP-01)."""

    ATTESTATION = "attestation", "Lettre attestant le respect du Dispositif (annexe 5)"
    EXTRAIT_CPREFP = "extrait_cprefp", "Extrait du procès-verbal de la CPREFP (composition et calendrier)"
    FEUILLE_PRESENCE = "feuille_presence", "Feuille de présence datée et signée"
    PROCES_VERBAL = "proces_verbal", "Procès-verbal du jury"


class NatureCible(models.TextChoices):
    """What the GTP may award a candidate (R-GTP-02, R-GTP-03)."""

    CQPM = "cqpm", "CQPM"
    BLOC = "bloc", "Bloc de compétences"
    CQPI = "cqpi", "CQPI"


class DecisionGtp(models.TextChoices):
    A_EXAMINER = "a_examiner", "À examiner"
    VALIDEE = "validee", "Attribution validée"
    NON_VALIDEE = "non_validee", "Attribution non validée"


class NatureCertificat(models.TextChoices):
    """The certificate models of Annexes 8 to 11 (R-GTP-03)."""

    CQPM = "cqpm", "Certificat de CQPM (annexe 8)"
    CQPM_RNCP = "cqpm_rncp", "Certificat de CQPM enregistré au RNCP (annexe 9)"
    BLOC = "bloc", "Certificat de bloc de compétences (annexe 10)"
    CQPI = "cqpi", "Certificat de CQPI (annexe 11)"


class Destinataire(models.TextChoices):
    """Who receives the certificate (R-CERT-01)."""

    CANDIDAT = "candidat", "Le candidat"
    ENTREPRISE = "entreprise", "L'entreprise (contrat de travail)"


class ModeRemise(models.TextChoices):
    LETTRE_SIMPLE = "lettre_simple", "Lettre simple"
    RECOMMANDE_AR = "recommande_ar", "Lettre recommandée avec accusé de réception"
    MAIN_PROPRE = "main_propre", "Remise en main propre contre décharge"


class NatureCourrier(models.TextChoices):
    ATTRIBUTION = "attribution", "Information de l'attribution (R-LET-01)"
    NON_ADMISSION = "non_admission", "Lettre de non-admission (R-LET-02)"
    ACQUISITION_PARTIELLE = "acquisition_partielle", "Lettre d'acquisition partielle (R-LET-03)"


class DestinataireCourrier(models.TextChoices):
    CANDIDAT = "candidat", "Le candidat"
    ENTREPRISE = "entreprise", "L'entreprise"
    ORGANISME_FORMATION = "organisme_formation", "L'organisme de formation"


class ResultatVerification(models.TextChoices):
    """What a public check of a verification code answered (logged without anything on who checked)."""

    VALIDE = "valide", "Certificat valide"
    REVOQUE = "revoque", "Certificat révoqué"
    INCONNU = "inconnu", "Code inconnu"


class StatutCorrection(models.TextChoices):
    """A request to correct a holder's civil data printed on an issued certificate."""

    DEMANDEE = "demandee", "Demandée"
    APPROUVEE = "approuvee", "Approuvée (certificat réédité)"
    REFUSEE = "refusee", "Refusée"


class CanalTirage(models.TextChoices):
    """Where a certificate PDF was produced: every printed or downloaded copy stays listed."""

    PAGE = "page", "Téléchargé depuis le site"
    API = "api", "Téléchargé par l'API"
    PORTAIL = "portail", "Téléchargé par le titulaire (espace candidat)"
    LOT = "lot", "Imprimé avec les certificats de la séance"
