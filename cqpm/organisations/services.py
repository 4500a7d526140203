"""Creating and changing organisations: checked by the model's validators and constraints, then audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import RegleViolee
from cqpm.organisations.models import Organisation

REGLE = "ORG"

#: The fields a caller may set; the rest (id) is the database's business.
CHAMPS = (
    "type",
    "nom",
    "departement",
    "region",
    "adresse",
    "email",
    "siret",
    "code_nace",
    "secteur",
    "branche",
    "parent",
    "active",
)


def etat(org: Organisation) -> dict[str, Any]:
    """The organisation as the audit log stores it (the parent by id)."""
    return {champ: getattr(org, "parent_id" if champ == "parent" else champ) for champ in CHAMPS}


def _verifier_champs(champs: dict[str, Any]) -> None:
    inconnus = set(champs) - set(CHAMPS)
    if inconnus:
        raise TypeError(f"Champs d'organisation inconnus : {', '.join(sorted(inconnus))}")


def _normaliser(champs: dict[str, Any]) -> dict[str, Any]:
    """Spaces people type in identifiers are not part of them (« 732 829 320 00074 »)."""
    for champ in ("siret", "departement", "code_nace"):
        if isinstance(champs.get(champ), str):
            champs[champ] = champs[champ].replace(" ", "").upper()
    return champs


def _valider(org: Organisation) -> None:
    """full_clean, with the model's French messages turned into one RegleViolee naming the fields."""
    try:
        org.full_clean()
    except ValidationError as exc:
        details = [
            {"champ": "" if champ == NON_FIELD_ERRORS else champ, "message": message}
            for champ, messages in exc.message_dict.items()
            for message in messages
        ]
        champ = next((d["champ"] for d in details if d["champ"]), None)
        texte = " ".join(d["message"] for d in details)
        raise RegleViolee(REGLE, f"Organisation refusée ({REGLE}) : {texte}", champ=champ, details=details) from exc


def creer_organisation(*, acteur: Any, **champs: Any) -> Organisation:
    """Create an organisation of any type (UIMM, territoriale, company…); the system acts as SYSTEME."""
    _verifier_champs(champs)
    exiger(acteur, Action.GERER_ORGANISATIONS)
    org = Organisation(**_normaliser(champs))
    with transaction.atomic():
        _valider(org)
        org.save()
        journaliser(acteur=acteur, action=EvenementAudit.ORGANISATION_CREATION, objet=org, apres=etat(org), regle=REGLE)
    return org


def modifier_organisation(org: Organisation, *, acteur: Any, **champs: Any) -> Organisation:
    """Change some fields; the audit row keeps only the fields that changed, old → new. No change, no row."""
    _verifier_champs(champs)
    exiger(acteur, Action.GERER_ORGANISATIONS, org)
    with transaction.atomic():
        org = Organisation.objects.select_for_update().get(pk=org.pk)
        avant = etat(org)
        for champ, valeur in _normaliser(champs).items():
            setattr(org, champ, valeur)
        _valider(org)
        apres = etat(org)
        changes = [champ for champ in CHAMPS if avant[champ] != apres[champ]]
        if not changes:
            return org
        org.save()
        journaliser(
            acteur=acteur,
            action=EvenementAudit.ORGANISATION_MODIFICATION,
            objet=org,
            avant={c: avant[c] for c in changes},
            apres={c: apres[c] for c in changes},
            regle=REGLE,
        )
    return org
