"""Who may do what, and on which objects: the one place views, API, admin and services ask.

A user's rights come from his habilitations (role + organisation), read through a declarative matrix
role → action → portée. The portée says whether the role acts nationally (every object) or only on objects that
concern its own organisation. An object tells which organisations it concerns through `organisations_concernees()`
(the `Concerne` protocol): an Organisation concerns itself; later a candidate will concern his exam centre and
his company, so "a territoriale sees only its own candidates" is one new action in the matrix, not new code.

Roles that validate or sign (`ROLES_A_DOUBLE_FACTEUR`) count only once the user is OTP-verified: the user object
of a request carries `is_verified()` (django-otp's OTPMiddleware), and services receive that same object as
`acteur`, so the check holds in every layer. A user object that did not come through that middleware (a shell,
a task) is not verified. `SYSTEME` is the product acting alone (commands, scheduled jobs), which may do anything;
None is refused (`TypeError`), so a forgotten actor can never pass for the system.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from django.db import models
from django.db.models import Q

from cqpm.comptes.enums import ROLES_A_DOUBLE_FACTEUR, Role
from cqpm.comptes.models import Habilitation
from cqpm.core.acteurs import SYSTEME, verifier_acteur
from cqpm.core.errors import AccesRefuse
from cqpm.organisations.models import Organisation


class Action(models.TextChoices):
    CONSULTER_CATALOGUE = "consulter_catalogue", "Consulter le catalogue des qualifications"
    CONSULTER_BROUILLONS = "consulter_brouillons", "Consulter les projets de référentiel"
    GERER_REFERENTIELS = "gerer_referentiels", "Gérer les référentiels"
    IMPORTER_REFERENTIEL = "importer_referentiel", "Importer un référentiel"
    EXPORTER_REFERENTIEL = "exporter_referentiel", "Exporter un référentiel"
    CONSULTER_ORGANISATION = "consulter_organisation", "Consulter une organisation"
    GERER_ORGANISATIONS = "gerer_organisations", "Gérer les organisations"
    ADMINISTRER = "administrer", "Administrer le site"
    CONSULTER_JOURNAL_AUDIT = "consulter_journal_audit", "Consulter le journal d'audit"
    GERER_JETONS_API = "gerer_jetons_api", "Gérer les jetons d'API"
    CONSULTER_DEMANDES = "consulter_demandes", "Consulter les demandes sur les référentiels"
    DEPOSER_DEMANDE = "deposer_demande", "Déposer une demande sur un référentiel"
    INSTRUIRE_DEMANDES = "instruire_demandes", "Instruire les demandes sur les référentiels"
    GERER_SEANCES = "gerer_seances", "Gérer les séances du GTP"
    ENREGISTRER_DECISIONS = "enregistrer_decisions", "Enregistrer les décisions du GTP"
    INSCRIRE_CANDIDATS = "inscrire_candidats", "Inscrire des candidats"
    CONSULTER_INSCRIPTIONS = "consulter_inscriptions", "Consulter les candidats et leurs inscriptions"
    FUSIONNER_CANDIDATS = "fusionner_candidats", "Fusionner des candidats en double"
    GERER_EVALUATIONS = "gerer_evaluations", "Gérer les évaluations des candidats (centre d'examen)"
    SAISIR_AVIS_ENTREPRISE = "saisir_avis_entreprise", "Saisir l'avis de l'entreprise sur un candidat"
    INVITER_CANDIDATS = "inviter_candidats", "Inviter des candidats à ouvrir leur espace"
    CONSULTER_SON_ESPACE = "consulter_son_espace", "Consulter son espace de candidat"
    DEPOSER_VAE = "deposer_vae", "Déposer une demande de VAE (recevabilité)"
    CONSULTER_VAE = "consulter_vae", "Consulter les dossiers de VAE"
    INSTRUIRE_VAE = "instruire_vae", "Instruire les dossiers de VAE (recevabilité, preuves, commission de validation)"
    GERER_JURYS = "gerer_jurys", "Organiser les jurys paritaires de délibération (centre d'examen)"
    DESIGNER_MEMBRES_JURY = "designer_membres_jury", "Désigner les membres syndicaux d'un jury"
    DEMANDER_ATTRIBUTION = "demander_attribution", "Transmettre au GTP les demandes d'attribution (centre d'examen)"
    VALIDER_ATTRIBUTIONS = "valider_attributions", "Valider les attributions et révoquer les certificats (GTP)"
    DELIVRER_CERTIFICATS = "delivrer_certificats", "Remettre les certificats et leurs copies certifiées conformes"
    PURGER_ARCHIVES = "purger_archives", "Purger les documents dont la conservation a expiré (R-ARCH-01)"
    DONNEES_PERSONNELLES = "donnees_personnelles", "Exporter et rectifier les données personnelles d'un candidat"


class Portee(enum.Enum):
    """On which objects a role may perform an action."""

    TOUTES = "toutes les organisations"
    SIENNE = "sa propre organisation"


#: What everybody may do, logged in or not.
ACTIONS_PUBLIQUES = frozenset({Action.CONSULTER_CATALOGUE})

#: What only a candidate does, for himself: the secretariat, which may do everything else, does not hold these.
ACTIONS_DU_CANDIDAT = frozenset({Action.CONSULTER_SON_ESPACE})

_T, _S = Portee.TOUTES, Portee.SIENNE

#: The matrix. An action absent from a role's row is refused to that role (public actions aside).
MATRICE: Mapping[Role, Mapping[Action, Portee]] = {
    Role.SECRETARIAT_GTP: {action: _T for action in Action if action not in ACTIONS_DU_CANDIDAT},
    Role.MEMBRE_GTP: {
        Action.CONSULTER_BROUILLONS: _T,
        Action.EXPORTER_REFERENTIEL: _T,
        Action.CONSULTER_ORGANISATION: _T,
        Action.CONSULTER_DEMANDES: _T,
    },
    Role.TERRITORIALE: {
        Action.CONSULTER_BROUILLONS: _S,
        Action.EXPORTER_REFERENTIEL: _T,
        Action.CONSULTER_ORGANISATION: _S,
        Action.GERER_JETONS_API: _T,
        Action.CONSULTER_DEMANDES: _S,
        Action.DEPOSER_DEMANDE: _S,
        Action.INSCRIRE_CANDIDATS: _S,
        Action.CONSULTER_INSCRIPTIONS: _S,
        Action.FUSIONNER_CANDIDATS: _S,
        Action.INVITER_CANDIDATS: _S,
        Action.DEPOSER_VAE: _S,
        Action.CONSULTER_VAE: _S,
        Action.INSTRUIRE_VAE: _S,
        Action.GERER_EVALUATIONS: _S,
        Action.SAISIR_AVIS_ENTREPRISE: _S,
        Action.GERER_JURYS: _S,
        Action.DEMANDER_ATTRIBUTION: _S,
        Action.DELIVRER_CERTIFICATS: _S,
        Action.DONNEES_PERSONNELLES: _S,
    },
    Role.ENTREPRISE: {
        Action.CONSULTER_ORGANISATION: _S,
        Action.GERER_JETONS_API: _T,
        Action.INSCRIRE_CANDIDATS: _S,
        Action.CONSULTER_INSCRIPTIONS: _S,
        Action.SAISIR_AVIS_ENTREPRISE: _S,
    },
    Role.ORGANISME_FORMATION: {
        Action.CONSULTER_ORGANISATION: _S,
        Action.GERER_JETONS_API: _T,
        Action.INSCRIRE_CANDIDATS: _S,
        Action.CONSULTER_INSCRIPTIONS: _S,
    },
    Role.BRANCHE_SYNDICALE: {Action.CONSULTER_ORGANISATION: _S, Action.DESIGNER_MEMBRES_JURY: _S},
    Role.MEMBRE_JURY: {},
    # SIENNE without organisation: a candidate's scope is his own register entry (cqpm.portail.services.candidat_de).
    Role.CANDIDAT: {Action.CONSULTER_SON_ESPACE: _S, Action.DEPOSER_VAE: _S, Action.CONSULTER_VAE: _S},
}


@runtime_checkable
class Concerne(Protocol):
    """An object scoped by organisation: it names the organisations it belongs to or is handled by."""

    def organisations_concernees(self) -> Iterable[Organisation]: ...


@dataclass(frozen=True)
class Perimetre:
    """The organisations on which a user may perform one action: all of them, or a set of ids."""

    toutes: bool
    organisations: frozenset[int] = frozenset()

    def contient(self, objet: object) -> bool:
        if self.toutes:
            return True
        if not isinstance(objet, Concerne):
            return False
        return any(org.pk in self.organisations for org in objet.organisations_concernees())

    def filtrer(self, queryset: models.QuerySet[Any], *chemins: str) -> models.QuerySet[Any]:
        """Keep the rows whose organisation, reached by one of `chemins` ("pk", "centre_examen"…), is in scope."""
        if self.toutes:
            return queryset
        condition = Q(pk__in=[])
        for chemin in chemins:
            condition |= Q(**{f"{chemin}__in": self.organisations})
        return queryset.filter(condition)


def est_connecte(utilisateur: Any) -> bool:
    return utilisateur is not None and bool(getattr(utilisateur, "is_authenticated", False))


def est_verifie(utilisateur: Any) -> bool:
    """True once the user confirmed a TOTP code in this session (django-otp's OTPMiddleware sets is_verified)."""
    verifie = getattr(utilisateur, "is_verified", None)
    return bool(callable(verifie) and verifie())


def habilitations(utilisateur: Any) -> list[Habilitation]:
    """All the user's habilitations, verified or not; cached on the user object for the request."""
    if not est_connecte(utilisateur) or not utilisateur.is_active:
        return []
    cache: list[Habilitation] | None = getattr(utilisateur, "_cqpm_habilitations", None)
    if cache is None:
        cache = list(Habilitation.objects.filter(utilisateur_id=utilisateur.pk).select_related("organisation"))
        utilisateur._cqpm_habilitations = cache
    return cache


def oublier_habilitations(utilisateur: Any) -> None:
    """Drop the cache after the user's habilitations changed."""
    if utilisateur is not None and hasattr(utilisateur, "_cqpm_habilitations"):
        del utilisateur._cqpm_habilitations


def exige_double_facteur(utilisateur: Any) -> bool:
    """The user holds a role that validates or signs: he must confirm a TOTP code after his password."""
    return any(h.role in ROLES_A_DOUBLE_FACTEUR for h in habilitations(utilisateur))


def double_facteur_en_attente(utilisateur: Any) -> bool:
    return exige_double_facteur(utilisateur) and not est_verifie(utilisateur)


def habilitations_effectives(utilisateur: Any) -> list[Habilitation]:
    """The habilitations that count now: a double-factor role counts only once the user is OTP-verified."""
    verifie = est_verifie(utilisateur)
    return [h for h in habilitations(utilisateur) if verifie or h.role not in ROLES_A_DOUBLE_FACTEUR]


def roles(utilisateur: Any) -> set[Role]:
    return {Role(h.role) for h in habilitations_effectives(utilisateur)}


def perimetre(utilisateur: Any, action: Action) -> Perimetre:
    """Where `utilisateur` may perform `action`; empty when he may not perform it at all."""
    verifier_acteur(utilisateur)
    if utilisateur is SYSTEME or action in ACTIONS_PUBLIQUES:
        return Perimetre(toutes=True)
    ids: set[int] = set()
    for habilitation in habilitations_effectives(utilisateur):
        portee = MATRICE[Role(habilitation.role)].get(action)
        if portee is Portee.TOUTES:
            return Perimetre(toutes=True)
        if portee is Portee.SIENNE and habilitation.organisation_id is not None:
            ids.add(habilitation.organisation_id)
    return Perimetre(toutes=False, organisations=frozenset(ids))


def _peut_sans_objet(utilisateur: Any, action: Action) -> bool:
    verifier_acteur(utilisateur)
    if utilisateur is SYSTEME or action in ACTIONS_PUBLIQUES:
        return True
    return any(action in MATRICE[Role(h.role)] for h in habilitations_effectives(utilisateur))


def peut(utilisateur: Any, action: Action, objet: object | None = None) -> bool:
    """May `utilisateur` (`SYSTEME`: the product itself) perform `action`, on `objet` when given?

    On an object, a role of portée SIENNE needs the object to concern its organisation (`Concerne`); an object
    that does not say which organisations it concerns is refused to such roles.
    """
    if objet is None:
        return _peut_sans_objet(utilisateur, action)
    return perimetre(utilisateur, action).contient(objet)


def _libelles_roles(ensemble: Iterable[Habilitation]) -> str:
    noms = sorted({Role(h.role).label for h in ensemble})
    return ", ".join(f"« {nom} »" for nom in noms)


def _designation(objet: object) -> str:
    """What the refused object is, never which one: its name may be outside the caller's perimeter (a candidate's
    name and birth date, another centre's file)."""
    meta = getattr(objet, "_meta", None)
    return f"cet objet (« {meta.verbose_name} »)" if meta is not None else "cet objet"


def motif_du_refus(utilisateur: Any, action: Action, objet: object | None = None) -> str:
    """The French sentence that explains why `peut` said no."""
    libelle = f"« {Action(action).label} »"
    if not est_connecte(utilisateur):
        return f"Accès refusé : un visiteur non connecté ne peut pas effectuer l'action {libelle} ; connectez-vous."
    toutes = habilitations(utilisateur)
    en_attente = [h for h in toutes if h.role in ROLES_A_DOUBLE_FACTEUR and not est_verifie(utilisateur)]
    if en_attente and any(action in MATRICE[Role(h.role)] for h in en_attente):
        return (
            f"Accès refusé : le rôle {_libelles_roles(en_attente)} n'est reconnu qu'après la saisie du code à usage "
            f"unique (double authentification) ; confirmez votre connexion pour effectuer l'action {libelle}."
        )
    effectives = habilitations_effectives(utilisateur)
    if not effectives:
        return f"Accès refusé : votre compte n'a aucune habilitation permettant l'action {libelle}."
    pluriel = len({h.role for h in effectives}) > 1
    roles_texte = f"{'les rôles' if pluriel else 'le rôle'} {_libelles_roles(effectives)}"
    if objet is not None and _peut_sans_objet(utilisateur, action):
        return (
            f"Accès refusé : {roles_texte} ne {'permettent' if pluriel else 'permet'} l'action {libelle} que pour "
            f"{Portee.SIENNE.value} ; {_designation(objet)} est hors de ce périmètre."
        )
    return f"Accès refusé : {roles_texte} ne {'permettent' if pluriel else 'permet'} pas l'action {libelle}."


def exiger(utilisateur: Any, action: Action, objet: object | None = None) -> None:
    """Raise `AccesRefuse` (French message naming the role and the action) unless `peut` allows it."""
    if not peut(utilisateur, action, objet):
        raise AccesRefuse(motif_du_refus(utilisateur, action, objet))


def organisations_visibles(utilisateur: Any) -> models.QuerySet[Organisation]:
    """National roles see every organisation, scoped roles their own one, everybody else none."""
    return perimetre(utilisateur, Action.CONSULTER_ORGANISATION).filtrer(Organisation.objects.all(), "pk")
