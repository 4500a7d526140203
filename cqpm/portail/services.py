"""The candidate space's actions: invitations, sign-up requests, account creation, and what a candidate sees.

`candidat_de` is how other apps know which candidate a user speaks for.

A link sent by e-mail carries a random secret, signed (`TimestampSigner`, so a forged or truncated link is
refused before any database read, and an old one by its signature date too) and stored only as a SHA-256 digest:
a copy of the database opens no account. The e-mail itself waits in the outbox (`CourrielEnvoye`) until it is
delivered; the link is then masked there (`cqpm.core.masquage`). A link serves once and until it expires.

A sign-up request never tells whether the address or the person is known: the page says the same thing in every
case, and what differs (a link, or a reminder that an account exists) goes to the address only.
"""

from __future__ import annotations

import datetime
import enum
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.candidats import rules as regles_candidats
from cqpm.candidats import services as services_candidats
from cqpm.candidats.models import Candidat, Inscription, cle_doublon
from cqpm.comptes.enums import Role
from cqpm.comptes.models import Habilitation, Utilisateur
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.acteurs import SYSTEME
from cqpm.core.courriels import programmer_courriel
from cqpm.core.errors import RegleViolee
from cqpm.portail.models import CompteCandidat, DemandeCompte, Invitation
from cqpm.referentiels.recherche import normaliser

logger = logging.getLogger(__name__)

REGLE = "PORTAIL"
DUREE_INVITATION = datetime.timedelta(days=14)
DUREE_CONFIRMATION = datetime.timedelta(days=2)
DEMANDES_PAR_ADRESSE = 3
"""Sign-up requests accepted for one address per `FENETRE_DEMANDES`; beyond, nothing is sent (and nothing said)."""
FENETRE_DEMANDES = datetime.timedelta(hours=1)

SEL_INVITATION = "cqpm.portail.invitation"
SEL_CONFIRMATION = "cqpm.portail.confirmation"
REFERENCE_COURRIEL = "portail"
"""Prefix of the `reference` of the e-mails that carry a link (masked once delivered: cqpm.portail.masquage)."""


def candidat_de(utilisateur: Any) -> Candidat | None:
    """The register entry this account belongs to; None for staff, anonymous users and API tokens of staff.

    When staff merged the candidate's entry into another one (a duplicate), the account speaks for the one kept.
    """
    if not getattr(utilisateur, "is_authenticated", False):
        return None
    compte = (
        CompteCandidat.objects.select_related("candidat__fusionne_dans").filter(utilisateur_id=utilisateur.pk).first()
    )
    if compte is None:
        return None
    return compte.candidat.fusionne_dans or compte.candidat


def inscriptions_du_candidat(candidat: Candidat) -> QuerySet[Inscription]:
    """The candidate's own inscriptions, most recent first, ready for display."""
    return (
        Inscription.objects.filter(candidat=candidat)
        .select_related("qualification", "version", "centre_examen", "entreprise", "organisme_formation")
        .prefetch_related("blocs")
        .order_by("-date_inscription", "-pk")
    )


# Links.


class EtatLien(enum.Enum):
    VALIDE = "valide"
    INCONNU = "inconnu"
    EXPIRE = "expiré"
    UTILISE = "utilisé"


MESSAGES_LIEN = {
    EtatLien.INCONNU: "Ce lien n'est pas valide : vérifiez qu'il a été copié en entier depuis le courriel.",
    EtatLien.EXPIRE: "Ce lien a expiré. Demandez un nouveau lien.",
    EtatLien.UTILISE: "Ce lien a déjà servi : le compte est créé. Connectez-vous avec votre identifiant.",
}


def _signeur(sel: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=sel, sep=".")


def _nouveau_jeton(sel: str) -> tuple[str, str]:
    """A fresh link token and the digest to store: the token is signed, the digest is of its secret only."""
    secret = secrets.token_urlsafe(32)
    return _signeur(sel).sign(secret), Invitation.empreinte_de(secret)


def _empreinte_du_jeton(jeton: str, sel: str, duree: datetime.timedelta) -> tuple[EtatLien, str | None]:
    try:
        secret = _signeur(sel).unsign(jeton, max_age=duree)
    except signing.SignatureExpired:
        return EtatLien.EXPIRE, None
    except signing.BadSignature:
        return EtatLien.INCONNU, None
    return EtatLien.VALIDE, Invitation.empreinte_de(secret)


def _etat(lien: Invitation | DemandeCompte) -> EtatLien:
    if lien.utilisee_le is not None:
        return EtatLien.UTILISE
    if lien.expire_le <= timezone.now():
        return EtatLien.EXPIRE
    return EtatLien.VALIDE


