"""Every event the audit log records, in one enumeration (the model: Zulip's `AuditLogEventType`).

A value is `objet.evenement`; the label is what the journal shows the secretariat. A new action adds its event
here — `journaliser` refuses any other value, and the database refuses it too (check constraint), so the log can
be filtered and counted by event without guessing at free text.
"""

from __future__ import annotations

from django.db import models


class EvenementAudit(models.TextChoices):
    # Django admin (models without an action function of their own).
    ADMIN_CREATION = "admin.creation", "Administration : création"
    ADMIN_MODIFICATION = "admin.modification", "Administration : modification"
    ADMIN_SUPPRESSION = "admin.suppression", "Administration : suppression"

    # Organisations, accounts, API tokens.
    ORGANISATION_CREATION = "organisation.creation", "Organisation créée"
    ORGANISATION_MODIFICATION = "organisation.modification", "Organisation modifiée"
    UTILISATEUR_CREATION = "utilisateur.creation", "Compte créé"
    HABILITATION_ATTRIBUTION = "habilitation.attribution", "Habilitation attribuée"
    HABILITATION_RETRAIT = "habilitation.retrait", "Habilitation retirée"
    DOUBLE_FACTEUR_ACTIVATION = "double_facteur.activation", "Double authentification activée"
    JETON_API_CREATION = "jeton_api.creation", "Jeton d'API créé"
    JETON_API_REVOCATION = "jeton_api.revocation", "Jeton d'API révoqué"

    # E-mail outbox.
    COURRIEL_RELANCE = "courriel.relance", "Courriel relancé"
    COURRIEL_LIENS_MASQUES = "courriel.liens_masques", "Liens d'un courriel remis retirés de l'archive"

    # Register of referentials.
    VERSION_CREATION = "version.creation", "Version de référentiel créée"
    VERSION_MODIFICATION = "version.modification", "Version de référentiel modifiée"
    VERSION_ACTIVITES = "version.activites", "Référentiel d'activités défini"
    VERSION_CERTIFICATION = "version.certification", "Référentiel de certification défini"
    VERSION_SUPPRESSION = "version.suppression", "Brouillon de version supprimé"
    VERSION_DECISION = "version.decision", "Version décidée"
    VERSION_IMPORT = "version.import", "Version importée"
    QUALIFICATION_IMPORT = "qualification.import", "Qualification importée"
    QUALIFICATION_SYNCHRONISATION_RNCP = "qualification.synchronisation_rncp", "Synchronisation avec le RNCP"
    LISTE_INSCRIPTION = "liste.inscription", "Inscription sur une liste"
    LISTE_RETRAIT = "liste.retrait", "Retrait des listes"

    # Effects of the GTP's decisions on a CQPM.
    CQPM_CREATION = "cqpm.creation", "CQPM créé"
    CQPM_NUMEROTATION = "cqpm.numerotation", "CQPM numéroté"
    CQPM_CENTRES_RESSOURCES = "cqpm.centres_ressources", "Centres de ressources désignés"
    CQPM_CHANGEMENT_CENTRES = "cqpm.changement_centres", "Changement de centre de ressources"
    CQPM_RENUMEROTATION = "cqpm.renumerotation", "CQPM renuméroté"
    CQPM_REACTIVATION = "cqpm.reactivation", "CQPM réactivé"
    CQPM_REVISION = "cqpm.revision", "CQPM révisé"
    CQPM_MISE_EN_VEILLE = "cqpm.mise_en_veille", "CQPM mis en veille"
    CQPM_SUPPRESSION = "cqpm.suppression", "CQPM supprimé"
    CQPM_FIN_REACTIVATION = "cqpm.fin_reactivation", "Fin de réactivation"

    # Lifecycle requests.
    DEMANDE_CREATION = "demande.creation", "Demande déposée"
    DEMANDE_MODIFICATION_DOSSIER = "demande.modification_dossier", "Dossier de la demande modifié"
    DEMANDE_PROJET = "demande.projet", "Projet de référentiel modifié"
    DEMANDE_SIGNATURE = "demande.signature", "Demande signée"
    DEMANDE_SOUMISSION = "demande.soumission", "Demande soumise"
    DEMANDE_INFORMATION_CPREFP = "demande.information_cprefp", "CPREFP informée"
    DEMANDE_DOSSIER_COMPLET = "demande.dossier_complet", "Dossier déclaré complet"
    DEMANDE_AVIS_CNCP = "demande.avis_cncp", "Avis de la CNCP enregistré"
    DEMANDE_RETRAIT = "demande.retrait", "Demande retirée"
    DEMANDE_PIECE_JOINTE = "demande.piece_jointe", "Pièce jointe à la demande"
    DEMANDE_DECISION = "demande.decision", "Décision du GTP"
    DEMANDE_PROPOSITION_AUTOMATIQUE = "demande.proposition_automatique", "Proposition automatique au GTP"

    # GTP séances.
    SEANCE_CREATION = "seance.creation", "Séance du GTP créée"
    SEANCE_INSCRIPTION = "seance.inscription", "Point inscrit à l'ordre du jour"
    SEANCE_REPORT = "seance.report", "Point reporté"
    SEANCE_MODIFICATION = "seance.modification", "Séance modifiée"

    # Candidates and registrations.
    CANDIDAT_CREATION = "candidat.creation", "Candidat enregistré"
    CANDIDAT_FUSION = "candidat.fusion", "Doublons fusionnés"
    CANDIDAT_FUSIONNE = "candidat.fusionne", "Fiche fusionnée dans une autre"
    INSCRIPTION_CREATION = "inscription.creation", "Inscription préalable"
    INSCRIPTION_ANNULATION = "inscription.annulation", "Inscription annulée"
    INSCRIPTION_CLOTURE = "inscription.cloture", "Inscription close"

    # Evaluation (training path).
    EVALUATION_OUVERTURE = "evaluation.ouverture", "Dossier d'évaluation ouvert"
    EVALUATION_MODALITES = "evaluation.modalites", "Modalités d'évaluation choisies"
    EVALUATION_TRANSMISSION = "evaluation.transmission", "Dossier d'évaluation transmis au centre de ressources"
    EVALUATION_RECOMMANDATIONS = "evaluation.recommandations", "Recommandations du centre de ressources"
    EVALUATION_AVIS_ENTREPRISE = "evaluation.avis_entreprise", "Avis de l'entreprise"
    EVALUATION_COMPENSATIONS = "evaluation.compensations", "Compensations du handicap"
    EVALUATION_COMMISSION = "evaluation.commission", "Commission d'évaluation constituée"
    EVALUATION_RESULTATS = "evaluation.resultats", "Résultats de la commission d'évaluation"
    EVALUATION_ACQUIS_ANTERIEUR = "evaluation.acquis_anterieur", "Acquis antérieur enregistré"

    # VAE.
    VAE_DEPOT = "vae.depot", "Demande de VAE déposée"
    VAE_PIECE = "vae.piece", "Pièce ajoutée au dossier de VAE"
    VAE_INSTRUCTION = "vae.instruction", "Instruction de la recevabilité ouverte"
    VAE_RECEVABLE = "vae.recevable", "Demande de VAE recevable"
    VAE_NON_RECEVABLE = "vae.non_recevable", "Demande de VAE non recevable"
    VAE_ACCOMPAGNEMENT = "vae.accompagnement", "Accompagnement enregistré"
    VAE_PREUVES = "vae.preuves", "Dossier de preuves reçu"
    VAE_COMMISSION = "vae.commission", "Commission de validation constituée"
    VAE_CONCLUSIONS = "vae.conclusions", "Conclusions de la commission de validation"
    VAE_RAPPEL = "vae.rappel", "Rappel d'échéance VAE"
    VAE_DEPASSEMENT = "vae.depassement", "Échéance VAE dépassée"

    # Jury paritaire de délibération.
    JURY_CREATION = "jury.creation", "Jury paritaire de délibération planifié"
    JURY_DATE = "jury.date", "Date du jury modifiée"
    JURY_DESIGNATIONS_DEMANDEES = "jury.designations_demandees", "Désignations demandées aux organisations syndicales"
    JURY_MEMBRE = "jury.membre", "Membre du jury désigné"
    JURY_MEMBRE_RETIRE = "jury.membre_retire", "Membre du jury retiré"
    JURY_PRESIDENT = "jury.president", "Président du jury désigné"
    JURY_INFORMATION_CPREFP = "jury.information_cprefp", "CPREFP informée de la composition du jury"
    JURY_CONVOCATIONS = "jury.convocations", "Membres du jury convoqués"
    JURY_CANDIDAT = "jury.candidat", "Candidat présenté au jury"
    JURY_PRESENCE = "jury.presence", "Présence d'un candidat au jury"
    JURY_REPORT = "jury.report", "Candidat reporté à un jury ultérieur"
    JURY_VOTE = "jury.vote", "Vote d'un membre du jury"
    JURY_DELIBERATION = "jury.deliberation", "Décisions du jury arrêtées"
    JURY_DECISION_CIBLE = "jury.decision_cible", "Décision du jury sur une certification d'un candidat"
    JURY_SIGNATURE = "jury.signature", "Procès-verbal du jury signé"
    JURY_TENTATIVE_REFUSEE = "jury.tentative_refusee", "Modification refusée d'un jury au procès-verbal signé"
    ATTRIBUTION_DEMANDE = "attribution.demande", "Demande d'attribution préparée"
    ATTRIBUTION_PIECE = "attribution.piece", "Pièce jointe à une demande d'attribution"
    ATTRIBUTION_ENVOI = "attribution.envoi", "Demande d'attribution envoyée au secrétariat du GTP"
    ATTRIBUTION_SEANCE = "attribution.seance", "Demande d'attribution inscrite à une séance du GTP"
    ATTRIBUTION_DECISION = "attribution.decision", "Attribution validée ou non par le GTP"
    ATTRIBUTION_VALIDATION_SEANCE = "attribution.validation_seance", "Validation d'une séance lancée"
    CERTIFICAT_REVOCATION = "certificat.revocation", "Certificat révoqué"
    CERTIFICAT_REMISE = "certificat.remise", "Certificat remis"
    CERTIFICAT_COPIE = "certificat.copie", "Copie certifiée conforme délivrée"
    CERTIFICAT_QUESTIONNAIRE = "certificat.questionnaire", "Réponses au questionnaire transmises au GTP"
    CERTIFICAT_CORRECTION_DEMANDE = "certificat.correction_demande", "Correction d'un certificat demandée"
    CERTIFICAT_CORRECTION_APPROBATION = "certificat.correction_approbation", "Certificat corrigé et réédité"
    CERTIFICAT_CORRECTION_REFUS = "certificat.correction_refus", "Correction d'un certificat refusée"

    # Demo data (cqpm.demo): the synthetic CQPMs, found again through their audit row.
    DEMO_CQPM_SYNTHETIQUE = "demo.cqpm_synthetique", "CQPM synthétique de démonstration"

    # Candidate portal.
    PORTAIL_COMPTE_CREE = "portail.compte_cree", "Espace candidat créé"
    PORTAIL_INVITATION = "portail.invitation", "Invitation envoyée"
    PORTAIL_INVITATION_ACCEPTEE = "portail.invitation_acceptee", "Invitation acceptée"
    PORTAIL_DEMANDE_COMPTE = "portail.demande_compte", "Demande d'espace candidat"
    PORTAIL_DEMANDE_CONFIRMEE = "portail.demande_confirmee", "Demande d'espace confirmée"

    # Archives and personal data (R-ARCH-01 to 04, RGPD).
    ARCHIVES_PURGE = "archives.purge", "Document purgé à l'expiration de sa conservation"
    ARCHIVES_SUPPRESSION_REFUSEE = "archives.suppression_refusee", "Suppression refusée d'un document conservé"
    ARCHIVES_PSEUDONYMISATION = "archives.pseudonymisation", "Candidat pseudonymisé"
    DONNEES_PERSONNELLES_ACCES = "donnees_personnelles.acces", "Accès aux données personnelles d'un candidat"
    CANDIDAT_RECTIFICATION = "candidat.rectification", "État civil rectifié"


def choix_evenements() -> list[tuple[str, str]]:
    """The enumeration's choices, given to the model field as a callable.

    Django stores a callable's path in migrations instead of the list, so adding an event needs no migration and
    branches that each add events do not collide on `audit` migrations.
    """
    return EvenementAudit.choices
