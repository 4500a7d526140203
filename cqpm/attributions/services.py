"""Actions of the award (R-GTP-01 to 03, R-ID-04, R-CERT-01 to 04, R-LET-01 to 04).

Every write goes through `cqpm.core.transitions`: who acts (`DEMANDER_ATTRIBUTION` and `DELIVRER_CERTIFICATS` for
the exam centre on its own juries, `VALIDER_ATTRIBUTIONS` for the GTP secretariat only), one transaction, one
audit row, e-mails on commit. A validation allocates the certificate number inside its own transaction
(`allouer("mc-<année>")`): a rolled-back validation gives its number back, so numbers are never skipped (R-ID-04).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.db.models import QuerySet

from cqpm.attributions import codes, rules
from cqpm.attributions.enums import (
    DecisionGtp,
    Destinataire,
    DestinataireCourrier,
    ModeRemise,
    NatureCertificat,
    NatureCible,
    NatureCourrier,
    NaturePiece,
    ResultatVerification,
    StatutCorrection,
    StatutDemande,
)
from cqpm.attributions.models import (
    Certificat,
    CibleAttribution,
    ControleVerification,
    CopieCertifiee,
    Courrier,
    DemandeAttribution,
    DemandeCorrection,
    PieceDemande,
    TirageCertificat,
)
from cqpm.audit.enums import EvenementAudit
from cqpm.candidats.enums import StatutInscription, TypeBeneficiaire
from cqpm.candidats.services import clore_inscription
from cqpm.comptes.permissions import Action, exiger, perimetre
from cqpm.core.acteurs import SYSTEME, Acteur, utilisateur_de
from cqpm.core.courriels import programmer_courriel
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.core.pieces import controler_piece
from cqpm.core.sequences import allouer
from cqpm.core.transitions import aujourdhui, operation, transition
from cqpm.documents.rendu import date_longue
from cqpm.evaluations.models import AcquisAnterieur
from cqpm.evaluations.rules import fin_conservation
from cqpm.gtp import services as gtp
from cqpm.gtp.models import Seance
from cqpm.jurys.enums import Decision, EtatJury
from cqpm.jurys.models import CandidatJury, CibleJury, Jury
from cqpm.jurys.services import acquises, capacites_par_bloc
from cqpm.referentiels.models import Capacite
from cqpm.referentiels.numeros import NumeroCertificat

# Reading.


def demandes_visibles(acteur: Acteur) -> QuerySet[DemandeAttribution]:
    """A territoriale sees the requests of its own juries; the GTP secretariat sees them all."""
    qs = DemandeAttribution.objects.select_related("jury__centre_examen", "jury__qualification", "seance")
    return perimetre(acteur, Action.DEMANDER_ATTRIBUTION).filtrer(qs, "jury__centre_examen")


def demande_visible(pk: int, acteur: Acteur) -> DemandeAttribution:
    demande = demandes_visibles(acteur).filter(pk=pk).first()
    if demande is None:
        raise Introuvable("Demande d'attribution introuvable.")
    return demande


def certificat_visible(pk: int, acteur: Acteur) -> Certificat:
    qs = perimetre(acteur, Action.DELIVRER_CERTIFICATS).filtrer(
        Certificat.objects.select_related("cible__demande__jury"), "cible__demande__jury__centre_examen"
    )
    certificat = qs.filter(pk=pk).first()
    if certificat is None:
        raise Introuvable("Certificat introuvable.")
    return certificat


def pieces_manquantes(demande: DemandeAttribution) -> list[NaturePiece]:
    """The documents of R-GTP-01 not yet joined."""
    jointes = set(demande.pieces.values_list("nature", flat=True))
    return [n for n in NaturePiece if n.value not in jointes]


def limite_transmission(demande: DemandeAttribution) -> datetime.date:
    return rules.limite_transmission(demande.jury.date)


def est_en_retard(demande: DemandeAttribution, le: datetime.date | None = None) -> bool:
    """Sent late, or still not sent once the 2 months are over (R-GTP-01)."""
    if demande.envoyee_le is not None:
        return demande.en_retard
    return rules.en_retard(demande.jury.date, le or aujourdhui())


def progression(seance: Seance) -> tuple[int, int]:
    """(decided, total) targets of the requests examined in `seance`: the progress of its validation."""
    cibles = CibleAttribution.objects.filter(demande__seance=seance)
    return cibles.exclude(decision=DecisionGtp.A_EXAMINER).count(), cibles.count()


# R-GTP-02: what each candidate may be awarded.


def issue_candidat(candidat: CandidatJury) -> rules.Issue:
    jury = candidat.jury
    qualification = jury.qualification
    return rules.issue(
        admis=candidat.decision == "A",
        capacites_par_bloc=capacites_par_bloc(candidat),
        acquises=acquises(candidat),
        rncp=qualification.est_inscrite_rncp(jury.date),
        a_un_cqpi=qualification.cqpi_id is not None,
    )


def _creer_cibles(demande: DemandeAttribution) -> int:
    """The targets the jury declared A (R-GTP-02): the whole CQPM, and its CQPI when it corresponds to one
    (R-GTP-03), or each bloc."""
    jury = demande.jury
    nombre = 0
    admises = CibleJury.objects.filter(candidat__jury=jury, decision=Decision.ADMIS).select_related("candidat")
    for cible in admises.order_by("candidat__code", "bloc__numero"):
        if cible.bloc_id is not None:
            CibleAttribution.objects.create(
                demande=demande,
                candidat=cible.candidat,
                nature=NatureCible.BLOC,
                qualification=jury.qualification,
                bloc_id=cible.bloc_id,
            )
            nombre += 1
            continue
        CibleAttribution.objects.create(
            demande=demande, candidat=cible.candidat, nature=NatureCible.CQPM, qualification=jury.qualification
        )
        nombre += 1
        if jury.qualification.cqpi is not None:
            CibleAttribution.objects.create(
                demande=demande, candidat=cible.candidat, nature=NatureCible.CQPI, qualification=jury.qualification.cqpi
            )
            nombre += 1
    return nombre


# The exam centre's transmission (R-GTP-01).


def creer_demande(jury: Jury, *, acteur: Acteur) -> DemandeAttribution:
    """Prepare the transmission of a signed jury, with each candidate's targets (R-GTP-01, R-GTP-02)."""
    with operation(acteur=acteur, permission=Action.DEMANDER_ATTRIBUTION, objet=jury) as op:
        jury = Jury.objects.select_for_update(of=("self",)).select_related("qualification__cqpi").get(pk=jury.pk)
        if jury.etat != EtatJury.SIGNE:
            raise RegleViolee(
                "R-GTP-01",
                "Seul un jury dont le procès-verbal est signé est transmis au GTP (R-GTP-01).",
                code="jury_non_signe",
            )
        if DemandeAttribution.objects.filter(jury=jury).exists():
            raise RegleViolee("R-GTP-01", "Ce jury a déjà sa demande d'attribution.", code="demande_existante")
        demande = DemandeAttribution.objects.create(jury=jury, cree_par=op.utilisateur)
        cibles = _creer_cibles(demande)
        op.journaliser(EvenementAudit.ATTRIBUTION_DEMANDE, demande, apres={"cibles": cibles}, regle="R-GTP-01")
    return demande


