"""Personal API tokens: how a machine client (a territoriale's own software…) acts as its user.

A token reads `cqpm_<préfixe>_<secret>`. The prefix finds the row; only a SHA-256 of the whole token is stored,
so the secret is shown once, at creation, and a stolen database does not give working tokens. A token carries
its user's habilitations but never his second factor: like any user object that did not come through the OTP
middleware, it is not verified (cqpm.comptes.permissions), so the roles that validate or sign do not count
through it and a leaked token cannot act for the secretariat.
"""

from __future__ import annotations

import hmac
import secrets
import string
from typing import Any

from django.db import transaction
from django.utils import timezone

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.comptes.models import JetonAPI, Utilisateur
from cqpm.comptes.permissions import Action, est_connecte, exiger
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee

REGLE = "JETON"
PREFIXE_JETON = "cqpm"
LONGUEUR_PREFIXE = 12
LONGUEUR_NOM = JetonAPI._meta.get_field("nom").max_length or 100
_EMPREINTE_FACTICE = JetonAPI.empreinte_de("cqpm_factice_factice")


def _exiger_gestion(utilisateur: Utilisateur, acteur: Any) -> None:
    """A user manages his own tokens; another user's tokens are the administrators' business."""
    if acteur is SYSTEME:
        return
    if est_connecte(acteur) and acteur.pk == utilisateur.pk:
        exiger(acteur, Action.GERER_JETONS_API)
    else:
        exiger(acteur, Action.ADMINISTRER)


def _etat(jeton: JetonAPI) -> dict[str, Any]:
    return {
        "utilisateur": jeton.utilisateur.get_username(),
        "nom": jeton.nom,
        "prefixe": jeton.prefixe,
        "revoque_le": jeton.revoque_le.isoformat() if jeton.revoque_le else None,
    }


def creer_jeton(utilisateur: Utilisateur, nom: str, *, acteur: Any) -> tuple[JetonAPI, str]:
    """Create a token for `utilisateur`; return it with its secret, which is never shown again."""
    _exiger_gestion(utilisateur, acteur)
    nom = (nom or "").strip()
    if not nom:
        raise RegleViolee(REGLE, f"Donnez un nom au jeton, pour le reconnaître plus tard ({REGLE}).", champ="nom")
    if len(nom) > LONGUEUR_NOM:
        raise RegleViolee(
            REGLE, f"Le nom du jeton dépasse {LONGUEUR_NOM} caractères ({len(nom)}) ({REGLE}).", champ="nom"
        )
    with transaction.atomic():
        prefixe = secrets.token_hex(LONGUEUR_PREFIXE // 2)
        while JetonAPI.objects.filter(prefixe=prefixe).exists():
            prefixe = secrets.token_hex(LONGUEUR_PREFIXE // 2)
        secret = f"{PREFIXE_JETON}_{prefixe}_{secrets.token_urlsafe(32)}"
        jeton = JetonAPI.objects.create(
            utilisateur=utilisateur, nom=nom, prefixe=prefixe, empreinte=JetonAPI.empreinte_de(secret)
        )
        journaliser(
            acteur=acteur, action=EvenementAudit.JETON_API_CREATION, objet=jeton, apres=_etat(jeton), regle=REGLE
        )
    return jeton, secret


def revoquer_jeton(jeton: JetonAPI, *, acteur: Any) -> JetonAPI:
    """Revoke for good; revoking a revoked token changes nothing and writes nothing."""
    _exiger_gestion(jeton.utilisateur, acteur)
    with transaction.atomic():
        jeton = JetonAPI.objects.select_for_update().select_related("utilisateur").get(pk=jeton.pk)
        if jeton.revoque_le is not None:
            return jeton
        avant = _etat(jeton)
        jeton.revoque_le = timezone.now()
        jeton.save(update_fields=["revoque_le"])
        journaliser(
            acteur=acteur,
            action=EvenementAudit.JETON_API_REVOCATION,
            objet=jeton,
            avant=avant,
            apres=_etat(jeton),
            regle=REGLE,
        )
    return jeton


def _prefixe(secret: str) -> str | None:
    morceaux = secret.split("_", 2)
    if len(morceaux) != 3 or morceaux[0] != PREFIXE_JETON or not morceaux[2]:
        return None
    prefixe = morceaux[1]
    return prefixe if len(prefixe) == LONGUEUR_PREFIXE and all(c in string.hexdigits for c in prefixe) else None


def authentifier(secret: str) -> Utilisateur | None:
    """The active user a valid, unrevoked token belongs to, or None; records when the token was last used.

    The digests are compared in constant time, and a digest is compared even when no token has that prefix,
    so that timing tells nothing about which prefixes exist.
    """
    prefixe = _prefixe(secret)
    jeton = (
        JetonAPI.objects.select_related("utilisateur").filter(prefixe=prefixe).first() if prefixe is not None else None
    )
    empreinte = JetonAPI.empreinte_de(secret)
    attendue = jeton.empreinte if jeton is not None else _EMPREINTE_FACTICE
    if not hmac.compare_digest(empreinte, attendue) or jeton is None:
        return None
    if jeton.revoque_le is not None or not jeton.utilisateur.is_active:
        return None
    JetonAPI.objects.filter(pk=jeton.pk).update(utilise_le=timezone.now())
    return jeton.utilisateur
