"""Actions on the referential register: drafting and deciding versions, dated list membership, reference data.

Every write takes the acting user as `acteur=`, runs in one transaction and writes the audit log; the rules
themselves are in `rules.py` (pure) and the immutability of decided versions is guarded in `models.py`.
Role checks (who may decide, who may edit) belong to the callers (views, API), which know the request.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import DateField, Model, Q

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.audit.services import journaliser
from cqpm.core.errors import RegleViolee
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels import rules
from cqpm.referentiels.enums import Categorie, Liste, Modalite, StatutQualification, StatutVersion
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
from cqpm.referentiels.numeros import NumeroMQ
from cqpm.referentiels.recherche import texte_de_recherche
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, CapaciteSaisie, ReferentielSaisi

DONNEES = Path(__file__).resolve().parent / "donnees"
FICHE_28245 = DONNEES / "rncp_28245.json"

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
        journaliser(acteur=acteur, action=EvenementAudit.VERSION_MODIFICATION, objet=version, avant=avant, apres=champs)
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


# Reference data: the RNCP sheet 28245 and synthetic CQPMs for the demo and the benchmark.


def assurer_territoriale(departement: str, *, acteur: Any = None) -> Organisation:
    """The UIMM territoriale of a département, created under a generic name when the register lacks it."""
    territoriale, creee = Organisation.objects.get_or_create(
        type=TypeOrganisation.TERRITORIALE,
        departement=departement,
        defaults={"nom": f"UIMM territoriale {departement}"},
    )
    if creee:
        journaliser(
            acteur=acteur,
            action=EvenementAudit.ORGANISATION_CREATION,
            objet=territoriale,
            apres={"departement": departement},
        )
    return territoriale


def charger_fiche_28245(*, acteur: Any = None) -> Qualification:
    """Load the CQPM of RNCP sheet 28245 (R-REF-04) from its data file; loading twice returns the same row."""
    from cqpm.referentiels.echange import importer_referentiel

    donnees = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    with transaction.atomic():
        existante = Qualification.objects.filter(numero=donnees["qualification"]["numero"]).first()
        if existante is not None:
            return existante
        for departement in donnees["qualification"]["centres_ressources"]:
            assurer_territoriale(departement, acteur=acteur)
        return importer_referentiel(donnees, acteur=acteur).qualification


SEQUENCE_SYNTHETIQUE = 9000
"""Synthetic CQPMs take national sequences from 9000 downward, far from the real register's."""
SEQUENCE_SYNTHETIQUE_MIN = 5000
ACTION_SYNTHETIQUE = EvenementAudit.DEMO_CQPM_SYNTHETIQUE
DEPARTEMENTS_SYNTHETIQUES = ("69", "13", "59", "67", "33", "44", "31", "38", "75", "2A", "974", "01")
_STATUTS = [StatutQualification.EN_VIGUEUR] * 7 + [
    StatutQualification.EN_VEILLE,
    StatutQualification.SUPPRIMEE,
    StatutQualification.PROJET,
]
_CATEGORIES = (Categorie.A, Categorie.B, Categorie.C, Categorie.C_ETOILE, Categorie.D)


def _jours(d: datetime.date, n: int) -> datetime.date:
    return d + datetime.timedelta(days=n)


