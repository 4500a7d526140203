"""Actions on the referential register: drafting and deciding versions, dated list membership.

Every write takes the acting user as `acteur=`, runs in one transaction and writes the audit log; the rules
themselves are in `rules.py` (pure) and the immutability of decided versions is guarded in `models.py`.
Role checks (who may decide, who may edit) belong to the callers (views, API), which know the request.
Demo and synthetic data (fiche 28245, generated CQPMs) live in `cqpm.demo`, which production never imports.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.core.errors import RegleViolee
from cqpm.referentiels import rules
from cqpm.referentiels.enums import Liste, StatutVersion
from cqpm.referentiels.models import (
    Activite,
    Bloc,
    Capacite,
    CentreRessources,
    InscriptionListe,
    ModaliteAutorisee,
    Qualification,
    VersionReferentiel,
    ecriture_historique,
)
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, CapaciteSaisie, ReferentielSaisi

# Reading a version as the plain data the rules check.


def blocs_saisis(version: VersionReferentiel) -> tuple[BlocSaisi, ...]:
    modalites: dict[int, list[str]] = {}
    for capacite_id, modalite in ModaliteAutorisee.objects.filter(capacite__version=version).values_list(
        "capacite_id", "modalite"
    ):
        modalites.setdefault(capacite_id, []).append(modalite)
    capacites: dict[int, list[CapaciteSaisie]] = {}
    for c in Capacite.objects.filter(version=version).order_by("numero"):
        capacites.setdefault(c.bloc_id, []).append(
            CapaciteSaisie(
                numero=c.numero,
                intitule=c.intitule,
                conditions_realisation=c.conditions_realisation,
                criteres_evaluation=c.criteres_evaluation,
                modalites=tuple(str(m) for m in rules.modalites_par_priorite(modalites.get(c.pk, []))),
            )
        )
    return tuple(
        BlocSaisi(
            numero=b.numero,
            intitule=b.intitule,
            capacites=tuple(capacites.get(b.pk, [])),
            code_rncp=b.code_rncp,
            numero_bdc=b.numero_bdc,
            date_enregistrement_rncp=b.date_enregistrement_rncp,
        )
        for b in version.blocs.order_by("numero")
    )


def referentiel_saisi(version: VersionReferentiel) -> ReferentielSaisi:
    centres = CentreRessources.objects.filter(qualification=version.qualification_id).order_by("ordre")
    return ReferentielSaisi(
        intitule=version.intitule,
        categorie=version.categorie,
        centres_ressources=tuple(centres.values_list("territoriale__departement", flat=True)),
        mission=version.mission,
        activites=tuple(ActiviteSaisie(a.code, a.libelle) for a in version.activites.order_by("ordre")),
        blocs=blocs_saisis(version),
        conditions_admissibilite=version.conditions_admissibilite,
    )


# Drafting a version. A decided version is refused by every action here (R-REF-03) before the model guard would.

CHAMPS_MODIFIABLES = (
    "intitule",
    "categorie",
    "mission",
    "environnement_travail",
    "interactions",
    "secteurs_emplois",
    "conditions_admissibilite",
)


def _verrouiller_brouillon(version: VersionReferentiel) -> VersionReferentiel:
    verrouillee = VersionReferentiel.objects.select_for_update().get(pk=version.pk)
    if verrouillee.est_decidee:
        raise RegleViolee(
            "R-REF-03",
            f"La version {verrouillee.numero} de « {verrouillee.intitule} » a été décidée par le GTP : elle ne peut "
            "plus être modifiée ; une révision crée une nouvelle version (R-REF-03).",
            code="version_decidee",
        )
    return verrouillee


def creer_version(
    qualification: Qualification, *, acteur: Any, depuis: VersionReferentiel | None = None, **champs: str
) -> VersionReferentiel:
    """A new draft, numbered after the last one; a revision starts from a copy of `depuis` (R-REF-03)."""
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise ValueError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    with transaction.atomic():
        Qualification.objects.select_for_update().filter(pk=qualification.pk).first()
        dernier = qualification.versions.order_by("-numero").values_list("numero", flat=True).first() or 0
        base = {k: getattr(depuis, k) for k in CHAMPS_MODIFIABLES} if depuis else {"intitule": qualification.intitule}
        version = VersionReferentiel.objects.create(
            qualification=qualification, numero=dernier + 1, **{**base, **champs}
        )
        if depuis is not None:
            _ecrire_activites(version, [ActiviteSaisie(a.code, a.libelle) for a in depuis.activites.order_by("ordre")])
            _ecrire_certification(version, blocs_saisis(depuis))
        journaliser(
            acteur=acteur,
            action=EvenementAudit.VERSION_CREATION,
            objet=version,
            apres={"numero": version.numero, "depuis": depuis.numero if depuis else None},
            regle="R-REF-03",
        )
    return version


def modifier_version(version: VersionReferentiel, *, acteur: Any, **champs: str) -> VersionReferentiel:
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise ValueError(f"Champs inconnus : {', '.join(sorted(inconnus))}")
    with transaction.atomic():
        version = _verrouiller_brouillon(version)
        if champs.get("categorie"):
            rules.explication_categorie(champs["categorie"])
        avant = {k: getattr(version, k) for k in champs}
        for k, v in champs.items():
            setattr(version, k, v)
        version.save()
        journaliser(
            acteur=acteur,
            action=EvenementAudit.VERSION_MODIFICATION,
            objet=version,
            avant=avant,
            apres=champs,
            regle="R-REF-03",
        )
    return version


def _ecrire_activites(version: VersionReferentiel, activites: Sequence[ActiviteSaisie]) -> None:
    Activite.objects.bulk_create(
        Activite(version=version, code=a.code, libelle=a.libelle, ordre=i) for i, a in enumerate(activites, 1)
    )


def definir_activites(version: VersionReferentiel, activites: Sequence[ActiviteSaisie], *, acteur: Any) -> None:
    """Replace the example activities of a draft (A1, A2…, in order)."""
    codes = [a.code for a in activites]
    if len(set(codes)) != len(codes) or not all(c.strip() for c in codes):
        raise RegleViolee("R-REF-01", "Chaque activité porte un code unique (A1, A2…).", code="activites_invalides")
    with transaction.atomic():
        version = _verrouiller_brouillon(version)
        avant = list(version.activites.order_by("ordre").values_list("code", "libelle"))
        version.activites.all().delete()
        _ecrire_activites(version, activites)
        journaliser(
            acteur=acteur,
            action=EvenementAudit.VERSION_ACTIVITES,
            objet=version,
            avant={"activites": avant},
            apres={"activites": [[a.code, a.libelle] for a in activites]},
            regle="R-REF-01",
        )


def _ecrire_certification(version: VersionReferentiel, blocs: Sequence[BlocSaisi]) -> None:
    for b in blocs:
        bloc = Bloc.objects.create(
            version=version,
            numero=b.numero,
            intitule=b.intitule,
            code_rncp=b.code_rncp,
            numero_bdc=b.numero_bdc,
            date_enregistrement_rncp=b.date_enregistrement_rncp,
        )
        for c in b.capacites:
            capacite = Capacite.objects.create(
                version=version,
                bloc=bloc,
                numero=c.numero,
                intitule=c.intitule,
                conditions_realisation=c.conditions_realisation,
                criteres_evaluation=c.criteres_evaluation,
            )
            ModaliteAutorisee.objects.bulk_create(ModaliteAutorisee(capacite=capacite, modalite=m) for m in c.modalites)


def _bloc_json(bloc: BlocSaisi) -> dict[str, Any]:
    """A bloc as the audit log stores it: its RNCP registration date as ISO text."""
    valeurs = dataclasses.asdict(bloc)
    date = valeurs["date_enregistrement_rncp"]
    valeurs["date_enregistrement_rncp"] = date.isoformat() if date else None
    return valeurs


def definir_certification(version: VersionReferentiel, blocs: Sequence[BlocSaisi], *, acteur: Any) -> None:
    """Replace the blocs, capacities and allowed modalities of a draft, checked as a whole (R-REF-02, R-REF-03)."""
    rules.verifier_structure(blocs)
    with transaction.atomic():
        version = _verrouiller_brouillon(version)
        avant = [_bloc_json(b) for b in blocs_saisis(version)]
        version.capacites.all().delete()
        version.blocs.all().delete()
        _ecrire_certification(version, blocs)
        journaliser(
            acteur=acteur,
            action=EvenementAudit.VERSION_CERTIFICATION,
            objet=version,
            avant={"blocs": avant},
            apres={"blocs": [_bloc_json(b) for b in blocs]},
            regle="R-REF-03",
        )


def supprimer_version(version: VersionReferentiel, *, acteur: Any) -> None:
    """Only a draft can be dropped; a decided version is kept forever (R-REF-03)."""
    with transaction.atomic():
        version = _verrouiller_brouillon(version)
        journaliser(
            acteur=acteur,
            action=EvenementAudit.VERSION_SUPPRESSION,
            objet=version,
            avant={"numero": version.numero},
            regle="R-REF-03",
        )
        version.delete()


def decider_version(
    version: VersionReferentiel,
    *,
    acteur: Any,
    le: datetime.date,
    categorie: str | None = None,
    date_application: datetime.date | None = None,
) -> VersionReferentiel:
    """The GTP decides a draft: the one transition to « décidée », after the completeness check (R-REF-01).

    The version becomes the one in force when it is newer than the current one (R-LC-REV-04); it applies from
    the decision date unless the GTP set another one.
    """
    with transaction.atomic():
        version = _verrouiller_brouillon(version)
        if categorie is not None:
            version.categorie = categorie
        rules.verifier_decidable(referentiel_saisi(version))
        if date_application is not None and date_application < le:
            raise RegleViolee(
                "R-LC-REV-04",
                "Un référentiel s'applique au plus tôt à la date de la décision du GTP (R-LC-REV-04).",
                code="application_avant_decision",
                champ="date_application",
            )
        version.statut = StatutVersion.DECIDEE
        version.date_decision = le
        version.date_application = date_application or le
        with ecriture_historique():
            version.save()
        qualification = Qualification.objects.select_for_update().get(pk=version.qualification_id)
        courante = qualification.version_courante
        if courante is None or courante.numero < version.numero:
            # The register's title is the one of the referential in force: a revision may retitle the CQPM.
            qualification.version_courante = version
            qualification.intitule = version.intitule
            qualification.save(update_fields=["version_courante", "intitule"])
        journaliser(
            acteur=acteur,
            action=EvenementAudit.VERSION_DECISION,
            objet=version,
            avant={"statut": StatutVersion.BROUILLON},
            apres={"statut": version.statut, "categorie": version.categorie, "date_decision": le.isoformat()},
            regle="R-REF-01",
        )
    return version


# Dated list membership (R-LIST-01 to R-LIST-03). A stay is [debut, fin): on the list from `debut` included,
# off it from `fin` included — the date of the withdrawal decision.


def _couvrant(le: datetime.date) -> Q:
    return Q(debut__lte=le) & (Q(fin__isnull=True) | Q(fin__gt=le))


def etait_sur_liste(qualification: Qualification, liste: Liste | str, le: datetime.date) -> bool:
    return InscriptionListe.objects.filter(_couvrant(le), qualification=qualification, liste=liste).exists()


def listes_au(qualification: Qualification, le: datetime.date) -> set[Liste]:
    return {
        Liste(v)
        for v in InscriptionListe.objects.filter(_couvrant(le), qualification=qualification).values_list(
            "liste", flat=True
        )
    }


def inscrire_sur_liste(
    qualification: Qualification, liste: Liste | str, le: datetime.date, *, acteur: Any, motif: str = ""
) -> InscriptionListe:
    """Put a qualification on a list from `le` (R-LIST-01); B needs A or the RNCP, C needs B (R-LIST-02)."""
    with transaction.atomic():
        qualification = Qualification.objects.select_for_update().get(pk=qualification.pk)
        rules.verifier_inscription(
            liste,
            qualification.statut,
            listes_au(qualification, le),
            inscrite_rncp=qualification.est_inscrite_rncp(le),
        )
        deja = (
            qualification.inscriptions_listes.filter(liste=liste)
            .filter(Q(fin__isnull=True) | Q(fin__gt=le))
            .order_by("debut")
            .first()
        )
        if deja is not None:
            raise RegleViolee(
                "R-LIST-03",
                f"« {qualification} » est déjà inscrite sur la {deja.get_liste_display()} depuis le "
                f"{deja.debut:%d/%m/%Y} : une inscription ne se superpose pas à une autre (R-LIST-03).",
                code="deja_inscrite",
            )
        inscription = InscriptionListe.objects.create(qualification=qualification, liste=liste, debut=le, motif=motif)
        journaliser(
            acteur=acteur,
            action=EvenementAudit.LISTE_INSCRIPTION,
            objet=qualification,
            apres={"liste": str(liste), "debut": le.isoformat(), "motif": motif},
            regle="R-LIST-02" if liste != Liste.A else "R-LIST-01",
        )
    return inscription


def _clore(
    qualification: Qualification, listes: set[str], le: datetime.date, acteur: Any, motif: str
) -> list[InscriptionListe]:
    ouvertes = list(
        qualification.inscriptions_listes.select_for_update()
        .filter(liste__in=listes, fin__isnull=True)
        .order_by("liste")
    )
    for inscription in ouvertes:
        if inscription.debut > le:
            raise RegleViolee(
                "R-LIST-03",
                f"Le retrait au {le:%d/%m/%Y} précéderait l'inscription sur la {inscription.get_liste_display()} "
                f"du {inscription.debut:%d/%m/%Y} (R-LIST-03).",
                code="retrait_avant_inscription",
            )
        inscription.fin = le
        inscription.save(update_fields=["fin"])
    if ouvertes:
        journaliser(
            acteur=acteur,
            action=EvenementAudit.LISTE_RETRAIT,
            objet=qualification,
            avant={"listes": sorted(i.liste for i in ouvertes)},
            apres={"fin": le.isoformat(), "motif": motif},
            regle="R-LIST-03",
        )
    return ouvertes


def retirer_de_listes(
    qualification: Qualification, le: datetime.date, *, acteur: Any, motif: str = ""
) -> list[InscriptionListe]:
    """Suppression or mise en veille: close the stays on A, B and C at `le`, keeping them (R-LIST-03)."""
    with transaction.atomic():
        return _clore(qualification, {Liste.A, Liste.B, Liste.C}, le, acteur, motif)


def retirer_de_liste(
    qualification: Qualification, liste: Liste | str, le: datetime.date, *, acteur: Any, motif: str = ""
) -> list[InscriptionListe]:
    """Withdraw from one list; C is part of B, and B rests on A unless the qualification is in the RNCP (R-LIST-02)."""
    listes = {str(liste)}
    if liste == Liste.B:
        listes.add(Liste.C)
    if liste == Liste.A:
        listes |= {Liste.C} if qualification.est_inscrite_rncp(le) else {Liste.B, Liste.C}
    with transaction.atomic():
        return _clore(qualification, listes, le, acteur, motif)