def joindre_piece(demande: DemandeAttribution, *, nature: str, fichier: File[bytes], acteur: Acteur) -> PieceDemande:
    """Join (or replace) one of the four documents, before sending (R-GTP-01)."""
    if nature not in NaturePiece.values:
        raise RegleViolee("R-GTP-01", f"Nature de pièce inconnue : « {nature} ».", code="nature_inconnue")
    controle = controler_piece(fichier, regle="R-GTP-01")
    with transition(
        demande,
        acteur=acteur,
        permission=Action.DEMANDER_ATTRIBUTION,
        evenement=EvenementAudit.ATTRIBUTION_PIECE,
        regle="R-GTP-01",
        depuis=[StatutDemande.BROUILLON],
        quoi="joindre une pièce",
    ) as t:
        PieceDemande.objects.filter(demande=t.objet, nature=nature).delete()
        piece = PieceDemande(demande=t.objet, nature=nature, nom_fichier=controle.nom, jointe_par=t.utilisateur)
        piece.fichier.save(controle.nom, fichier, save=False)
        piece.save()
        t.details.update(nature=nature, fichier=controle.nom)
    return piece


def envoyer(demande: DemandeAttribution, *, le: datetime.date | None = None, acteur: Acteur) -> DemandeAttribution:
    """Send the complete transmission; one sent more than 2 months after the jury is flagged late (R-GTP-01)."""
    le = le or aujourdhui()
    with transition(
        demande,
        acteur=acteur,
        permission=Action.DEMANDER_ATTRIBUTION,
        evenement=EvenementAudit.ATTRIBUTION_ENVOI,
        regle="R-GTP-01",
        depuis=[StatutDemande.BROUILLON],
        vers=StatutDemande.ENVOYEE,
        quoi="envoyer la demande",
    ) as t:
        manquantes = pieces_manquantes(t.objet)
        if manquantes:
            raise RegleViolee(
                "R-GTP-01",
                "La transmission est incomplète ; il manque : "
                + " ; ".join(str(n.label) for n in manquantes)
                + " (R-GTP-01).",
                code="demande_incomplete",
            )
        if le < t.objet.jury.date:
            raise RegleViolee("R-GTP-01", "La transmission suit le jury.", code="envoi_avant_jury")
        t.objet.envoyee_le = le
        t.objet.envoyee_par = t.utilisateur
        t.objet.en_retard = rules.en_retard(t.objet.jury.date, le)
    return t.objet