def creer_cqpm_synthetiques(n: int, *, versions: int = 1, graine: int = 0) -> list[Qualification]:
    """`n` plausible, deterministic CQPMs for the demo and the benchmark, returned in index order.

    States, categories, RNCP registration and list stays vary; created CQPMs carry `versions` decided versions
    (the older ones kept, the last in force); a CQPM in projet has one draft. CQPM n° i takes the national
    sequence 9000 − i and its own random stream (`graine`, i); an index created by an earlier call (found through
    its audit row) is returned as it is, so calling twice writes nothing new. Bulk inserts keep 300 × 3 versions
    within a few seconds.
    """
    if not 0 <= n <= SEQUENCE_SYNTHETIQUE - SEQUENCE_SYNTHETIQUE_MIN:
        raise ValueError(f"Entre 0 et {SEQUENCE_SYNTHETIQUE - SEQUENCE_SYNTHETIQUE_MIN} CQPM synthétiques.")
    catalogue = json.loads((DONNEES / "metiers_synthetiques.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        deja = {
            int(indice): int(objet_id)
            for indice, objet_id in EntreeAudit.objects.filter(
                action=ACTION_SYNTHETIQUE, objet_type=Qualification._meta.label
            ).values_list("apres__indice", "objet_id")
            if indice is not None and int(indice) < n
        }
        a_creer = [i for i in range(n) if i not in deja]
        occupees = Qualification.objects.filter(sequence__in=[SEQUENCE_SYNTHETIQUE - i for i in a_creer])
        if occupees.exists():
            raise ValueError(f"Séquences réservées aux CQPM synthétiques déjà prises : {occupees.first()}.")
        territoriales = {d: assurer_territoriale(d) for d in DEPARTEMENTS_SYNTHETIQUES}
        plans = [
            _plan(i, SEQUENCE_SYNTHETIQUE - i, versions, random.Random(f"{graine}-{i}"), catalogue) for i in a_creer
        ]
        qualifications = Qualification.objects.bulk_create(p["qualification"] for p in plans)
        CentreRessources.objects.bulk_create(
            CentreRessources(qualification=q, territoriale=territoriales[d], ordre=j)
            for q, p in zip(qualifications, plans, strict=True)
            for j, d in enumerate(p["departements"], 1)
        )
        InscriptionListe.objects.bulk_create(
            InscriptionListe(qualification=q, **periode)
            for q, p in zip(qualifications, plans, strict=True)
            for periode in p["listes"]
        )
        for q, p in zip(qualifications, plans, strict=True):
            for version, _, _ in p["versions"]:
                version.qualification = q
        objets = VersionReferentiel.objects.bulk_create(v for p in plans for v, _, _ in p["versions"])
        contenus = [contenu for p in plans for (_, *contenu) in p["versions"]]
        _inserer(
            Activite,
            ("version", "code", "libelle", "ordre"),
            [
                (v.pk, f"A{i}", lib, i)
                for v, (activites, _) in zip(objets, contenus, strict=True)
                for i, lib in enumerate(activites, 1)
            ],
        )
        colonnes_bloc = ("numero", "intitule", "code_rncp", "numero_bdc", "date_enregistrement_rncp")
        _inserer(
            Bloc,
            ("version", *colonnes_bloc),
            [
                (v.pk, *(b[c] for c in colonnes_bloc))
                for v, (_, blocs) in zip(objets, contenus, strict=True)
                for b in blocs
            ],
        )
        id_blocs = _identifiants(Bloc, [v.pk for v in objets])
        colonnes_capacite = ("numero", "intitule", "conditions_realisation", "criteres_evaluation")
        _inserer(
            Capacite,
            ("version", "bloc", *colonnes_capacite),
            [
                (v.pk, id_blocs[v.pk, b["numero"]], *(c[k] for k in colonnes_capacite))
                for v, (_, blocs) in zip(objets, contenus, strict=True)
                for b in blocs
                for c in b["capacites"]
            ],
        )
        id_capacites = _identifiants(Capacite, [v.pk for v in objets])
        _inserer(
            ModaliteAutorisee,
            ("capacite", "modalite"),
            [
                (id_capacites[v.pk, c["numero"]], str(m))
                for v, (_, blocs) in zip(objets, contenus, strict=True)
                for b in blocs
                for c in b["capacites"]
                for m in c["modalites"]
            ],
        )
        par_qualification: dict[int, VersionReferentiel] = {}
        for v in objets:
            if v.statut == StatutVersion.DECIDEE:
                par_qualification[v.qualification_id] = v
        for q in qualifications:
            q.version_courante = par_qualification.get(q.pk)
        Qualification.objects.bulk_update(qualifications, ["version_courante"])
        # One audit row per CQPM, as journaliser() writes it for the system, inserted in one statement.
        EntreeAudit.objects.bulk_create(
            EntreeAudit(
                acteur_libelle="Système",
                action=ACTION_SYNTHETIQUE,
                objet_type=Qualification._meta.label,
                objet_id=str(q.pk),
                objet_libelle=str(q)[:300],
                apres={"indice": i, "numero": q.numero, "statut": q.statut, "graine": graine},
            )
            for i, q in zip(a_creer, qualifications, strict=True)
        )
        deja.update({i: q.pk for i, q in zip(a_creer, qualifications, strict=True)})
    par_pk = Qualification.objects.in_bulk(deja.values())
    return [par_pk[deja[i]] for i in range(n)]


def _inserer(modele: type[Model], champs: tuple[str, ...], lignes: list[tuple[Any, ...]]) -> None:
    """Insert rows without building model instances — several times faster than bulk_create for the ~45 000 rows
    of the benchmark register. Values are ints and texts, except dates, adapted the way the backend wants."""
    ops = connection.ops
    colonnes = [str(modele._meta.get_field(nom).column) for nom in champs]  # type: ignore[union-attr]
    dates = [i for i, nom in enumerate(champs) if isinstance(modele._meta.get_field(nom), DateField)]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        ops.quote_name(modele._meta.db_table),
        ", ".join(ops.quote_name(c) for c in colonnes),
        ", ".join(["%s"] * len(colonnes)),
    )
    if dates:
        lignes = [
            tuple(ops.adapt_datefield_value(v) if i in dates else v for i, v in enumerate(ligne)) for ligne in lignes
        ]
    with connection.cursor() as curseur:
        curseur.executemany(sql, lignes)


def _identifiants(modele: type[Model], versions: list[int]) -> dict[tuple[int, int], int]:
    """(version id, numero) → primary key of the blocs or capacities just inserted."""
    resultat: dict[tuple[int, int], int] = {}
    for debut in range(0, len(versions), 500):
        lignes = modele._default_manager.filter(version_id__in=versions[debut : debut + 500])
        resultat.update({(v, n): pk for pk, v, n in lignes.values_list("pk", "version_id", "numero")})
    return resultat