def lire_invitation(jeton: str, *, verrou: bool = False) -> tuple[EtatLien, Invitation | None]:
    """What the link `jeton` of an invitation is worth now, and its invitation when the database knows it."""
    etat, empreinte = _empreinte_du_jeton(jeton, SEL_INVITATION, DUREE_INVITATION)
    if empreinte is None:
        return etat, None
    qs = Invitation.objects.select_for_update() if verrou else Invitation.objects.all()
    invitation = qs.select_related("candidat").filter(jeton_hache=empreinte).first()
    return (_etat(invitation), invitation) if invitation is not None else (EtatLien.INCONNU, None)


def lire_demande(jeton: str, *, verrou: bool = False) -> tuple[EtatLien, DemandeCompte | None]:
    """What the confirmation link `jeton` of a sign-up request is worth now, and its request."""
    etat, empreinte = _empreinte_du_jeton(jeton, SEL_CONFIRMATION, DUREE_CONFIRMATION)
    if empreinte is None:
        return etat, None
    qs = DemandeCompte.objects.select_for_update() if verrou else DemandeCompte.objects.all()
    demande = qs.filter(jeton_hache=empreinte, lien_envoye=True).first()
    return (_etat(demande), demande) if demande is not None else (EtatLien.INCONNU, None)


def _exiger_lien_valide(etat: EtatLien) -> None:
    if etat is not EtatLien.VALIDE:
        raise RegleViolee(REGLE, f"{MESSAGES_LIEN[etat]} ({REGLE})", code=f"lien_{etat.name.lower()}")


def _lien(racine: str, vue: str, jeton: str) -> str:
    return racine.rstrip("/") + reverse(vue, args=[jeton])


def date_locale(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H:%M}"


# Accounts.


@dataclass(frozen=True)
class Identifiants:
    identifiant: str
    mot_de_passe: str


def verifier_identifiants(identifiants: Identifiants, *, courriel: str, nom: str, prenoms: str) -> None:
    """A free, well-formed login name and a password Django's validators accept (length, common, similar…)."""
    identifiant = identifiants.identifiant.strip()
    modele = Utilisateur(username=identifiant, email=courriel, last_name=nom, first_name=prenoms)
    try:
        Utilisateur.username_validator(identifiant)
    except ValidationError as exc:
        raise RegleViolee(
            REGLE,
            f"L'identifiant ne peut contenir que des lettres, des chiffres et les caractères @ . + - _ ({REGLE}).",
            code="identifiant_invalide",
            champ="identifiant",
        ) from exc
    if not identifiant or len(identifiant) > 150:
        raise RegleViolee(
            REGLE,
            f"Choisissez un identifiant de 1 à 150 caractères ({REGLE}).",
            code="identifiant_invalide",
            champ="identifiant",
        )
    if Utilisateur.objects.filter(username__iexact=identifiant).exists():
        raise RegleViolee(
            REGLE,
            f"L'identifiant « {identifiant} » est déjà pris : choisissez-en un autre ({REGLE}).",
            code="identifiant_pris",
            champ="identifiant",
        )
    try:
        validate_password(identifiants.mot_de_passe, user=modele)
    except ValidationError as exc:
        raise RegleViolee(
            REGLE,
            f"Mot de passe refusé : {' '.join(exc.messages)} ({REGLE})",
            code="mot_de_passe_refuse",
            champ="mot_de_passe",
            details=[{"champ": "mot_de_passe", "message": m} for m in exc.messages],
        ) from exc


def _creer_compte(candidat: Candidat, identifiants: Identifiants, *, courriel: str) -> Utilisateur:
    """The account, its CANDIDAT habilitation and its link to the register entry, in the caller's transaction."""
    if CompteCandidat.objects.filter(candidat=candidat).exists():
        raise RegleViolee(
            REGLE,
            f"Ce candidat a déjà un compte : connectez-vous avec votre identifiant ({REGLE}).",
            code="compte_existant",
        )
    verifier_identifiants(identifiants, courriel=courriel, nom=candidat.nom, prenoms=candidat.prenoms)
    utilisateur = Utilisateur(
        username=identifiants.identifiant.strip(),
        email=courriel,
        last_name=candidat.nom[:150],
        first_name=candidat.prenoms[:150],
    )
    utilisateur.set_password(identifiants.mot_de_passe)
    try:
        with transaction.atomic():
            utilisateur.save()
            Habilitation.objects.create(utilisateur=utilisateur, role=Role.CANDIDAT)
            compte = CompteCandidat.objects.create(utilisateur=utilisateur, candidat=candidat)
    except IntegrityError as exc:  # the same login name or the same candidate, claimed at the same instant
        raise RegleViolee(
            REGLE, f"Ce compte vient d'être créé par une autre demande : réessayez ({REGLE}).", code="conflit"
        ) from exc
    journaliser(
        acteur=utilisateur,
        action=EvenementAudit.PORTAIL_COMPTE_CREE,
        objet=compte,
        apres={"utilisateur": utilisateur.get_username(), "candidat": candidat.pk},
        regle=REGLE,
    )
    return utilisateur