# The GTP (R-GTP-02, R-GTP-03, R-ID-04).


def inscrire_a_seance(demande: DemandeAttribution, *, seance: Seance, acteur: Acteur) -> DemandeAttribution:
    """The secretariat puts a sent request before a séance of the GTP."""
    with transition(
        demande,
        acteur=acteur,
        permission=Action.VALIDER_ATTRIBUTIONS,
        evenement=EvenementAudit.ATTRIBUTION_SEANCE,
        regle="R-GTP-02",
        depuis=[StatutDemande.ENVOYEE],
        quoi="inscrire la demande à une séance",
    ) as t:
        if t.objet.envoyee_le is not None and seance.date < t.objet.envoyee_le:
            raise RegleViolee(
                "R-GTP-02",
                f"La séance du {date_longue(seance.date)} précède l'envoi de la demande : le GTP examine une demande "
                "reçue (R-GTP-01, R-GTP-02).",
                code="seance_avant_envoi",
            )
        ancien = gtp.point_a_examiner(t.objet)
        if ancien is not None and ancien.seance_id != seance.pk:
            gtp.reporter(ancien, acteur=acteur)
        if ancien is None or ancien.seance_id != seance.pk:
            gtp.inscrire_a_l_ordre_du_jour(seance, t.objet, acteur=acteur)
        t.objet.seance = seance
    return t.objet


def preparer_pour_l_ordre_du_jour(demande: DemandeAttribution) -> DemandeAttribution:
    """What must hold for a request to go on a séance's agenda (`cqpm.gtp.sujets`): received, not yet examined."""
    demande = DemandeAttribution.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != StatutDemande.ENVOYEE:
        raise RegleViolee(
            "R-GTP-02",
            f"{demande} n'est pas une demande reçue en attente d'examen : elle ne va pas à l'ordre du jour (R-GTP-02).",
            code="demande_non_recue",
        )
    return demande


def numero_certificat(le: datetime.date, departement: str) -> NumeroCertificat:
    """The next certificate number of `le`'s year (R-ID-04); call it inside the validating transaction."""
    return NumeroCertificat(le.year, le.month, departement, allouer(f"mc-{le.year}"))


def _nature_certificat(cible: CibleAttribution) -> NatureCertificat:
    if cible.nature == NatureCible.BLOC:
        return NatureCertificat.BLOC
    if cible.nature == NatureCible.CQPI:
        return NatureCertificat.CQPI
    if cible.qualification.est_inscrite_rncp(cible.demande.jury.date):
        return NatureCertificat.CQPM_RNCP
    return NatureCertificat.CQPM


def _delivrer(cible: CibleAttribution, seance: Seance) -> Certificat:
    """The certificate of a validated target, with what it prints (R-GTP-03, R-CERT-04)."""
    jury = cible.demande.jury
    departement = jury.centre_examen.departement
    if not departement:
        raise RegleViolee(
            "R-ID-04",
            f"Le centre d'examen « {jury.centre_examen} » n'a pas de département : pas de numéro de certificat "
            "(R-ID-04).",
            code="departement_manquant",
        )
    numero = numero_certificat(seance.date, departement)
    candidat = cible.candidat.inscription.candidat
    lieu = f"{candidat.commune_naissance} ({candidat.departement_naissance or candidat.pays_naissance})"
    if cible.bloc is not None:
        intitule, numero_qualification = cible.bloc.intitule, cible.bloc.numero_bdc
        AcquisAnterieur.objects.filter(candidat=candidat, capacite__bloc=cible.bloc, date_jury=jury.date).update(
            bloc_certifie=True
        )  # R-LET-04: a certified bloc never expires
    else:
        intitule, numero_qualification = cible.qualification.intitule, cible.qualification.numero or ""
    return Certificat.objects.create(
        cible=cible,
        nature=_nature_certificat(cible),
        numero=str(numero),
        annee=numero.annee,
        sequence=numero.sequence,
        titulaire_nom=candidat.nom.upper(),
        titulaire_prenoms=candidat.prenoms,
        date_naissance=candidat.date_naissance,
        lieu_naissance=lieu,
        intitule_qualification=intitule,
        numero_qualification=numero_qualification,
        date_jury=jury.date,
        fait_le=seance.date,
        jeton=codes.generer(),
    )