def _plan(i: int, sequence: int, versions: int, rng: random.Random, catalogue: dict[str, Any]) -> dict[str, Any]:
    """Everything one synthetic CQPM needs, drawn from `rng` in a fixed order (determinism)."""
    metier = catalogue["metiers"][i % len(catalogue["metiers"])]
    domaine = catalogue["domaines"][metier["domaine"]]
    option = metier["options"][(i // len(catalogue["metiers"])) % len(metier["options"])]
    intitule = f"{metier['intitule']} — {option}" if option else metier["intitule"]
    statut = _STATUTS[i % len(_STATUTS)]
    categorie = _CATEGORIES[i % len(_CATEGORIES)]
    creation = datetime.date(rng.randint(1995, 2011), rng.randint(1, 12), rng.randint(1, 28))
    departements = [DEPARTEMENTS_SYNTHETIQUES[rng.randrange(len(DEPARTEMENTS_SYNTHETIQUES))]]
    if i % 17 == 5:
        autre = DEPARTEMENTS_SYNTHETIQUES[(DEPARTEMENTS_SYNTHETIQUES.index(departements[0]) + 1) % 12]
        departements.append(autre)
    projet = statut == StatutQualification.PROJET
    rncp = statut == StatutQualification.EN_VIGUEUR and i % 3 == 0
    dates = [_jours(creation, k * rng.randint(700, 1400)) for k in range(1 if projet else versions)]
    qualification = Qualification(
        intitule=intitule,
        statut=statut,
        numero=None if projet else str(NumeroMQ(creation.year, creation.month, tuple(departements), sequence, rncp)),
        sequence=None if projet else sequence,
        date_creation=None if projet else creation,
        codes_nsf=[domaine["nsf"]],
        codes_rome=[domaine["rome"]],
        attributions_annuelles_moyennes=None if projet else rng.randint(3, 250),
    )
    if rncp:
        debut = _jours(dates[-1], 200)
        qualification.code_rncp = str(30000 + sequence)
        qualification.rncp_date_arrete = _jours(debut, -14)
        qualification.rncp_date_jo = debut
        qualification.rncp_debut = debut
        qualification.rncp_fin = debut.replace(year=debut.year + 5)
    qualification.texte_recherche = texte_de_recherche(qualification)
    listes: list[dict[str, Any]] = []
    if not projet:
        fin = None if statut == StatutQualification.EN_VIGUEUR else _jours(dates[-1], rng.randint(800, 1500))
        listes.append({"liste": Liste.A, "debut": creation, "fin": fin, "motif": "Création du CQPM (R-LIST-01)"})
        if rncp or i % 4 == 0:
            debut_b = _jours(creation, 365)
            listes.append({"liste": Liste.B, "debut": debut_b, "fin": fin, "motif": "Avis favorable du GTP"})
            if i % 8 == 0:
                listes.append({"liste": Liste.C, "debut": _jours(debut_b, 180), "fin": fin, "motif": ""})
    numero_mq = NumeroMQ(creation.year, creation.month, tuple(departements), sequence, True) if rncp else None
    plans_versions = []
    for k, decision in enumerate(dates, 1):
        version = VersionReferentiel(
            numero=k,
            statut=StatutVersion.BROUILLON if projet else StatutVersion.DECIDEE,
            intitule=intitule,
            categorie=categorie,
            date_decision=None if projet else decision,
            date_application=None if projet else decision,
            mission=domaine["mission"],
            environnement_travail=domaine["environnement"],
            interactions=catalogue["interactions"],
            secteurs_emplois=domaine["secteurs"],
            conditions_admissibilite=catalogue["conditions_admissibilite"],
        )
        nb_blocs = 2 + (i + k) % 2
        blocs = []
        numero_capacite = 0
        for b in range(nb_blocs):
            modele = domaine["blocs"][b]
            capacites = []
            for titre in modele["capacites"][: 3 + (i + k + b) % 3]:
                numero_capacite += 1
                modalites = [Modalite.SITUATION_REELLE, Modalite.PROJETS]
                if rng.random() < 0.6:
                    modalites.append(Modalite.SITUATION_RECONSTITUEE)
                capacites.append(
                    {
                        "numero": numero_capacite,
                        "intitule": titre,
                        "conditions_realisation": rng.choice(catalogue["conditions"]),
                        "criteres_evaluation": "\n".join(rng.sample(domaine["criteres"], 2)),
                        "modalites": [*modalites, Modalite.AVIS_ENTREPRISE],
                    }
                )
            blocs.append(
                {
                    "numero": b + 1,
                    "intitule": modele["intitule"],
                    "code_rncp": f"RNCP{qualification.code_rncp}BC{b + 1:02d}" if rncp else "",
                    "numero_bdc": str(numero_mq.bloc(b + 1)) if numero_mq else "",
                    "date_enregistrement_rncp": qualification.rncp_debut if rncp else None,
                    "capacites": capacites,
                }
            )
        plans_versions.append((version, domaine["activites"], blocs))
    return {"qualification": qualification, "departements": departements, "listes": listes, "versions": plans_versions}
