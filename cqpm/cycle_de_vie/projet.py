"""Writing the projet de référentiel a creation or revision request carries (R-LC-CRE-02, R-REF-01 to R-REF-03).

The register's services write a draft but leave "who acts" to their callers: this is that caller for a request.
Only a requester of the request (or the secretariat) writes, while the request is a draft or submitted; the
category is the GTP's to fix (R-CAT-01, R-LC-CRE-04). The referential's own checks stay in the register's
services, which also write the audit log: they run here in one transaction, and their refusals are gathered
into one answer so that the requester sees every problem at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import transaction

from cqpm.comptes.permissions import Action, peut
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import StatutDemande
from cqpm.cycle_de_vie.models import Demande
from cqpm.referentiels.models import Activite, Bloc, VersionReferentiel
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, Erreur, erreur
from cqpm.referentiels.services import (
    CHAMPS_MODIFIABLES,
    blocs_saisis,
    definir_activites,
    definir_certification,
    modifier_version,
)

STATUTS_MODIFIABLES = (StatutDemande.BROUILLON, StatutDemande.SOUMISE)
"""The projet is written until the secretariat declares the dossier complete, like the dossier (R-LC-CRE-02)."""


def _longueur_max(modele: type[Any], champ: str) -> int | None:
    return getattr(modele._meta.get_field(champ), "max_length", None)


def verifier_modifiable(demande: Demande, acteur: Any) -> None:
    """Raise unless `acteur` may write this request's projet now: a requester of the request (within its scope)
    or the secretariat, while the request is a draft or submitted, and only a creation or revision has one."""
    services._exiger_demandeur(acteur, demande)
    services._refuser_si_pas(demande, *STATUTS_MODIFIABLES, action="modifier son projet de référentiel")
    if demande.projet_id is None:
        raise RegleViolee(
            "R-LC-CRE-02",
            f"La demande n° {demande.pk} ({demande.get_type_display().lower()}) ne porte pas de projet de "
            "référentiel : seules une création et une révision en portent un (R-LC-CRE-02).",
            code="sans_projet",
        )


def peut_modifier_projet(utilisateur: Any, demande: Demande) -> bool:
    """Whether the pages should offer the projet editor: the very checks `modifier_projet` makes."""
    try:
        verifier_modifiable(demande, utilisateur)
    except RegleViolee:
        return False
    return True


def manques_projet(demande: Demande) -> list[Erreur]:
    """What the projet still lacks or gets wrong (R-REF-01 to R-REF-03), as the dossier's checklist says it."""
    return [e for e in services.manques(demande) if e["champ"].startswith("projet.")]


def _erreurs_de(exc: RegleViolee, prefixe: str) -> list[Erreur]:
    """A service's refusal as detail lines; a path the service did not name is the part that was sent."""
    if exc.details:
        return [
            erreur(str(d.get("champ") or prefixe), str(d.get("message", "")), str(d.get("rule") or exc.rule))
            for d in exc.details
        ]
    return [erreur(exc.champ or prefixe, exc.message, exc.rule)]


def _verifier_champs(champs: Mapping[str, str], version: VersionReferentiel, acteur: Any) -> list[Erreur]:
    erreurs = []
    categorie = champs.get("categorie")
    if categorie is not None and categorie != version.categorie and not peut(acteur, Action.INSTRUIRE_DEMANDES):
        erreurs.append(
            erreur(
                "categorie",
                "La catégorie du CQPM est fixée par le GTP « Qualifications » lors de sa décision ; le demandeur ne "
                "peut pas la choisir (R-CAT-01, R-LC-CRE-04).",
                "R-CAT-01",
            )
        )
    if "intitule" in champs and not champs["intitule"].strip():
        erreurs.append(erreur("intitule", "Le titre du CQPM est absent (R-REF-01).", "R-REF-01"))
    for nom, valeur in champs.items():
        maximum = _longueur_max(VersionReferentiel, nom)
        if maximum and len(valeur) > maximum:
            erreurs.append(erreur(nom, f"Ce champ compte au plus {maximum} caractères.", "R-REF-01"))
    return erreurs