def decider(
    cible: CibleAttribution, *, valider: bool, motif: str = "", acteur: Acteur, au_nom_de: Any = None
) -> CibleAttribution:
    """The GTP validates or not one target of one candidate in the request's séance (R-GTP-02); a validation awards
    the certificate and its number (R-GTP-03, R-ID-04). Once every target is decided, the request is examined and
    its letters are written (R-LET-01 to 03). `au_nom_de` is the secretariat member who launched a séance's
    background validation (the task acts as the system, his permission checked at launch)."""
    motif = motif.strip()
    if not valider and not motif:
        raise RegleViolee("R-GTP-02", "Motivez la non-validation (R-GTP-02).", code="motif_manquant", champ="motif")
    with operation(acteur=acteur, permission=Action.VALIDER_ATTRIBUTIONS) as op:
        demande = (
            DemandeAttribution.objects.select_for_update(of=("self",)).select_related("seance").get(pk=cible.demande_id)
        )
        if demande.statut != StatutDemande.ENVOYEE or demande.seance is None:
            raise RegleViolee(
                "R-GTP-02",
                "Le GTP décide en séance d'une demande envoyée et inscrite à cette séance (R-GTP-02).",
                code="demande_hors_seance",
            )
        seance = demande.seance
        with transition(
            cible,
            acteur=acteur,
            permission=Action.VALIDER_ATTRIBUTIONS,
            evenement=EvenementAudit.ATTRIBUTION_DECISION,
            regle="R-GTP-02",
            champ="decision",
            depuis=[DecisionGtp.A_EXAMINER],
            vers=DecisionGtp.VALIDEE if valider else DecisionGtp.NON_VALIDEE,
            quoi="décider de cette attribution",
            requete=CibleAttribution.objects.select_related(
                "demande__jury__centre_examen", "candidat__inscription__candidat", "qualification", "bloc"
            ),
        ) as t:
            t.objet.decidee_le = t.maintenant
            t.objet.decidee_par = au_nom_de or t.utilisateur
            t.objet.motif = "" if valider else motif
            t.objet.echec = ""
            if valider:
                certificat = _delivrer(t.objet, seance)
                t.details["certificat"] = certificat.numero
        if not demande.cibles.filter(decision=DecisionGtp.A_EXAMINER).exists():
            _clore(demande, op.maintenant)
    return t.objet


def cloturer(demande: DemandeAttribution, *, acteur: Acteur, au_nom_de: Any = None) -> DemandeAttribution:
    """Close in its séance a request without targets (no candidate to award): its letters are recorded (R-LET-02,
    R-LET-03). A request with targets closes by itself at its last decision."""
    with transition(
        demande,
        acteur=acteur,
        permission=Action.VALIDER_ATTRIBUTIONS,
        evenement=EvenementAudit.ATTRIBUTION_DECISION,
        regle="R-GTP-02",
        depuis=[StatutDemande.ENVOYEE],
        quoi="clore la demande",
    ) as t:
        if t.objet.seance is None or t.objet.cibles.filter(decision=DecisionGtp.A_EXAMINER).exists():
            raise RegleViolee(
                "R-GTP-02",
                "Le GTP décide d'abord, en séance, de chaque attribution de la demande (R-GTP-02).",
                code="demande_non_decidee",
            )
        _clore(t.objet, t.maintenant)
        t.details["par"] = str(au_nom_de or "")
    return t.objet


def _clore(demande: DemandeAttribution, maintenant: datetime.datetime) -> None:
    """Every target decided: the request is examined and each candidate's letters are recorded (R-LET-01 to 04)."""
    assert demande.seance is not None
    point = gtp.point_a_examiner(demande, demande.seance)
    if point is not None:
        gtp.marquer_decide(point)
    demande.statut = StatutDemande.EXAMINEE
    demande.examinee_le = maintenant
    demande.save(update_fields=["statut", "examinee_le"])
    jury = demande.jury
    rncp = jury.qualification.est_inscrite_rncp(jury.date)
    candidats = CandidatJury.objects.filter(jury=jury).exclude(decision="")
    for candidat in candidats.select_related("inscription__candidat", "inscription__entreprise", "jury"):
        _courriers(demande, candidat, rncp=rncp)
        if candidat.inscription.statut == StatutInscription.EN_COURS:
            # The path has its final result: the registration it opened ends, so that a later one (the rest of
            # the capacities within the retention window, R-LET-04) is not refused as « déjà inscrit » (R-REG-01).
            clore_inscription(
                candidat.inscription,
                acteur=SYSTEME,
                motif=f"Résultat final : décision du GTP du {date_longue(demande.seance.date)}",
                regle="R-GTP-02",
                le=demande.seance.date,
                permission=Action.VALIDER_ATTRIBUTIONS,
            )