# Invitations.


def _exiger_invitable(candidat: Candidat) -> None:
    if candidat.fusionne_dans_id is not None:
        raise RegleViolee(
            REGLE,
            f"« {candidat} » a été fusionné dans le candidat n° {candidat.fusionne_dans_id} : invitez ce dernier "
            f"({REGLE}).",
            code="candidat_fusionne",
        )
    if CompteCandidat.objects.filter(candidat=candidat).exists():
        raise RegleViolee(REGLE, f"« {candidat} » a déjà un compte ({REGLE}).", code="compte_existant")
    if not candidat.courriel.strip():
        raise RegleViolee(
            REGLE,
            f"« {candidat} » n'a pas d'adresse électronique : renseignez-la avant de l'inviter ({REGLE}).",
            code="courriel_absent",
            champ="courriel",
        )


def inviter(candidat: Candidat, *, acteur: Any, racine: str) -> Invitation:
    """Invite `candidat` to open his space: the exam centre of one of his inscriptions, or the secretariat.

    `racine` is the site's address ("https://cqpm.example"), for the absolute link of the e-mail. A new
    invitation ends the previous ones still pending: only the latest link works.
    """
    exiger(acteur, Action.INVITER_CANDIDATS, candidat)
    with transaction.atomic():
        candidat = Candidat.objects.select_for_update().get(pk=candidat.pk)
        _exiger_invitable(candidat)
        maintenant = timezone.now()
        Invitation.objects.filter(candidat=candidat, utilisee_le__isnull=True, expire_le__gt=maintenant).update(
            expire_le=maintenant
        )
        jeton, empreinte = _nouveau_jeton(SEL_INVITATION)
        envoyee_par = acteur if getattr(acteur, "is_authenticated", False) else None
        invitation = Invitation.objects.create(
            candidat=candidat,
            courriel=candidat.courriel.strip(),
            jeton_hache=empreinte,
            expire_le=maintenant + DUREE_INVITATION,
            envoyee_par=envoyee_par,
        )
        journaliser(
            acteur=acteur,
            action=EvenementAudit.PORTAIL_INVITATION,
            objet=invitation,
            apres={
                "candidat": candidat.pk,
                "courriel": invitation.courriel,
                "expire_le": invitation.expire_le.isoformat(),
            },
            regle=REGLE,
        )
        programmer_courriel(
            destinataires=[invitation.courriel],
            sujet="Votre espace candidat CQPM",
            corps=(
                f"Bonjour {candidat.prenoms} {candidat.nom},\n\n"
                "Votre centre d'examen vous invite à ouvrir votre espace candidat sur le site du Dispositif CQPM : "
                "vous y suivrez vos inscriptions, vos échéances, vos documents et vos résultats.\n\n"
                "Pour créer votre compte, ouvrez ce lien (valable jusqu'au "
                f"{date_locale(invitation.expire_le)}, une seule fois) :\n"
                f"{_lien(racine, 'portail:invitation', jeton)}\n\n"
                "Si vous n'attendiez pas ce message, ignorez-le : aucun compte ne sera créé.\n"
            ),
            reference=f"{REFERENCE_COURRIEL}.invitation:{invitation.pk}",
        )
    return invitation


def accepter_invitation(jeton: str, identifiants: Identifiants) -> Utilisateur:
    """Create the invited candidate's account; the link then no longer works."""
    with transaction.atomic():
        etat, invitation = lire_invitation(jeton, verrou=True)
        _exiger_lien_valide(etat)
        assert invitation is not None
        utilisateur = _creer_compte(invitation.candidat, identifiants, courriel=invitation.courriel)
        invitation.utilisee_le = timezone.now()
        invitation.save(update_fields=["utilisee_le"])
        journaliser(
            acteur=utilisateur,
            action=EvenementAudit.PORTAIL_INVITATION_ACCEPTEE,
            objet=invitation,
            apres={"utilisee_le": invitation.utilisee_le.isoformat()},
            regle=REGLE,
        )
    return utilisateur


# Sign-up.


@dataclass(frozen=True)
class EtatCivil:
    nom: str
    prenoms: str
    date_naissance: datetime.date
    commune_naissance: str
    departement_naissance: str
    pays_naissance: str = "France"


def _a_deja_un_compte(courriel: str) -> bool:
    return CompteCandidat.objects.filter(
        Q(utilisateur__email__iexact=courriel) | Q(candidat__courriel__iexact=courriel)
    ).exists()