def _verifier_longueurs(activites: Sequence[ActiviteSaisie] | None, blocs: Sequence[BlocSaisi] | None) -> list[Erreur]:
    """Lengths the database columns bound: a too long code or title is refused here, not cut or crashed on."""
    erreurs = []
    code_max, intitule_max = _longueur_max(Activite, "code") or 0, _longueur_max(Bloc, "intitule") or 0
    for i, a in enumerate(activites or ()):
        if len(a.code) > code_max:
            erreurs.append(
                erreur(
                    f"activites[{i}].code", f"Le code d'une activité compte au plus {code_max} caractères.", "R-REF-01"
                )
            )
    for i, b in enumerate(blocs or ()):
        if len(b.intitule) > intitule_max:
            erreurs.append(
                erreur(
                    f"blocs[{i}].intitule",
                    f"L'intitulé du bloc {b.numero} compte au plus {intitule_max} caractères.",
                    "R-REF-03",
                )
            )
    return erreurs


def _garder_enregistrement_rncp(version: VersionReferentiel, blocs: Sequence[BlocSaisi]) -> list[BlocSaisi]:
    """A bloc's RNCP registration is France Compétences' data, not the requester's: kept by bloc number."""
    actuels = {b.numero: b for b in blocs_saisis(version)}
    resultat = []
    for b in blocs:
        actuel = actuels.get(b.numero)
        if actuel is not None:
            b = dataclasses.replace(
                b,
                code_rncp=actuel.code_rncp,
                numero_bdc=actuel.numero_bdc,
                date_enregistrement_rncp=actuel.date_enregistrement_rncp,
            )
        resultat.append(b)
    return resultat


def modifier_projet(
    demande: Demande,
    *,
    acteur: Any,
    champs: Mapping[str, str] | None = None,
    activites: Sequence[ActiviteSaisie] | None = None,
    blocs: Sequence[BlocSaisi] | None = None,
) -> VersionReferentiel:
    """Write the request's projet: `champs` (among `CHAMPS_MODIFIABLES`), and when given, the whole list of
    activities and the whole certification referential (blocs, capacities, allowed modalities), each replacing
    the previous one. `None` leaves that part as it is.

    Every refusal of the content is gathered into one `RegleViolee` (code `projet_invalide`, one detail per
    field) and nothing is written.
    """
    champs = dict(champs or {})
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise TypeError(f"Champs du référentiel inconnus : {', '.join(sorted(inconnus))}")
    with transaction.atomic():
        demande = services._verrouiller(demande)
        verifier_modifiable(demande, acteur)
        assert demande.projet_id is not None  # verifier_modifiable refused a request without projet
        version = VersionReferentiel.objects.get(pk=demande.projet_id)
        # A part already refused here is not sent to its service: a too long value would fail in the database.
        refus = {
            "champs": _verifier_champs(champs, version, acteur),
            "activites": _verifier_longueurs(activites, None),
            "blocs": _verifier_longueurs(None, blocs),
        }
        erreurs = [e for liste in refus.values() for e in liste]
        ecritures: list[tuple[str, Callable[[], object]]] = []
        if champs and not refus["champs"]:
            ecritures.append(("champs", lambda: modifier_version(version, acteur=acteur, **champs)))
        if activites is not None and not refus["activites"]:
            ecritures.append(("activites", lambda: definir_activites(version, list(activites), acteur=acteur)))
        if blocs is not None and not refus["blocs"]:
            complets = _garder_enregistrement_rncp(version, blocs)
            ecritures.append(("blocs", lambda: definir_certification(version, complets, acteur=acteur)))
        for prefixe, ecrire in ecritures:
            try:
                ecrire()
            except RegleViolee as exc:
                erreurs += _erreurs_de(exc, prefixe)
        if erreurs:
            _refuser(demande, erreurs)  # rolls the whole transaction back: nothing of the projet is written
        version.refresh_from_db()
    return version


def _refuser(demande: Demande, erreurs: list[Erreur]) -> None:
    regles = list(dict.fromkeys(e["rule"] for e in erreurs if e["rule"]))
    raise RegleViolee(
        regles[0] if regles else "R-REF-01",
        f"Le projet de référentiel de la demande n° {demande.pk} n'est pas enregistré ({len(erreurs)} erreur(s)) : "
        + " ; ".join(e["message"].rstrip(".") for e in erreurs)
        + f" ({', '.join(regles)}).",
        code="projet_invalide",
        details=[dict(e) for e in erreurs],
    )