def _courriers(demande: DemandeAttribution, candidat: CandidatJury, *, rncp: bool) -> None:
    assert demande.seance is not None
    le = demande.seance.date
    inscription = candidat.inscription
    validees = list(candidat.cibles_attribution.filter(decision=DecisionGtp.VALIDEE).select_related("certificat"))
    if validees:
        destinataires = [DestinataireCourrier.CANDIDAT]
        if inscription.entreprise_id:
            destinataires.append(DestinataireCourrier.ENTREPRISE)
        if inscription.organisme_formation_id:
            destinataires.append(DestinataireCourrier.ORGANISME_FORMATION)
        for d in destinataires:
            Courrier.objects.create(
                demande=demande, candidat=candidat, nature=NatureCourrier.ATTRIBUTION, destinataire=d, date=le
            )
        adresse = inscription.candidat.courriel
        if adresse:
            numeros = ", ".join(c.certificat.numero for c in validees)
            programmer_courriel(
                destinataires=[adresse],
                sujet="Attribution de votre certification",
                corps=f"Le GTP « Qualifications » a validé le {date_longue(le)} l'attribution de votre "
                f"certification (certificat n° {numeros}). Votre centre d'examen vous le remettra (R-LET-01).\n",
                reference=f"attribution-{candidat.pk}",
            )
    if any(c.nature == NatureCible.CQPM for c in validees):
        return
    issue = issue_candidat(candidat)
    certifies = {c.bloc_id for c in validees if c.bloc_id}
    acquises_ids = acquises(candidat)
    capacites = [
        {"numero": c.numero, "intitule": c.intitule}
        for c in Capacite.objects.filter(pk__in=acquises_ids).exclude(bloc_id__in=certifies).order_by("numero")
    ]
    nature = NatureCourrier.ACQUISITION_PARTIELLE if acquises_ids else NatureCourrier.NON_ADMISSION
    if issue.courrier == NatureCourrier.NON_ADMISSION:
        nature = NatureCourrier.NON_ADMISSION
    Courrier.objects.create(
        demande=demande,
        candidat=candidat,
        nature=nature,
        destinataire=DestinataireCourrier.CANDIDAT,
        date=le,
        capacites=capacites if nature == NatureCourrier.ACQUISITION_PARTIELLE else [],
        conservation_jusqu_au=(
            fin_conservation(demande.jury.date, cqpm_rncp=rncp)
            if nature == NatureCourrier.ACQUISITION_PARTIELLE
            else None
        ),
    )


def lancer_validation_seance(seance: Seance, *, acteur: Acteur) -> int:
    """Validate, as one background task, every target still to examine in `seance` (R-GTP-02); returns how many."""
    from cqpm.attributions.tasks import valider_seance

    with operation(acteur=acteur, permission=Action.VALIDER_ATTRIBUTIONS) as op:
        a_examiner = CibleAttribution.objects.filter(
            demande__seance=seance, demande__statut=StatutDemande.ENVOYEE, decision=DecisionGtp.A_EXAMINER
        ).count()
        op.journaliser(
            EvenementAudit.ATTRIBUTION_VALIDATION_SEANCE, seance, apres={"cibles": a_examiner}, regle="R-GTP-02"
        )
        utilisateur = op.utilisateur
        op.apres_commit(lambda: valider_seance.enqueue(seance.pk, utilisateur.pk if utilisateur else None))
    return a_examiner


# Certificates (R-CERT-01 to 04).


def revoquer(certificat: Certificat, *, motif: str, acteur: Acteur) -> Certificat:
    """Revoke a certificate (secretariat of the GTP only): dated, motivated, audited; its verification says so."""
    motif = motif.strip()
    if not motif:
        raise RegleViolee("R-CERT-04", "Motivez la révocation.", code="motif_manquant", champ="motif")
    with transition(
        certificat,
        acteur=acteur,
        permission=Action.VALIDER_ATTRIBUTIONS,
        evenement=EvenementAudit.CERTIFICAT_REVOCATION,
        regle="R-CERT-04",
    ) as t:
        if t.objet.revoque_le is not None:
            raise RegleViolee("R-CERT-04", "Ce certificat est déjà révoqué.", code="deja_revoque")
        t.objet.revoque_le = t.maintenant
        t.objet.motif_revocation = motif
        t.objet.revoque_par = t.utilisateur
    return t.objet


def destinataire_du_certificat(certificat: Certificat) -> Destinataire:
    """To the company when the candidate has an employment contract, else to the candidate (R-CERT-01)."""
    inscription = certificat.cible.candidat.inscription
    salarie = inscription.type_beneficiaire != TypeBeneficiaire.DEMANDEUR_EMPLOI
    return Destinataire.ENTREPRISE if salarie and inscription.entreprise_id else Destinataire.CANDIDAT