def demander_compte(courriel: str, etat_civil: EtatCivil, *, racine: str) -> None:
    """A person without an account asks for one: a confirmation link goes to `courriel`.

    Whatever happens — a link, a reminder that the address already has an account, or nothing at all because
    the address was asked for too often — the caller says the same thing; only a wrong input is refused.
    """
    courriel = courriel.strip().lower()
    try:
        validate_email(courriel)
    except ValidationError as exc:
        raise RegleViolee(
            REGLE,
            f"Adresse électronique invalide : « {courriel} » ({REGLE}).",
            code="courriel_invalide",
            champ="courriel",
        ) from exc
    valeurs = {k: (v.strip() if isinstance(v, str) else v) for k, v in etat_civil.__dict__.items()}
    regles_candidats.verifier_etat_civil(valeurs, aujourdhui=timezone.localdate())
    with transaction.atomic():
        recentes = DemandeCompte.objects.filter(courriel=courriel, cree_le__gte=timezone.now() - FENETRE_DEMANDES)
        if recentes.count() >= DEMANDES_PAR_ADRESSE:
            logger.warning("Demandes de compte trop fréquentes pour une adresse : rien n'est envoyé.")
            return
        existant = _a_deja_un_compte(courriel)
        jeton, empreinte = _nouveau_jeton(SEL_CONFIRMATION)
        demande = DemandeCompte.objects.create(
            courriel=courriel,
            jeton_hache=empreinte,
            expire_le=timezone.now() + DUREE_CONFIRMATION,
            lien_envoye=not existant,
            **valeurs,
        )
        journaliser(
            acteur=SYSTEME,
            action=EvenementAudit.PORTAIL_DEMANDE_COMPTE,
            objet=demande,
            apres={"lien_envoye": demande.lien_envoye},
            regle=REGLE,
        )
        if existant:
            corps = (
                "Bonjour,\n\nUne demande de compte a été faite pour cette adresse sur le site du Dispositif CQPM, "
                "mais un espace candidat y est déjà rattaché : connectez-vous avec votre identifiant "
                f"({racine.rstrip('/')}{reverse('comptes:connexion')}).\n\n"
                "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n"
            )
        else:
            corps = (
                f"Bonjour {demande.prenoms} {demande.nom},\n\n"
                "Pour confirmer votre adresse et créer votre espace candidat sur le site du Dispositif CQPM, ouvrez "
                f"ce lien (valable jusqu'au {date_locale(demande.expire_le)}, une seule fois) :\n"
                f"{_lien(racine, 'portail:confirmation', jeton)}\n\n"
                "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : aucun compte ne sera créé.\n"
            )
        programmer_courriel(
            destinataires=[courriel],
            sujet="Création de votre espace candidat CQPM",
            corps=corps,
            reference=f"{REFERENCE_COURRIEL}.demande:{demande.pk}",
        )


def _candidat_identique(demande: DemandeCompte) -> Candidat | None:
    """The oldest entry, not merged away and without an account, with the same surname, first names, birth date
    and address (case and accents ignored); the other duplicates are staff's to merge."""
    prenoms = normaliser(demande.prenoms)
    candidats = Candidat.objects.filter(
        cle_doublon=cle_doublon(demande.nom),
        date_naissance=demande.date_naissance,
        courriel__iexact=demande.courriel,
        fusionne_dans__isnull=True,
        compte__isnull=True,
    ).order_by("pk")
    return next((c for c in candidats if normaliser(c.prenoms) == prenoms), None)


def confirmer_compte(jeton: str, identifiants: Identifiants) -> Utilisateur:
    """Create the account of a confirmed sign-up request, linked to the identical entry or to a new one."""
    with transaction.atomic():
        etat, demande = lire_demande(jeton, verrou=True)
        _exiger_lien_valide(etat)
        assert demande is not None
        verifier_identifiants(identifiants, courriel=demande.courriel, nom=demande.nom, prenoms=demande.prenoms)
        candidat = _candidat_identique(demande)
        if candidat is None:
            candidat = services_candidats.creer_candidat(
                acteur=SYSTEME,
                nom=demande.nom,
                prenoms=demande.prenoms,
                date_naissance=demande.date_naissance,
                commune_naissance=demande.commune_naissance,
                departement_naissance=demande.departement_naissance,
                pays_naissance=demande.pays_naissance,
                courriel=demande.courriel,
            )
        utilisateur = _creer_compte(candidat, identifiants, courriel=demande.courriel)
        demande.utilisee_le = timezone.now()
        demande.candidat = candidat
        demande.save(update_fields=["utilisee_le", "candidat"])
        journaliser(
            acteur=utilisateur,
            action=EvenementAudit.PORTAIL_DEMANDE_CONFIRMEE,
            objet=demande,
            apres={"candidat": candidat.pk, "utilisee_le": demande.utilisee_le.isoformat()},
            regle=REGLE,
        )
    return utilisateur
