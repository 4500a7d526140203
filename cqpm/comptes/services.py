"""Habilitations (who holds which role for which organisation) and the second factor (TOTP) of staff.

`is_staff` is never set by hand: it follows the secretariat role, so that the admin site's own check and ours
agree, and it alone never opens the admin (the site also asks `peut(…, ADMINISTRER)`, which needs OTP).
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.comptes.enums import Role
from cqpm.comptes.models import Habilitation, Utilisateur
from cqpm.comptes.permissions import Action, exiger, oublier_habilitations
from cqpm.core.errors import RegleViolee
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation

REGLE = "HAB"
NOM_APPAREIL = "Application d'authentification"

#: The kind of organisation a role is held for; None = a national or personal role, without organisation.
TYPE_ORGANISATION_DU_ROLE: dict[Role, TypeOrganisation | None] = {
    Role.SECRETARIAT_GTP: TypeOrganisation.GTP,
    Role.MEMBRE_GTP: TypeOrganisation.GTP,
    Role.TERRITORIALE: TypeOrganisation.TERRITORIALE,
    Role.ENTREPRISE: TypeOrganisation.ENTREPRISE,
    Role.ORGANISME_FORMATION: TypeOrganisation.ORGANISME_FORMATION,
    Role.BRANCHE_SYNDICALE: TypeOrganisation.BRANCHE_SYNDICALE,
    Role.MEMBRE_JURY: None,
    Role.CANDIDAT: None,
}
ROLES_A_ORGANISATION_FACULTATIVE = frozenset({Role.SECRETARIAT_GTP, Role.MEMBRE_GTP})


def _etat_roles(utilisateur: Utilisateur) -> dict[str, Any]:
    return {
        "habilitations": sorted(str(h) for h in utilisateur.habilitations.select_related("organisation")),
        "is_staff": utilisateur.is_staff,
    }


def _synchroniser_staff(utilisateur: Utilisateur) -> None:
    staff = utilisateur.habilitations.filter(role=Role.SECRETARIAT_GTP).exists()
    if utilisateur.is_staff != staff:
        utilisateur.is_staff = staff
        utilisateur.save(update_fields=["is_staff"])
    oublier_habilitations(utilisateur)


def verifier_organisation(role: Role, organisation: Organisation | None) -> None:
    attendu = TYPE_ORGANISATION_DU_ROLE[role]
    if organisation is None:
        if attendu is not None and role not in ROLES_A_ORGANISATION_FACULTATIVE:
            raise RegleViolee(
                REGLE,
                f"Le rôle « {role.label} » s'exerce pour une organisation ({attendu.label}) : indiquez-la ({REGLE}).",
                champ="organisation",
            )
        return
    if attendu is None or organisation.type != attendu:
        cible = f"une organisation de type « {attendu.label} »" if attendu else "aucune organisation"
        raise RegleViolee(
            REGLE,
            f"Le rôle « {role.label} » s'exerce pour {cible}, pas pour « {organisation} » ({REGLE}).",
            champ="organisation",
        )


def creer_utilisateur(*, acteur: Any, username: str, password: str | None = None, **champs: Any) -> Utilisateur:
    """Create an account (no role yet: see attribuer_role); without password it cannot log in until one is set."""
    exiger(acteur, Action.ADMINISTRER)
    with transaction.atomic():
        if Utilisateur.objects.filter(username__iexact=username).exists():
            raise RegleViolee(REGLE, f"L'identifiant « {username} » est déjà utilisé ({REGLE}).", champ="username")
        utilisateur = Utilisateur(username=username, **champs)
        if password:
            utilisateur.set_password(password)
        else:
            utilisateur.set_unusable_password()
        utilisateur.save()
        journaliser(
            acteur=acteur,
            action=EvenementAudit.UTILISATEUR_CREATION,
            objet=utilisateur,
            apres={"username": username, **{k: str(v) for k, v in champs.items()}},
            regle=REGLE,
        )
    return utilisateur


def attribuer_role(
    utilisateur: Utilisateur, role: Role, organisation: Organisation | None = None, *, acteur: Any
) -> Habilitation:
    """Grant `role` (for `organisation`); granting a role already held changes nothing and writes nothing."""
    role = Role(role)
    exiger(acteur, Action.ADMINISTRER)
    verifier_organisation(role, organisation)
    with transaction.atomic():
        existante = Habilitation.objects.filter(utilisateur=utilisateur, role=role, organisation=organisation).first()
        if existante:
            return existante
        avant = _etat_roles(utilisateur)
        habilitation = Habilitation.objects.create(utilisateur=utilisateur, role=role, organisation=organisation)
        _synchroniser_staff(utilisateur)
        journaliser(
            acteur=acteur,
            action=EvenementAudit.HABILITATION_ATTRIBUTION,
            objet=utilisateur,
            avant=avant,
            apres=_etat_roles(utilisateur),
            regle=REGLE,
        )
    return habilitation


def retirer_role(
    utilisateur: Utilisateur, role: Role, organisation: Organisation | None = None, *, acteur: Any
) -> None:
    role = Role(role)
    exiger(acteur, Action.ADMINISTRER)
    with transaction.atomic():
        habilitation = Habilitation.objects.filter(
            utilisateur=utilisateur, role=role, organisation=organisation
        ).first()
        if habilitation is None:
            pour = f" pour « {organisation} »" if organisation else ""
            raise RegleViolee(REGLE, f"{utilisateur} ne détient pas le rôle « {role.label} »{pour} ({REGLE}).")
        avant = _etat_roles(utilisateur)
        habilitation.delete()
        _synchroniser_staff(utilisateur)
        journaliser(
            acteur=acteur,
            action=EvenementAudit.HABILITATION_RETRAIT,
            objet=utilisateur,
            avant=avant,
            apres=_etat_roles(utilisateur),
            regle=REGLE,
        )


# The second factor.


def appareil_confirme(utilisateur: Utilisateur) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=utilisateur, confirmed=True).order_by("pk").first()


def appareil_a_confirmer(utilisateur: Utilisateur) -> TOTPDevice:
    """The unconfirmed device shown on the enrolment page; the same one until confirmed, so the QR code holds."""
    appareil = TOTPDevice.objects.filter(user=utilisateur, confirmed=False).order_by("pk").first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(user=utilisateur, name=NOM_APPAREIL, confirmed=False)
    return appareil


def secret_base32(appareil: TOTPDevice) -> str:
    """The key as authenticator apps expect it when typed by hand."""
    return b32encode(appareil.bin_key).decode()


def _code_normalise(code: str) -> str:
    return "".join(code.split())


def verifier_code(utilisateur: Utilisateur, code: str) -> TOTPDevice | None:
    """The confirmed device that accepts `code` (each code once; repeated failures are throttled), or None."""
    appareil = appareil_confirme(utilisateur)
    if appareil is None:
        return None
    accepte: TOTPDevice | None = verify_token(utilisateur, appareil.persistent_id, _code_normalise(code))
    return accepte


def attente_avant_essai(appareil: TOTPDevice) -> int:
    """Seconds before the device accepts another try after failures (0 when it accepts now)."""
    permis, details = appareil.verify_is_allowed()
    if permis or not details:
        return 0
    fin = details.get("locked_until")
    return max(1, int((fin - timezone.now()).total_seconds()) + 1) if fin else 1


def confirmer_appareil(utilisateur: Utilisateur, appareil: TOTPDevice, code: str, *, acteur: Any) -> bool:
    """Enrolment: the first right code proves the app holds the secret; the device then counts (audited)."""
    if appareil.user_id != utilisateur.pk or appareil.confirmed:
        raise RegleViolee(REGLE, "Cet appareil d'authentification n'est pas en attente de confirmation.")
    with transaction.atomic():
        appareil = TOTPDevice.objects.select_for_update().get(pk=appareil.pk)
        if not appareil.verify_token(_code_normalise(code)):
            return False
        appareil.confirmed = True
        appareil.save(update_fields=["confirmed"])
        journaliser(
            acteur=acteur,
            action=EvenementAudit.DOUBLE_FACTEUR_ACTIVATION,
            objet=utilisateur,
            avant={"double_facteur": False},
            apres={"double_facteur": True, "appareil": appareil.name},
            regle=REGLE,
        )
    return True