def remettre(
    certificat: Certificat,
    *,
    mode: str,
    le: datetime.date | None = None,
    questionnaire_remis: bool = True,
    acteur: Acteur,
) -> Certificat:
    """Record the delivery: to whom (R-CERT-01), how and when, and the questionnaire handed with it (R-CERT-03)."""
    if mode not in ModeRemise.values:
        raise RegleViolee("R-CERT-01", f"Mode de remise inconnu : « {mode} ».", code="mode_inconnu", champ="mode")
    with transition(
        certificat,
        acteur=acteur,
        permission=Action.DELIVRER_CERTIFICATS,
        evenement=EvenementAudit.CERTIFICAT_REMISE,
        regle="R-CERT-01",
    ) as t:
        if t.objet.remis_le is not None:
            raise RegleViolee(
                "R-CERT-01",
                "Ce certificat est déjà remis ; perdu, il donne lieu à une copie certifiée conforme (R-CERT-02).",
                code="deja_remis",
            )
        if t.objet.revoque_le is not None:
            raise RegleViolee("R-CERT-01", "Un certificat révoqué ne se remet pas.", code="certificat_revoque")
        t.objet.destinataire = destinataire_du_certificat(t.objet)
        t.objet.mode_remise = mode
        t.objet.remis_le = le or aujourdhui()
        t.objet.questionnaire_remis = questionnaire_remis
    return t.objet


def copie_certifiee(
    certificat: Certificat, *, motif: str, le: datetime.date | None = None, acteur: Acteur
) -> CopieCertifiee:
    """A numbered certified true copy of a delivered certificate, on loss (R-CERT-02)."""
    motif = motif.strip()
    if not motif:
        raise RegleViolee("R-CERT-02", "Indiquez le motif (perte du certificat).", code="motif_manquant", champ="motif")
    with transition(
        certificat,
        acteur=acteur,
        permission=Action.DELIVRER_CERTIFICATS,
        evenement=EvenementAudit.CERTIFICAT_COPIE,
        regle="R-CERT-02",
    ) as t:
        if t.objet.revoque_le is not None:
            raise RegleViolee("R-CERT-02", "Un certificat révoqué n'a pas de copie.", code="certificat_revoque")
        rang = CopieCertifiee.objects.filter(certificat=t.objet).count() + 1
        copie = CopieCertifiee.objects.create(
            certificat=t.objet, rang=rang, motif=motif, delivree_le=le or aujourdhui(), delivree_par=t.utilisateur
        )
        t.details.update(copie=rang)
    return copie


def transmettre_reponses(certificat: Certificat, *, reponses: dict[str, Any], acteur: Acteur) -> Certificat:
    """Store the holder's answers to the questionnaire, forwarded to the GTP for analysis (R-CERT-03)."""
    with transition(
        certificat,
        acteur=acteur,
        permission=Action.DELIVRER_CERTIFICATS,
        evenement=EvenementAudit.CERTIFICAT_QUESTIONNAIRE,
        regle="R-CERT-03",
    ) as t:
        if not t.objet.questionnaire_remis:
            raise RegleViolee(
                "R-CERT-03",
                "Le questionnaire n'a pas été remis avec ce certificat (R-CERT-03).",
                code="questionnaire_non_remis",
            )
        t.objet.reponses_questionnaire = reponses
        t.objet.reponses_transmises_le = t.maintenant
    return t.objet


# Public verification (item 11 of the award issue: a short typeable code, every printed field, each check logged).


@dataclass(frozen=True)
class Verification:
    """What anybody holding the code learns: the certificate's validity and exactly what it prints (R-CERT-04),
    as it prints it now (after a correction, the current edition)."""

    statut: str  # ResultatVerification: "valide", "revoque" or "inconnu"
    code: str = ""
    nature: str = ""
    qualification: str = ""
    numero_qualification: str = ""
    numero: str = ""
    titulaire: str = ""
    date_naissance: datetime.date | None = None
    lieu_naissance: str = ""
    date_jury: datetime.date | None = None
    attribue_le: datetime.date | None = None
    edition: int = 0
    reedite_le: datetime.date | None = None
    revoque_le: datetime.date | None = None
    motif_revocation: str = ""


def verifier(saisie: str) -> Verification:
    """Look a certificate up by its verification code only (never by number: no enumeration), as typed or read
    from the QR code; every check is logged with its date and result, nothing on who checked."""
    code = codes.normaliser(saisie) if len(saisie) <= 64 else None
    certificat = Certificat.objects.filter(jeton=code).first() if code else None
    if certificat is None:
        ControleVerification.objects.create(resultat=ResultatVerification.INCONNU)
        return Verification(statut=ResultatVerification.INCONNU)
    statut = ResultatVerification.REVOQUE if certificat.revoque else ResultatVerification.VALIDE
    ControleVerification.objects.create(certificat=certificat, resultat=statut)
    return Verification(
        statut=statut,
        code=certificat.code_verification,
        nature=certificat.get_nature_display(),
        qualification=certificat.intitule_qualification,
        numero_qualification=certificat.numero_qualification,
        numero=certificat.numero,
        titulaire=f"{certificat.titulaire_nom} {certificat.titulaire_prenoms}",
        date_naissance=certificat.date_naissance,
        lieu_naissance=certificat.lieu_naissance,
        date_jury=certificat.date_jury,
        attribue_le=certificat.fait_le,
        edition=certificat.edition,
        reedite_le=certificat.reedite_le,
        revoque_le=certificat.revoque_le.date() if certificat.revoque_le else None,
        motif_revocation=certificat.motif_revocation,
    )


