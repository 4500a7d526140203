"""A candidate's personal data (RGPD art. 15, 16, 20): everything the product holds on him across the apps, as one
machine-readable JSON document, and the rectification of his civil status by the staff. Both are perimeter-checked
(a candidate outside the caller's perimeter is « introuvable ») and audited: an export is a personal-data access.

The archive app sits above every domain app, so it reads their rows directly; each block of the export is one
source, listed in `SOURCES` (the same idea as `cqpm.candidats.chronologie`, whose events the export includes).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from cqpm.archives.models import Pseudonymisation
from cqpm.attributions.models import Certificat, CibleAttribution, CopieCertifiee, Courrier
from cqpm.audit.enums import EvenementAudit
from cqpm.candidats.chronologie import chronologie
from cqpm.candidats.models import Candidat, Inscription
from cqpm.candidats.services import candidat_visible, inscriptions_visibles
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.acteurs import Acteur
from cqpm.core.errors import RegleViolee
from cqpm.core.transitions import operation
from cqpm.evaluations.models import AcquisAnterieur, DossierEvaluation, ModaliteChoisie, ResultatCapacite
from cqpm.jurys.models import CandidatJury
from cqpm.portail.models import CompteCandidat
from cqpm.vae.models import ConclusionCapacite, DossierVAE, Experience, PieceVAE

FORMAT = "cqpm.donnees-personnelles/1"

CHAMPS_RECTIFIABLES = (
    "nom",
    "prenoms",
    "date_naissance",
    "commune_naissance",
    "departement_naissance",
    "pays_naissance",
    "courriel",
)


def ligne(objet: models.Model) -> dict[str, Any]:
    """One row as JSON-ready values: every stored column (foreign keys as ids, files by their stored name)."""
    valeurs: dict[str, Any] = {}
    for champ in objet._meta.concrete_fields:
        valeur = champ.value_from_object(objet)
        if isinstance(champ, models.FileField):
            valeur = valeur.name if valeur else ""
        elif isinstance(valeur, datetime.datetime | datetime.date):
            valeur = valeur.isoformat()
        valeurs[champ.attname] = valeur
    return valeurs


def _lignes(qs: QuerySet[Any]) -> list[dict[str, Any]]:
    return [ligne(o) for o in qs.order_by("pk")]


Source = Callable[[list[int], QuerySet[Inscription]], Iterable[tuple[str, list[dict[str, Any]]]]]


def _evaluations(candidats: list[int], inscriptions: QuerySet[Inscription]) -> Iterable[tuple[str, list[Any]]]:
    dossiers = DossierEvaluation.objects.filter(inscription__in=inscriptions)
    yield "dossiers_evaluation", _lignes(dossiers)
    yield "modalites_evaluation", _lignes(ModaliteChoisie.objects.filter(dossier__in=dossiers))
    yield "resultats_capacites", _lignes(ResultatCapacite.objects.filter(dossier__in=dossiers))
    yield "acquis_anterieurs", _lignes(AcquisAnterieur.objects.filter(candidat__in=candidats))


def _vae(candidats: list[int], inscriptions: QuerySet[Inscription]) -> Iterable[tuple[str, list[Any]]]:
    dossiers = DossierVAE.objects.filter(inscription__in=inscriptions)
    yield "dossiers_vae", _lignes(dossiers)
    yield "experiences_vae", _lignes(Experience.objects.filter(dossier__in=dossiers))
    yield "pieces_vae", _lignes(PieceVAE.objects.filter(dossier__in=dossiers))
    yield "conclusions_vae", _lignes(ConclusionCapacite.objects.filter(dossier__in=dossiers))


def _jurys(candidats: list[int], inscriptions: QuerySet[Inscription]) -> Iterable[tuple[str, list[Any]]]:
    passages = CandidatJury.objects.filter(inscription__in=inscriptions).select_related("jury")
    yield (
        "passages_jury",
        [ligne(p) | {"jury_date": p.jury.date.isoformat(), "jury_lieu": p.jury.lieu} for p in passages.order_by("pk")],
    )


def _attributions(candidats: list[int], inscriptions: QuerySet[Inscription]) -> Iterable[tuple[str, list[Any]]]:
    cibles = CibleAttribution.objects.filter(candidat__inscription__in=inscriptions)
    certificats = Certificat.objects.filter(cible__in=cibles)
    yield "attributions", _lignes(cibles)
    yield "certificats", _lignes(certificats)
    yield "copies_certifiees", _lignes(CopieCertifiee.objects.filter(certificat__in=certificats))
    yield "courriers", _lignes(Courrier.objects.filter(candidat__inscription__in=inscriptions))


def _portail(candidats: list[int], inscriptions: QuerySet[Inscription]) -> Iterable[tuple[str, list[Any]]]:
    comptes = CompteCandidat.objects.filter(candidat__in=candidats).select_related("utilisateur")
    yield (
        "espace_candidat",
        [
            {
                "cree_le": c.cree_le.isoformat(),
                "identifiant": c.utilisateur.get_username(),
                "actif": c.utilisateur.is_active,
            }
            for c in comptes.order_by("pk")
        ],
    )


SOURCES: dict[str, Source] = {
    "evaluations": _evaluations,
    "vae": _vae,
    "jurys": _jurys,
    "attributions": _attributions,
    "portail": _portail,
}


def donnees_candidat(candidat_id: int, *, acteur: Acteur) -> dict[str, Any]:
    """Everything held on the candidate that the caller may see, as JSON-ready data; the access is audited."""
    exiger(acteur, Action.DONNEES_PERSONNELLES)
    candidat = candidat_visible(acteur, candidat_id)
    ids = [candidat.pk, *Candidat.objects.filter(fusionne_dans=candidat).values_list("pk", flat=True)]
    inscriptions = inscriptions_visibles(acteur).filter(candidat__in=ids)
    donnees: dict[str, Any] = {
        "format": FORMAT,
        "genere_le": timezone.now().isoformat(),
        "candidat": ligne(candidat),
        "doublons_fusionnes": _lignes(Candidat.objects.filter(fusionne_dans=candidat)),
        "pseudonymisation": _lignes(Pseudonymisation.objects.filter(candidat=candidat)),
        "inscriptions": _lignes(inscriptions),
    }
    for source in SOURCES.values():
        for cle, lignes in source(ids, inscriptions):
            donnees[cle] = lignes
    _, evenements = chronologie(candidat.pk, acteur=acteur)
    donnees["chronologie"] = [
        {
            "horodatage": e.horodatage.isoformat(),
            "evenement": e.evenement,
            "libelle": e.libelle,
            "objet": e.objet,
            "acteur": e.acteur,
            "regle": e.regle,
            "changements": [{"champ": c.champ, "avant": c.avant, "apres": c.apres} for c in e.changements],
        }
        for e in evenements
    ]
    with operation(acteur=acteur, permission=Action.DONNEES_PERSONNELLES, objet=candidat) as op:
        op.journaliser(
            EvenementAudit.DONNEES_PERSONNELLES_ACCES,
            candidat,
            apres={"export": FORMAT, "inscriptions": len(donnees["inscriptions"])},
            regle="RGPD art. 15",
        )
    return donnees


def rectifier_candidat(candidat_id: int, *, acteur: Acteur, **champs: Any) -> Candidat:
    """Rectify the candidate's civil status or e-mail (RGPD art. 16) on his request: perimeter-checked, audited
    old → new. A pseudonymised candidate has no identity left to rectify."""
    exiger(acteur, Action.DONNEES_PERSONNELLES)
    candidat = candidat_visible(acteur, candidat_id)
    inconnus = set(champs) - set(CHAMPS_RECTIFIABLES)
    if inconnus:
        raise RegleViolee("RGPD art. 16", f"Champ non rectifiable : {', '.join(sorted(inconnus))}.", code="champ")
    if Pseudonymisation.objects.filter(candidat=candidat).exists():
        raise RegleViolee(
            "R-ARCH-01",
            "Ce candidat a été pseudonymisé à l'expiration de la conservation de ses documents : aucune donnée "
            "d'identité ne reste à rectifier (R-ARCH-01).",
            code="pseudonymise",
        )
    with operation(acteur=acteur, permission=Action.DONNEES_PERSONNELLES, objet=candidat) as op:
        fiche = Candidat.objects.select_for_update().get(pk=candidat.pk)
        avant = {c: _texte(getattr(fiche, c)) for c in champs}
        for champ, valeur in champs.items():
            setattr(fiche, champ, valeur.strip() if isinstance(valeur, str) else valeur)
        apres = {c: _texte(getattr(fiche, c)) for c in champs}
        modifies = [c for c in champs if avant[c] != apres[c]]
        if not modifies:
            raise RegleViolee("RGPD art. 16", "Aucune donnée n'a changé : rien à rectifier.", code="inchange")
        try:
            fiche.full_clean(exclude=["cree_par", "fusionne_dans"])
        except ValidationError as exc:
            raise RegleViolee("R-REG-04", _message(exc), code="etat_civil_invalide") from None
        fiche.save(update_fields=modifies)
        op.journaliser(
            EvenementAudit.CANDIDAT_RECTIFICATION,
            fiche,
            avant={c: avant[c] for c in modifies},
            apres={c: apres[c] for c in modifies},
            regle="RGPD art. 16",
        )
    return fiche


def _texte(valeur: Any) -> Any:
    return valeur.isoformat() if isinstance(valeur, datetime.date) else valeur


def _message(exc: ValidationError) -> str:
    return " ".join(str(m) for liste in exc.message_dict.values() for m in liste)
