"""The one write path of every app: an operation, and its usual case, the transition of a row between two states.

An **operation** checks who acts (a permission of `cqpm.comptes.permissions`, or the service's own check), runs
in one transaction — `durable` when it is the outer action, a savepoint when an action calls another (a VAE
filing registers the candidate) — writes the audit log through its `journaliser`, and sends e-mails and tasks
only once the transaction is committed (`apres_commit`): an action refused or rolled back leaves nothing behind.

A **transition** is an operation on one row: the row is locked (`select_for_update`), its state checked against
the states the transition leaves (`depuis`), the service's guard runs inside the `with` block, then the new state
(`vers`) and every field the block changed are saved, and one audit entry records old → new with the rule.

    with transition(dossier, acteur=acteur, permission=Action.INSTRUIRE_VAE, evenement=EvenementAudit.VAE_RECEVABLE,
                    regle="R-VAE-02", champ="phase", depuis=[Phase.INSTRUCTION], vers=Phase.RECEVABLE) as t:
        rules.verifier_date(le, apres=t.objet.instruction_le, ...)     # the guard: raising rolls everything back
        t.objet.avis_le = le
        t.apres_commit(lambda: notifier(...))
    return t.objet
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models, transaction
from django.utils import timezone

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.audit.services import instantane, journaliser, valeur_json
from cqpm.core.acteurs import SYSTEME, Acteur, utilisateur_de, verifier_acteur
from cqpm.core.errors import RegleViolee

if TYPE_CHECKING:
    from cqpm.comptes.models import Utilisateur

M = TypeVar("M", bound=models.Model)


class Publique:
    """Marks an operation anybody may perform (a visitor asking for a candidate account): said, not forgotten."""

    def __repr__(self) -> str:
        return "PUBLIQUE"


PUBLIQUE = Publique()

_profondeur: ContextVar[int] = ContextVar("cqpm_profondeur_operation", default=0)


def aujourdhui() -> datetime.date:
    """Today in Paris: the date every rule of the Dispositif counts in."""
    return timezone.localdate()


@dataclass
class Operation:
    """What an action's body writes with: the log bound to the actor, and the side effects kept for the commit."""

    acteur: Acteur
    maintenant: datetime.datetime = field(default_factory=timezone.now)

    @property
    def utilisateur(self) -> Utilisateur | None:
        """The user to record on `…_par` columns (None for the system or a visitor)."""
        return utilisateur_de(self.acteur)

    def journaliser(
        self,
        evenement: EvenementAudit,
        objet: models.Model,
        *,
        avant: dict[str, Any] | None = None,
        apres: dict[str, Any] | None = None,
        regle: str = "",
    ) -> EntreeAudit:
        return journaliser(acteur=self.acteur, action=evenement, objet=objet, avant=avant, apres=apres, regle=regle)

    def apres_commit(self, effet: Callable[[], object]) -> None:
        """Run `effet` once the outer transaction commits (never if it rolls back)."""
        transaction.on_commit(effet)


def _verifier_permission(acteur: Acteur, permission: Any, objet: object | None) -> None:
    from cqpm.comptes.permissions import Action, exiger

    if permission is PUBLIQUE:
        return
    if isinstance(permission, Action):
        exiger(acteur, permission, objet)
    elif callable(permission):
        permission()
    else:
        raise TypeError(f"Permission inconnue : {permission!r} (une Action, une fonction de contrôle ou PUBLIQUE).")


@contextmanager
def operation(*, acteur: Acteur, permission: Any, objet: object | None = None) -> Iterator[Operation]:
    """Check `permission` (an `Action`, on `objet` when given; a callable that raises `AccesRefuse`; or
    `PUBLIQUE`), then run the body in the action's transaction."""
    verifier_acteur(acteur)
    _verifier_permission(acteur, permission, objet)
    profondeur = _profondeur.get()
    jeton = _profondeur.set(profondeur + 1)
    try:
        with transaction.atomic(durable=profondeur == 0):
            yield Operation(acteur=acteur)
    finally:
        _profondeur.reset(jeton)