def enregistrer_tirage(certificat: Certificat, *, canal: str, acteur: Acteur) -> TirageCertificat:
    """A PDF of `certificat` was produced for `acteur`: listed with the edition it shows (item 9: every printed or
    downloaded copy stays listed). The caller has already checked the perimeter (it read the certificate)."""
    return TirageCertificat.objects.create(
        certificat=certificat, edition=certificat.edition, canal=canal, par=utilisateur_de(acteur)
    )


# Corrections after issue (item 9): a motivated request with its proof, approved by the GTP secretariat; the
# certificate is reissued under the same MC number, one edition more.

CHAMPS_CORRIGEABLES = ("titulaire_nom", "titulaire_prenoms", "date_naissance", "lieu_naissance")


def _civil(certificat: Certificat) -> dict[str, Any]:
    return {champ: getattr(certificat, champ) for champ in CHAMPS_CORRIGEABLES}


def corrections_visibles(acteur: Acteur) -> QuerySet[DemandeCorrection]:
    qs = DemandeCorrection.objects.select_related("certificat", "certificat__cible__demande__jury__centre_examen")
    return perimetre(acteur, Action.DELIVRER_CERTIFICATS).filtrer(qs, "certificat__cible__demande__jury__centre_examen")


def correction_visible(pk: int, acteur: Acteur) -> DemandeCorrection:
    correction = corrections_visibles(acteur).filter(pk=pk).first()
    if correction is None:
        raise Introuvable("Demande de correction introuvable.")
    return correction


def demander_correction(
    certificat: Certificat,
    *,
    titulaire_nom: str,
    titulaire_prenoms: str,
    date_naissance: datetime.date,
    lieu_naissance: str,
    motif: str,
    justificatif: File[bytes],
    acteur: Acteur,
) -> DemandeCorrection:
    """The exam centre (or the secretariat) asks to correct the holder's civil data printed on `certificat`: a
    motive and a proof (civil status document) are required, and something must change."""
    motif = motif.strip()
    if not motif:
        raise RegleViolee("R-CERT-04", "Motivez la demande de correction.", code="motif_manquant", champ="motif")
    nouveau = {
        "titulaire_nom": titulaire_nom.strip().upper(),
        "titulaire_prenoms": titulaire_prenoms.strip(),
        "date_naissance": date_naissance,
        "lieu_naissance": lieu_naissance.strip(),
    }
    if not all(nouveau.values()):
        raise RegleViolee(
            "R-CERT-04",
            "Le nom, les prénoms, la date et le lieu de naissance figurent sur le certificat : aucun ne peut être vide "
            "(R-CERT-04).",
            code="champ_vide",
        )
    controle = controler_piece(justificatif, regle="R-CERT-04")
    with transition(
        certificat,
        acteur=acteur,
        permission=Action.DELIVRER_CERTIFICATS,
        evenement=EvenementAudit.CERTIFICAT_CORRECTION_DEMANDE,
        regle="R-CERT-04",
    ) as t:
        if t.objet.revoque_le is not None:
            raise RegleViolee("R-CERT-04", "Un certificat révoqué ne se corrige pas.", code="certificat_revoque")
        if nouveau == _civil(t.objet):
            raise RegleViolee(
                "R-CERT-04", "La demande ne change rien à ce que le certificat imprime.", code="sans_changement"
            )
        if DemandeCorrection.objects.filter(certificat=t.objet, statut=StatutCorrection.DEMANDEE).exists():
            raise RegleViolee(
                "R-CERT-04",
                "Une demande de correction de ce certificat attend déjà la décision du secrétariat du GTP.",
                code="correction_en_cours",
            )
        correction = DemandeCorrection(
            certificat=t.objet, motif=motif, nom_justificatif=controle.nom, demandee_par=t.utilisateur, **nouveau
        )
        correction.justificatif.save(controle.nom, justificatif, save=False)
        correction.save()
        t.details.update(correction=correction.pk, demande={**nouveau, "date_naissance": date_naissance.isoformat()})
    return correction


