"""Actions on candidates and their inscriptions préalables (R-ACC-01/02, R-REG-01 to 04, R-LC-SUP-04, R-LC-REV-04).

Every action checks who acts (`cqpm.comptes.permissions`; `SYSTEME`: commands), checks
its rules (`rules.py` for the pure ones, `cqpm.cycle_de_vie.applicabilite` for what the register says on a date),
writes the audit log and runs in one transaction. Reading goes through `candidats_visibles` and
`inscriptions_visibles`, which scope rows to the caller's organisation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import entree_audit, journaliser, journaliser_en_masse
from cqpm.candidats import rules
from cqpm.candidats.enums import StatutInscription
from cqpm.candidats.models import Candidat, Inscription, cle_doublon
from cqpm.comptes.models import Habilitation
from cqpm.comptes.permissions import Action, exiger, motif_du_refus, perimetre, peut
from cqpm.core.acteurs import utilisateur_de
from cqpm.core.errors import AccesRefuse, Introuvable, RegleViolee
from cqpm.core.transitions import aujourdhui, transition
from cqpm.cycle_de_vie.applicabilite import verifier_engagement_possible, version_applicable
from cqpm.organisations.models import Organisation
from cqpm.referentiels import catalogue
from cqpm.referentiels.models import Bloc, Qualification

CHEMINS_ORGANISATIONS = ("centre_examen", "entreprise", "organisme_formation")
"""The organisations an inscription concerns, as lookups (scope of CONSULTER/INSCRIRE)."""

T = TypeVar("T")


@dataclass
class Lectures:
    """What a cohort import reads once for all its rows rather than once per row: the checks of a registration
    that depend only on the CQPM, its blocs and the date (their outcome, value or refusal, is kept and given again),
    and — preloaded by `precharger_candidats` — the candidates the caller sees and their registrations in progress.
    The checks stay those of `controler_inscription`: only the reading is shared. One per import: one actor."""

    memo: dict[tuple[Any, ...], tuple[Any, RegleViolee | None]] = field(default_factory=dict)
    candidats_visibles: set[int] = field(default_factory=set)
    en_cours: dict[tuple[int, int], list[Inscription]] = field(default_factory=dict)
    """(candidate, CQPM) → his registrations in progress on it, blocs prefetched."""
    inscriptions_visibles: set[int] = field(default_factory=set)
    """Those of `en_cours` the caller may see (a refusal names them only then)."""
    precharges: set[int] = field(default_factory=set)
    """The candidates whose visibility and registrations in progress are preloaded."""

    def une_fois(self, cle: tuple[Any, ...], calcul: Callable[[], T]) -> T:
        if cle not in self.memo:
            try:
                self.memo[cle] = (calcul(), None)
            except RegleViolee as exc:
                self.memo[cle] = (None, exc)
        valeur, refus = self.memo[cle]
        if refus is not None:
            raise refus.with_traceback(None)
        return valeur  # type: ignore[no-any-return]


def precharger_candidats(lectures: Lectures, candidats: Iterable[int], *, acteur: Any) -> None:
    """Two queries for all the candidates an import reuses: which the caller sees, and their registrations in
    progress (with their blocs), then which of those the caller sees."""
    ids = set(candidats) - lectures.precharges
    if not ids:
        return
    lectures.candidats_visibles |= set(candidats_visibles(acteur).filter(pk__in=ids).values_list("pk", flat=True))
    en_cours = Inscription.objects.filter(candidat_id__in=ids, statut=StatutInscription.EN_COURS).prefetch_related(
        "blocs"
    )
    trouvees = list(en_cours)  # in the model's order, as `_verifier_pas_deja_inscrit` reads them one by one
    for inscription in trouvees:
        lectures.en_cours.setdefault((inscription.candidat_id, inscription.qualification_id), []).append(inscription)
    lectures.inscriptions_visibles |= set(
        inscriptions_visibles(acteur).filter(pk__in=[i.pk for i in trouvees]).values_list("pk", flat=True)
    )
    lectures.precharges |= ids


def _instantane_candidat(c: Candidat) -> dict[str, Any]:
    return {
        "nom": c.nom,
        "prenoms": c.prenoms,
        "date_naissance": c.date_naissance.isoformat(),
        "commune_naissance": c.commune_naissance,
        "departement_naissance": c.departement_naissance,
        "pays_naissance": c.pays_naissance,
        "fusionne_dans": c.fusionne_dans_id,
    }


def _instantane_inscription(i: Inscription, blocs: Iterable[Bloc] | None = None) -> dict[str, Any]:
    return {
        "candidat": i.candidat_id,
        "centre_examen": i.centre_examen_id,
        "qualification": i.qualification_id,
        "version": i.version_id,
        "blocs": sorted(b.numero for b in (i.blocs.all() if blocs is None else blocs)),
        "date_inscription": i.date_inscription.isoformat(),
        "parcours": i.parcours,
        "voie": i.voie,
        "financement": i.financement,
        "type_beneficiaire": i.type_beneficiaire,
        "origine": i.origine,
        "apprenti": i.apprenti,
        "accord_employeur": i.accord_employeur,
        "entreprise": i.entreprise_id,
        "organisme_formation": i.organisme_formation_id,
        "statut": i.statut,
        **({"motif_retroactivite": i.motif_retroactivite} if i.motif_retroactivite else {}),
    }


# Reading.


def derniere_inscription(qualification: Qualification) -> datetime.date | None:
    """The latest date a candidate was registered on this CQPM, cancelled registrations aside: "used" in the sense
    of R-LC-SUP-03 (a source of `cqpm.cycle_de_vie.propositions.derniere_utilisation`)."""
    return (
        Inscription.objects.filter(qualification=qualification)
        .exclude(statut=StatutInscription.ANNULEE)
        .aggregate(d=Max("date_inscription"))["d"]
    )


def inscriptions_visibles(utilisateur: Any) -> QuerySet[Inscription]:
    """All inscriptions for the secretariat; for a territoriale those it is exam centre of; for a company or a
    training organisation those that name it."""
    qs = perimetre(utilisateur, Action.CONSULTER_INSCRIPTIONS).filtrer(
        Inscription.objects.all(), *CHEMINS_ORGANISATIONS
    )
    return qs.select_related(
        "candidat", "centre_examen", "qualification", "version", "entreprise", "organisme_formation"
    )


def inscription_visible(utilisateur: Any, pk: int) -> Inscription:
    """One inscription the user may read; any other, existing or not, is « introuvable » (no existence leak)."""
    inscription = inscriptions_visibles(utilisateur).filter(pk=pk).first()
    if inscription is None:
        raise Introuvable(f"L'inscription n° {pk} n'existe pas ou vous n'y avez pas accès.")
    return inscription


def _cree_par(utilisateur: Any, candidat: Candidat) -> bool:
    u = utilisateur_de(utilisateur)
    return u is not None and candidat.cree_par_id == u.pk


def candidats_visibles(utilisateur: Any) -> QuerySet[Candidat]:
    """The candidates of the inscriptions the user sees, and those he created himself (not yet registered)."""
    portee = perimetre(utilisateur, Action.CONSULTER_INSCRIPTIONS)
    if portee.toutes:
        return Candidat.objects.all()
    condition = Q(inscriptions__in=inscriptions_visibles(utilisateur).values("pk"))
    u = utilisateur_de(utilisateur)
    if u is not None and peut(u, Action.INSCRIRE_CANDIDATS):
        condition |= Q(cree_par=u)
    return Candidat.objects.filter(pk__in=Candidat.objects.filter(condition).values("pk"))


def candidat_visible(utilisateur: Any, pk: int) -> Candidat:
    """One candidate the user may see; any other, existing or not, is « introuvable » (no name, no existence)."""
    candidat = candidats_visibles(utilisateur).filter(pk=pk).first()
    if candidat is None:
        raise Introuvable(f"Le candidat n° {pk} n'existe pas ou vous n'y avez pas accès.")
    return candidat


def candidats_en_double(
    nom: str, date_naissance: datetime.date, *, exclure: Candidat | None = None
) -> QuerySet[Candidat]:
    """Candidates (not merged away) with the same surname — ignoring case, accents, hyphens — and birth date."""
    qs = Candidat.objects.filter(
        cle_doublon=cle_doublon(nom), date_naissance=date_naissance, fusionne_dans__isnull=True
    )
    if exclure is not None:
        qs = qs.exclude(pk=exclure.pk)
    return qs


def groupes_de_doublons(utilisateur: Any) -> list[list[Candidat]]:
    """The candidates the user may see that look like the same person (same surname — ignoring case, accents,
    hyphens — and birth date), by group of two or more, for staff to merge (R-REG-04)."""
    visibles = candidats_visibles(utilisateur).filter(fusionne_dans__isnull=True)
    cles = (
        visibles.values("cle_doublon", "date_naissance")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("cle_doublon", "date_naissance")
    )
    condition = Q(pk__in=[])
    for cle, naissance in cles:
        condition |= Q(cle_doublon=cle, date_naissance=naissance)
    groupes: dict[tuple[str, datetime.date], list[Candidat]] = {}
    for candidat in visibles.filter(condition).order_by("cle_doublon", "date_naissance", "pk"):
        groupes.setdefault((candidat.cle_doublon, candidat.date_naissance), []).append(candidat)
    return list(groupes.values())


def doublons_de(candidat: Candidat) -> QuerySet[Candidat]:
    return candidats_en_double(candidat.nom, candidat.date_naissance, exclure=candidat)


# Candidates.


def _exiger_sur_candidat(acteur: Any, action: Action, candidat: Candidat) -> None:
    """In scope through one of his inscriptions, or a candidate the actor created and has not registered yet."""
    if peut(acteur, action, candidat) or (_cree_par(acteur, candidat) and peut(acteur, action)):
        return
    exiger(acteur, action, candidat)


def controler_candidat(
    *,
    acteur: Any,
    nom: str,
    prenoms: str,
    date_naissance: datetime.date,
    commune_naissance: str,
    departement_naissance: str,
    pays_naissance: str = "France",
    courriel: str = "",
) -> tuple[dict[str, Any], str]:
    """Everything `creer_candidat` checks, without writing (an import's preview): the cleaned values and e-mail."""
    exiger(acteur, Action.INSCRIRE_CANDIDATS)
    valeurs = {
        "nom": nom.strip(),
        "prenoms": prenoms.strip(),
        "date_naissance": date_naissance,
        "commune_naissance": commune_naissance.strip(),
        "departement_naissance": departement_naissance.strip(),
        "pays_naissance": pays_naissance.strip(),
    }
    rules.verifier_etat_civil(valeurs, aujourdhui=aujourdhui())
    courriel = courriel.strip()
    if courriel:
        try:
            validate_email(courriel)
        except ValidationError as exc:
            raise RegleViolee(
                "R-REG-04",
                f"Adresse électronique invalide : « {courriel} » (R-REG-04).",
                code="courriel_invalide",
                champ="courriel",
            ) from exc
    return valeurs, courriel


def creer_candidat(
    *,
    acteur: Any,
    nom: str,
    prenoms: str,
    date_naissance: datetime.date,
    commune_naissance: str,
    departement_naissance: str,
    pays_naissance: str = "France",
    courriel: str = "",
) -> Candidat:
    """Record a person (R-REG-04). Duplicates are not refused here — homonyms born the same day exist — but the
    caller shows `doublons_de(candidat)` so that the user reuses or merges."""
    valeurs, courriel = controler_candidat(
        acteur=acteur,
        nom=nom,
        prenoms=prenoms,
        date_naissance=date_naissance,
        commune_naissance=commune_naissance,
        departement_naissance=departement_naissance,
        pays_naissance=pays_naissance,
        courriel=courriel,
    )
    with transaction.atomic():
        candidat = Candidat.objects.create(**valeurs, courriel=courriel, cree_par=utilisateur_de(acteur))
        journaliser(
            acteur=acteur,
            action=EvenementAudit.CANDIDAT_CREATION,
            objet=candidat,
            apres=_instantane_candidat(candidat),
            regle="R-REG-04",
        )
    return candidat


def _verifier_fusion(conserve: Candidat, doublon: Candidat, *, acteur: Any, derogation: str) -> None:
    """Same person (same duplicate key and birth date) unless the secretariat overrides with a reason; every
    inscription rewritten in the caller's perimeter; no two inscriptions in progress on one target afterwards."""
    national = perimetre(acteur, Action.FUSIONNER_CANDIDATS).toutes
    meme_personne = (conserve.cle_doublon, conserve.date_naissance) == (doublon.cle_doublon, doublon.date_naissance)
    if not meme_personne and not (national and derogation):
        raise RegleViolee(
            "R-REG-04",
            "Fusion refusée : les deux fiches n'ont pas le même nom de naissance et la même date de naissance ; "
            "seul le secrétariat peut fusionner malgré cela, en donnant le motif de la dérogation (R-REG-04).",
            code="fusion_sans_doublon",
        )
    if not national:
        siennes = inscriptions_visibles(acteur).values("pk")
        if Inscription.objects.filter(candidat__in=[conserve, doublon]).exclude(pk__in=siennes).exists():
            raise RegleViolee(
                "R-REG-04",
                "Fusion refusée : l'une des fiches porte une inscription d'un centre d'examen hors de votre "
                "périmètre ; le secrétariat fusionne ces fiches (R-REG-04).",
                code="fusion_hors_perimetre",
            )
    en_cours = Inscription.objects.filter(candidat__in=[conserve, doublon], statut=StatutInscription.EN_COURS)
    par_cible: dict[int, list[tuple[int, set[int]]]] = {}
    for inscription in en_cours.prefetch_related("blocs"):
        par_cible.setdefault(inscription.qualification_id, []).append(
            (inscription.candidat_id, {b.numero for b in inscription.blocs.all()})
        )
    for inscriptions in par_cible.values():
        for i, (qui, blocs) in enumerate(inscriptions):
            for autre, autres_blocs in inscriptions[i + 1 :]:
                if qui != autre and (not blocs or not autres_blocs or blocs & autres_blocs):
                    raise RegleViolee(
                        "R-REG-01",
                        "Fusion refusée : les deux fiches ont chacune une inscription en cours sur la même cible ; "
                        "une seule inscription en cours par cible est admise, annulez d'abord l'une d'elles "
                        "(R-REG-01).",
                        code="fusion_inscriptions_en_double",
                    )


def fusionner_candidats(conserve: Candidat, doublon: Candidat, *, acteur: Any, derogation: str = "") -> Candidat:
    """Merge `doublon` into `conserve`: his inscriptions move over, the row stays and points at the one kept.

    Staff only (secretariat; a territoriale within its scope, every inscription rewritten included). Two records of
    one person only — same duplicate key and birth date — unless the secretariat overrides with a reason
    (`derogation`, written in the audit log). Any earlier duplicates of `doublon` now point at `conserve` too, so
    that a chain never forms.
    """
    derogation = derogation.strip()
    with transaction.atomic():
        verrous = Candidat.objects.select_for_update().in_bulk([conserve.pk, doublon.pk])
        conserve, doublon = verrous[conserve.pk], verrous[doublon.pk]
        for candidat in (conserve, doublon):
            _exiger_sur_candidat(acteur, Action.FUSIONNER_CANDIDATS, candidat)
        if conserve.pk == doublon.pk:
            raise RegleViolee(
                "R-REG-04", "Un candidat ne peut pas être fusionné avec lui-même (R-REG-04).", code="fusion_refusee"
            )
        for candidat in (conserve, doublon):
            if candidat.fusionne_dans_id is not None:
                raise RegleViolee(
                    "R-REG-04",
                    f"« {candidat} » a déjà été fusionné dans le candidat n° {candidat.fusionne_dans_id} : fusionnez "
                    "plutôt ce dernier (R-REG-04).",
                    code="deja_fusionne",
                )
        _verifier_fusion(conserve, doublon, acteur=acteur, derogation=derogation)
        avant_conserve = _instantane_candidat(conserve)
        avant_doublon = _instantane_candidat(doublon)
        deplacees = list(Inscription.objects.filter(candidat=doublon).values_list("pk", flat=True))
        Inscription.objects.filter(pk__in=deplacees).update(candidat=conserve)
        Candidat.objects.filter(fusionne_dans=doublon).update(fusionne_dans=conserve)
        if not conserve.courriel and doublon.courriel:
            conserve.courriel = doublon.courriel
            conserve.save(update_fields=["courriel"])
        doublon.fusionne_dans = conserve
        doublon.save(update_fields=["fusionne_dans"])
        journaliser(
            acteur=acteur,
            action=EvenementAudit.CANDIDAT_FUSION,
            objet=conserve,
            avant=avant_conserve,
            apres={
                **_instantane_candidat(conserve),
                "doublon_absorbe": doublon.pk,
                "inscriptions_reprises": deplacees,
                **({"derogation": derogation} if derogation else {}),
            },
            regle="R-REG-04",
        )
        journaliser(
            acteur=acteur,
            action=EvenementAudit.CANDIDAT_FUSIONNE,
            objet=doublon,
            avant=avant_doublon,
            apres={**_instantane_candidat(doublon), "inscriptions_reprises": deplacees},
        )
    return conserve


def fusionner_groupe(conserve: Candidat, autres: Iterable[Candidat], *, acteur: Any) -> Candidat:
    """Merge every other record of one person into `conserve`, all or none (R-REG-04)."""
    with transaction.atomic():
        for autre in autres:
            if autre.pk != conserve.pk:
                conserve = fusionner_candidats(conserve, autre, acteur=acteur)
    return conserve


# Inscriptions.


def _lire(lectures: Lectures | None, cle: tuple[Any, ...], calcul: Callable[[], T]) -> T:
    return calcul() if lectures is None else lectures.une_fois(cle, calcul)


def _verifier_ouverture(qualification: Qualification, le: datetime.date) -> None:
    """No new inscription on a CQPM in veille or suppressed (R-REG-03, R-LC-SUP-04), nor before its creation."""
    try:
        verifier_engagement_possible(qualification, le)
    except RegleViolee as exc:
        if exc.rule != "R-LC-SUP-04":
            raise
        raise RegleViolee(
            "R-REG-03",
            f"Inscription refusée : {exc.message} Aucune nouvelle inscription n'est possible sur un CQPM en veille "
            "ou supprimé (R-REG-03).",
            code="cqpm_ferme",
            champ="qualification_id",
        ) from exc


def _verifier_blocs(
    qualification: Qualification,
    version: Any,
    blocs: Sequence[Bloc],
    le: datetime.date,
    lectures: Lectures | None = None,
) -> None:
    """Blocs of the pinned version only (R-REG-03), each applicable from its RNCP registration (R-LC-CRE-06)."""
    if len({b.pk for b in blocs}) != len(blocs):
        raise RegleViolee(
            "R-VAE-03", "Un même bloc est indiqué deux fois (R-VAE-03).", code="bloc_en_double", champ="blocs"
        )
    for bloc in blocs:
        if bloc.version_id != version.pk:
            raise RegleViolee(
                "R-REG-03",
                f"Le bloc « {bloc.intitule} » n'appartient pas à la version {version.numero} du référentiel, "
                "en vigueur à la date d'inscription : l'inscription se fait sur cette version (R-REG-03, R-LC-REV-04).",
                code="bloc_autre_version",
                champ="blocs",
            )
        _lire(
            lectures,
            ("bloc", qualification.pk, le, bloc.pk),
            lambda b=bloc: verifier_engagement_possible(qualification, le, bloc=b),  # type: ignore[misc]
        )


def _verifier_pas_deja_inscrit(
    candidat: Candidat,
    qualification: Qualification,
    blocs: Sequence[Bloc],
    *,
    acteur: Any,
    lectures: Lectures | None = None,
) -> None:
    """One inscription in progress per candidate and target: the whole CQPM overlaps every bloc. The refusal names
    the other inscription only when the caller may see it (another centre's number is not his business)."""
    precharge = lectures is not None and candidat.pk in lectures.precharges
    en_cours: Iterable[Inscription] = (
        lectures.en_cours.get((candidat.pk, qualification.pk), [])
        if lectures is not None and precharge
        else Inscription.objects.filter(
            candidat=candidat, qualification=qualification, statut=StatutInscription.EN_COURS
        ).prefetch_related("blocs")
    )
    cibles = {b.numero for b in blocs}
    for autre in en_cours:
        siennes = {b.numero for b in autre.blocs.all()}
        if not cibles or not siennes or cibles & siennes:
            visible = (
                autre.pk in lectures.inscriptions_visibles
                if lectures is not None and precharge
                else inscriptions_visibles(acteur).filter(pk=autre.pk).exists()
            )
            laquelle = f"inscription n° {autre.pk}, en cours" if visible else "auprès d'un autre centre d'examen"
            raise RegleViolee(
                "R-REG-01",
                f"Ce candidat est déjà inscrit sur « {qualification.intitule} » ({laquelle}) pour ce qu'il vise : "
                "une seule inscription en cours par cible ; elle doit d'abord être annulée (R-REG-01).",
                code="deja_inscrit",
            )


def controler_inscription(
    candidat: Candidat | None,
    qualification: Qualification,
    *,
    acteur: Any,
    centre_examen: Organisation,
    parcours: str,
    voie: str,
    financement: str,
    type_beneficiaire: str,
    origine: str,
    apprenti: bool = False,
    accord_employeur: bool = False,
    entreprise: Organisation | None = None,
    organisme_formation: Organisation | None = None,
    blocs: Iterable[Bloc] = (),
    date_inscription: datetime.date | None = None,
    motif_retroactivite: str = "",
    lectures: Lectures | None = None,
) -> Inscription:
    """Everything `inscrire` checks, without writing: the unsaved inscription, pinned to its version. `candidat`
    None is a person not yet recorded (an import's preview), who can be neither merged nor already registered.
    `lectures` shares the reading between the rows of one import (same checks, same refusals)."""
    ce_jour = aujourdhui()
    le = date_inscription or ce_jour
    blocs = list(blocs)
    # The ids the caller names must be in his perimeter, before any rule speaks of them (names, titles, numbers).
    exiger(acteur, Action.INSCRIRE_CANDIDATS)
    if candidat is not None and (lectures is None or candidat.pk not in lectures.candidats_visibles):
        candidat_visible(acteur, candidat.pk)
    _lire(
        lectures, ("qualification", qualification.pk), lambda: catalogue.qualification_visible(acteur, qualification.pk)
    )
    inscription = Inscription(
        qualification=qualification,
        centre_examen=centre_examen,
        entreprise=entreprise,
        organisme_formation=organisme_formation,
    )
    if candidat is not None:
        inscription.candidat = candidat
    elif not peut(acteur, Action.INSCRIRE_CANDIDATS, inscription):
        raise AccesRefuse(motif_du_refus(acteur, Action.INSCRIRE_CANDIDATS, qualification))
    exiger(acteur, Action.INSCRIRE_CANDIDATS, inscription)
    rules.verifier_retroactivite(le, aujourdhui=ce_jour, motif=motif_retroactivite, jours=settings.RETROACTIVITE_JOURS)
    donnees = rules.DonneesInscription(
        parcours=parcours,
        voie=voie,
        financement=financement,
        type_beneficiaire=type_beneficiaire,
        origine=origine,
        apprenti=apprenti,
        accord_employeur=accord_employeur,
        entreprise=entreprise,
        organisme_formation=organisme_formation,
    )
    if candidat is not None and candidat.fusionne_dans_id is not None:
        raise RegleViolee(
            "R-REG-04",
            f"Ce candidat a été fusionné dans le candidat n° {candidat.fusionne_dans_id} : inscrivez ce dernier "
            "(R-REG-04).",
            code="candidat_fusionne",
            champ="candidat_id",
        )
    rules.verifier_centre_examen(centre_examen)
    _lire(lectures, ("ouverture", qualification.pk, le), lambda: _verifier_ouverture(qualification, le))
    version = _lire(lectures, ("version", qualification.pk, le), lambda: version_applicable(qualification, le))
    _verifier_blocs(qualification, version, blocs, le, lectures)
    rules.verifier_inscription(
        donnees, intitule=qualification.intitule, inscrite_rncp=qualification.est_inscrite_rncp(le)
    )
    if candidat is not None:
        _verifier_pas_deja_inscrit(candidat, qualification, blocs, acteur=acteur, lectures=lectures)
    inscription.version = version
    inscription.date_inscription = le
    inscription.motif_retroactivite = motif_retroactivite.strip() if le < ce_jour else ""
    for champ in ("parcours", "voie", "financement", "type_beneficiaire", "origine", "apprenti", "accord_employeur"):
        setattr(inscription, champ, getattr(donnees, champ))
    return inscription


def inscrire(
    candidat: Candidat,
    qualification: Qualification,
    *,
    acteur: Any,
    centre_examen: Organisation,
    parcours: str,
    voie: str,
    financement: str,
    type_beneficiaire: str,
    origine: str,
    apprenti: bool = False,
    accord_employeur: bool = False,
    entreprise: Organisation | None = None,
    organisme_formation: Organisation | None = None,
    blocs: Iterable[Bloc] = (),
    date_inscription: datetime.date | None = None,
    motif_retroactivite: str = "",
) -> Inscription:
    """Register `candidat` with his exam centre on `qualification` (whole CQPM, or `blocs`), pinned to the version
    of the referential in force on `date_inscription` (today by default; an earlier date for a registration
    recorded late, with `motif_retroactivite` and within RETROACTIVITE_JOURS: `rules.verifier_retroactivite`) —
    R-ACC-01/02, R-REG-01, R-REG-03, R-REG-04, R-LC-SUP-04, R-LC-REV-04. The checks
    are `controler_inscription`'s, run again under the candidate's row lock."""
    blocs = list(blocs)
    with transaction.atomic():
        candidat = Candidat.objects.select_for_update().get(pk=candidat.pk)
        inscription = controler_inscription(
            candidat,
            qualification,
            acteur=acteur,
            centre_examen=centre_examen,
            parcours=parcours,
            voie=voie,
            financement=financement,
            type_beneficiaire=type_beneficiaire,
            origine=origine,
            apprenti=apprenti,
            accord_employeur=accord_employeur,
            entreprise=entreprise,
            organisme_formation=organisme_formation,
            blocs=blocs,
            date_inscription=date_inscription,
            motif_retroactivite=motif_retroactivite,
        )
        inscription.cree_par = utilisateur_de(acteur)
        inscription.save()
        inscription.blocs.set(blocs)
        journaliser(
            acteur=acteur,
            action=EvenementAudit.INSCRIPTION_CREATION,
            objet=inscription,
            apres=_instantane_inscription(inscription),
            regle="R-REG-01",
        )
    return inscription


def enregistrer_en_masse(
    nouveaux: Sequence[Candidat], inscriptions: Sequence[tuple[Inscription, Sequence[Bloc]]], *, acteur: Any
) -> None:
    """Write at once, in the caller's transaction, what `controler_candidat` and `controler_inscription` accepted
    for a cohort: the new candidates, the inscriptions and their blocs, and one audit row per created object, the
    same rows `creer_candidat` and `inscrire` write one by one. The caller holds the locks those take (the reused
    candidates' rows) and ran every check inside its transaction."""
    auteur = utilisateur_de(acteur)
    for candidat in nouveaux:
        candidat.cle_doublon = cle_doublon(candidat.nom)  # what Candidat.save() computes
        candidat.cree_par = auteur
    Candidat.objects.bulk_create(nouveaux)
    journaliser_en_masse(
        entree_audit(
            acteur=acteur,
            action=EvenementAudit.CANDIDAT_CREATION,
            objet=c,
            apres=_instantane_candidat(c),
            regle="R-REG-04",
        )
        for c in nouveaux
    )
    for inscription, _ in inscriptions:
        inscription.candidat = inscription.candidat  # its id, now that a new candidate has one
        inscription.cree_par = auteur
    Inscription.objects.bulk_create([i for i, _ in inscriptions])
    Inscription.blocs.through.objects.bulk_create(
        Inscription.blocs.through(inscription_id=i.pk, bloc_id=b.pk) for i, blocs in inscriptions for b in blocs
    )
    journaliser_en_masse(
        entree_audit(
            acteur=acteur,
            action=EvenementAudit.INSCRIPTION_CREATION,
            objet=i,
            apres=_instantane_inscription(i, blocs),
            regle="R-REG-01",
        )
        for i, blocs in inscriptions
    )


def peut_annuler(acteur: Any, inscription: Inscription) -> bool:
    """R-REG-01: the registration is made with the exam centre, through a company, a training organisation or the
    candidate. It may be cancelled by the exam centre (its territoriale, or the secretariat), or by the company or
    training organisation that made it — one of its users recorded it — never by a company or organisation
    merely named on a registration the exam centre recorded."""
    if not peut(acteur, Action.INSCRIRE_CANDIDATS, inscription):
        return False
    portee = perimetre(acteur, Action.INSCRIRE_CANDIDATS)
    if portee.toutes or inscription.centre_examen_id in portee.organisations:
        return True
    auteurs = {o.pk for o in (inscription.entreprise, inscription.organisme_formation) if o} & portee.organisations
    return (
        inscription.cree_par_id is not None
        and Habilitation.objects.filter(utilisateur_id=inscription.cree_par_id, organisation_id__in=auteurs).exists()
    )


def annuler_inscription(inscription: Inscription, *, acteur: Any, motif: str = "") -> Inscription:
    """Cancel an inscription in progress (by whom R-REG-01 allows: `peut_annuler`); it stays on record with who,
    when and why."""
    exiger(acteur, Action.INSCRIRE_CANDIDATS, inscription)
    if not peut_annuler(acteur, inscription):
        raise AccesRefuse(
            f"Annulation refusée : l'inscription n° {inscription.pk} n'a pas été faite par votre organisation ; "
            "seuls le centre d'examen et l'organisation qui a fait l'inscription peuvent l'annuler (R-REG-01).",
            rule="R-REG-01",
        )
    with transaction.atomic():
        inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
        if inscription.statut == StatutInscription.ANNULEE:
            raise RegleViolee(
                "R-REG-01", f"L'inscription n° {inscription.pk} est déjà annulée (R-REG-01).", code="deja_annulee"
            )
        avant = inscription.statut
        inscription.statut = StatutInscription.ANNULEE
        inscription.annulee_le = timezone.now()
        inscription.annulee_par = utilisateur_de(acteur)
        inscription.motif_annulation = motif.strip()
        inscription.save(update_fields=["statut", "annulee_le", "annulee_par", "motif_annulation"])
        journaliser(
            acteur=acteur,
            action=EvenementAudit.INSCRIPTION_ANNULATION,
            objet=inscription,
            avant={"statut": avant},
            apres={"statut": inscription.statut, "motif": inscription.motif_annulation},
            regle="R-REG-01",
        )
    return inscription


def clore_inscription(
    inscription: Inscription,
    *,
    acteur: Any,
    motif: str,
    regle: str,
    le: datetime.date,
    permission: Action = Action.INSCRIRE_CANDIDATS,
) -> Inscription:
    """Close an inscription in progress because the path it opened has ended (a VAE request declared non
    recevable: R-VAE-02): it stays on record, dated and motivated, and no longer counts as « déjà inscrit »
    (R-REG-01), so that a later request allowed by its own rule (next year's VAE, R-VAE-01) is received. The
    action that ends the path calls it inside its own operation and names its `permission` and `regle`."""
    if not motif.strip():
        raise RegleViolee(regle, f"Une inscription close porte le motif de sa clôture ({regle}).", code="motif")
    with transition(
        inscription,
        acteur=acteur,
        permission=permission,
        evenement=EvenementAudit.INSCRIPTION_CLOTURE,
        regle=regle,
        depuis=[StatutInscription.EN_COURS],
        vers=StatutInscription.CLOSE,
        quoi="clore l'inscription",
    ) as t:
        t.objet.close_le, t.objet.motif_cloture = le, motif.strip()
    return t.objet


__all__ = [
    "annuler_inscription",
    "candidat_visible",
    "candidats_en_double",
    "candidats_visibles",
    "cle_doublon",
    "clore_inscription",
    "controler_candidat",
    "controler_inscription",
    "creer_candidat",
    "doublons_de",
    "fusionner_candidats",
    "inscriptions_visibles",
    "inscrire",
    "peut_annuler",
]