@dataclass
class Transition(Generic[M]):
    """The locked row the body guards and changes, its operation, and `details` added to the log's « après »."""

    objet: M
    operation: Operation
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def acteur(self) -> Acteur:
        return self.operation.acteur

    @property
    def utilisateur(self) -> Utilisateur | None:
        return self.operation.utilisateur

    @property
    def maintenant(self) -> datetime.datetime:
        return self.operation.maintenant

    def apres_commit(self, effet: Callable[[], object]) -> None:
        self.operation.apres_commit(effet)


def _valeurs(objet: models.Model) -> dict[str, Any]:
    return {f.attname: getattr(objet, f.attname) for f in objet._meta.concrete_fields}


def de(verbe: str) -> str:
    """« de » before an infinitive, elided before a vowel: « d'envoyer », « de retirer »."""
    return f"d'{verbe}" if verbe[:1].lower() in "aeiouyéèêàâîô" else f"de {verbe}"


def refus_etat(objet: models.Model, champ: str, depuis: Collection[str], regle: str, quoi: str) -> RegleViolee:
    """The default refusal of a transition from the wrong state, naming the state and the expected ones."""
    libelle = getattr(objet, f"get_{champ}_display")()
    choix = dict(getattr(objet._meta.get_field(champ), "choices", None) or [])
    attendus = " ou ".join(f"« {choix.get(e, e)} »" for e in depuis)
    return RegleViolee(
        regle,
        f"Impossible {de(quoi)} : « {objet} » est à l'état « {libelle} » ; cette étape part de l'état {attendus} "
        f"({regle}).",
        code="transition_refusee",
    )


@contextmanager
def transition(
    objet: M,
    *,
    acteur: Acteur,
    permission: Any,
    evenement: EvenementAudit,
    regle: str,
    champ: str = "statut",
    depuis: Collection[str] = (),
    vers: str | None = None,
    quoi: str = "effectuer cette étape",
    refus: Callable[[M], RegleViolee] | None = None,
    requete: models.QuerySet[M] | None = None,
    instantane_metier: Callable[[M], dict[str, Any]] | None = None,
) -> Iterator[Transition[M]]:
    """Lock `objet`, check it is in one of `depuis` (any state when empty), let the body guard and change it, then
    move it to `vers`, save what changed and log old → new under `evenement` and `regle`.

    `refus` builds the refusal of a wrong state (default: `refus_etat` with `quoi`); `requete` is the queryset the
    row is locked from (for its `select_related`); `instantane_metier` is the app's own view of the row for the log
    (default: the fields that changed, old and new values).
    """
    with operation(acteur=acteur, permission=permission, objet=objet) as op:
        base = requete if requete is not None else type(objet)._default_manager.all()
        verrouille = base.select_for_update(of=("self",)).get(pk=objet.pk)
        if depuis and getattr(verrouille, champ) not in depuis:
            raise refus(verrouille) if refus else refus_etat(verrouille, champ, depuis, regle, quoi)
        avant_valeurs = _valeurs(verrouille)
        avant_metier = instantane_metier(verrouille) if instantane_metier else None
        t = Transition(objet=verrouille, operation=op)
        yield t
        if vers is not None:
            setattr(verrouille, champ, vers)
        apres_valeurs = _valeurs(verrouille)
        changes = [nom for nom, valeur in apres_valeurs.items() if avant_valeurs[nom] != valeur]
        if changes:
            noms = {f.attname: f.name for f in verrouille._meta.concrete_fields}
            verrouille.save(update_fields=[noms[c] for c in changes])
        if instantane_metier is not None:
            avant, apres = avant_metier, instantane_metier(verrouille)
        else:
            lisible = instantane(verrouille)
            avant = {c: valeur_json(avant_valeurs[c]) for c in changes} or None
            apres = {c: lisible[c] for c in changes}
        op.journaliser(evenement, verrouille, avant=avant, apres={**(apres or {}), **t.details}, regle=regle)


__all__ = [
    "PUBLIQUE",
    "SYSTEME",
    "Operation",
    "Transition",
    "aujourdhui",
    "operation",
    "refus_etat",
    "transition",
]