def approuver_correction(correction: DemandeCorrection, *, acteur: Acteur) -> DemandeCorrection:
    """The GTP secretariat approves: the certificate prints the corrected data from now on, reissued under the same
    number as edition n + 1, dated; the data replaced stay on the request (and in the audit log)."""
    with transition(
        correction,
        acteur=acteur,
        permission=Action.VALIDER_ATTRIBUTIONS,
        evenement=EvenementAudit.CERTIFICAT_CORRECTION_APPROBATION,
        regle="R-CERT-04",
        champ="statut",
        depuis=[StatutCorrection.DEMANDEE],
        vers=StatutCorrection.APPROUVEE,
        quoi="approuver cette correction",
    ) as t:
        certificat = Certificat.objects.select_for_update().get(pk=t.objet.certificat_id)
        if certificat.revoque_le is not None:
            raise RegleViolee("R-CERT-04", "Un certificat révoqué ne se corrige pas.", code="certificat_revoque")
        t.objet.ancien = {**_civil(certificat), "edition": certificat.edition}
        t.objet.ancien["date_naissance"] = certificat.date_naissance.isoformat()
        for champ in CHAMPS_CORRIGEABLES:
            setattr(certificat, champ, getattr(t.objet, champ))
        certificat.edition += 1
        certificat.reedite_le = t.maintenant.date()
        certificat.save(update_fields=[*CHAMPS_CORRIGEABLES, "edition", "reedite_le"])
        t.objet.decidee_le = t.maintenant
        t.objet.decidee_par = t.utilisateur
        t.details.update(certificat=certificat.numero, edition=certificat.edition)
    return t.objet


def refuser_correction(correction: DemandeCorrection, *, motif: str, acteur: Acteur) -> DemandeCorrection:
    """The GTP secretariat refuses, saying why; the certificate is unchanged."""
    motif = motif.strip()
    if not motif:
        raise RegleViolee("R-CERT-04", "Motivez le refus.", code="motif_manquant", champ="motif")
    with transition(
        correction,
        acteur=acteur,
        permission=Action.VALIDER_ATTRIBUTIONS,
        evenement=EvenementAudit.CERTIFICAT_CORRECTION_REFUS,
        regle="R-CERT-04",
        champ="statut",
        depuis=[StatutCorrection.DEMANDEE],
        vers=StatutCorrection.REFUSEE,
        quoi="refuser cette correction",
    ) as t:
        t.objet.motif_refus = motif
        t.objet.decidee_le = t.maintenant
        t.objet.decidee_par = t.utilisateur
    return t.objet


# A séance's validation, reported per candidate (item 10).


@dataclass(frozen=True)
class LigneRapport:
    """One target of one candidate in a séance: decided (validated with its number, or refused with its motive),
    failed in the background validation (with the reason), or still to examine."""

    demande: int
    candidat: str
    nom: str
    cible: str
    decision: str
    certificat: str
    raison: str


def rapport_validation(seance: Seance, *, acteur: Acteur) -> list[LigneRapport]:
    """Per candidate and target, what the séance's validation gave (secretariat of the GTP)."""
    exiger(acteur, Action.VALIDER_ATTRIBUTIONS)
    cibles = (
        CibleAttribution.objects.filter(demande__seance=seance)
        .select_related("candidat__inscription__candidat", "qualification", "bloc", "certificat")
        .order_by("demande_id", "candidat__code", "nature", "bloc__numero")
    )
    lignes = []
    for c in cibles:
        certificat = getattr(c, "certificat", None)
        if c.decision == DecisionGtp.A_EXAMINER:
            decision, raison = ("Échec" if c.echec else "À examiner"), c.echec
        else:
            decision, raison = c.get_decision_display(), c.motif
        lignes.append(
            LigneRapport(
                demande=c.demande_id,
                candidat=c.candidat.code,
                nom=f"{c.candidat.inscription.candidat.nom.upper()} {c.candidat.inscription.candidat.prenoms}",
                cible=str(c),
                decision=decision,
                certificat=certificat.numero if certificat else "",
                raison=raison,
            )
        )
    return lignes


def noter_echec(cible: CibleAttribution, raison: str) -> None:
    """The background validation could not decide `cible` (its transaction rolled back): say why on the target,
    outside that transaction, so the report shows it and the other targets go on."""
    CibleAttribution.objects.filter(pk=cible.pk, decision=DecisionGtp.A_EXAMINER).update(echec=raison[:2000])


def certificats_de_seance(seance: Seance, *, acteur: Acteur) -> list[Certificat]:
    """Every certificate awarded in `seance`, in the order of the report (for the print-ready batch PDF)."""
    exiger(acteur, Action.VALIDER_ATTRIBUTIONS)
    return list(
        Certificat.objects.filter(cible__demande__seance=seance)
        .select_related("cible__demande__jury__qualification", "cible__candidat__inscription__version")
        .order_by("cible__demande_id", "cible__candidat__code", "sequence")
    )


__all__ = ["exiger"]
