"""Synthetic CQPMs for the demo and the benchmark: plausible, deterministic, inserted in bulk.

They take national sequences from 9000 downward (`SEQUENCE_SYNTHETIQUE`), far from the paper register's; the
product's own MQ counter never reads this constant — it starts from the deployment's `MQ_DERNIERE_SEQUENCE` and
the highest sequence already in the register (`cqpm.cycle_de_vie.effets.allouer_sequence_mq`).
"""

from __future__ import annotations

import datetime
import json
import random
from typing import Any

from django.db import connection, transaction
from django.db.models import DateField, Model

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.demo.fiche_28245 import DONNEES, assurer_territoriale
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
)
from cqpm.referentiels.numeros import NumeroMQ
from cqpm.referentiels.recherche import texte_de_recherche

SEQUENCE_SYNTHETIQUE = 9000
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
