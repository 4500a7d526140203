"""Catalogue benchmark: how fast the public search and fiches answer on a register of realistic size.

Builds a throwaway database (a temporary SQLite file, or a `test_…` database next to the DATABASE_URL given, dropped
at the end), loads 300 synthetic CQPMs × 3 versions, then times representative searches through
`catalogue.rechercher()` and the pages through Django's test client. Prints p50/p95 in milliseconds, the number of
results and of SQL queries per kind of request. It only measures: it never fails on a time.

    .venv/bin/python bench/catalogue.py [--cqpm 300] [--versions 3] [--repetitions 30]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
from bench.environnement import demarrer_django  # noqa: E402 — after the path is set


@dataclass
class Mesure:
    nom: str
    resultats: int
    requetes: int
    durees_ms: list[float]

    def centile(self, p: float) -> float:
        ordonnees = sorted(self.durees_ms)
        return ordonnees[min(len(ordonnees) - 1, round(p / 100 * (len(ordonnees) - 1)))]


def mesurer(nom: str, appel: Callable[[], int], repetitions: int) -> Mesure:
    """Time `appel` (which returns a result count) after one warm-up call that also counts its SQL queries."""
    from django.db import connection

    requetes = 0

    def compter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal requetes
        requetes += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(compter):
        resultats = appel()
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        appel()
        durees.append((time.perf_counter() - debut) * 1000)
    return Mesure(nom, resultats, requetes, durees)


def recherches(echantillon: Any, echantillon_rncp: Any, ancien_numero: str | None) -> dict[str, dict[str, Any]]:
    """Representative searches, drawn from the generated register so that they find something."""
    import datetime

    from cqpm.referentiels.enums import Categorie, Liste, StatutQualification

    premier_mot = echantillon.intitule.split()[0]
    deux_mots = " ".join(echantillon.intitule.split()[:2])
    cas: dict[str, dict[str, Any]] = {
        "tout le catalogue": {},
        f"un mot « {premier_mot.lower()} »": {"texte": premier_mot.lower()},
        f"deux mots « {deux_mots} »": {"texte": deux_mots},
        "sans accents ni majuscules": {"texte": deux_mots.upper()},
        "numéro MQ avec espaces": {"texte": echantillon.numero},
        "numéro MQ compact": {"texte": echantillon.numero.replace(" ", "").lower()},
        "aucun résultat": {"texte": "xyzzy introuvable"},
        "catégorie C*": {"categorie": Categorie.C_ETOILE},
        "statut en veille": {"statut": StatutQualification.EN_VEILLE},
        "liste B aujourd'hui": {"liste": Liste.B},
        "liste B au 1er janvier 2010": {"liste": Liste.B, "le": datetime.date(2010, 1, 1)},
        "mot + catégorie + liste A": {"texte": premier_mot, "categorie": Categorie.B, "liste": Liste.A},
    }
    if echantillon.codes_nsf:
        cas["code NSF"] = {"texte": str(echantillon.codes_nsf[0])}
    if echantillon.codes_rome:
        cas["code ROME"] = {"texte": str(echantillon.codes_rome[0]).lower()}
    if echantillon_rncp is not None:
        cas["code RNCP"] = {"texte": f"RNCP{echantillon_rncp.code_rncp}"}
    if ancien_numero:
        cas["ancien numéro"] = {"texte": ancien_numero}
    return cas


def afficher(titre: str, mesures: list[Mesure]) -> None:
    largeur = max(len(m.nom) for m in mesures)
    print(f"\n{titre}")
    print(f"  {'requête':<{largeur}}  {'résultats':>9}  {'SQL':>4}  {'p50 ms':>8}  {'p95 ms':>8}")
    for m in mesures:
        print(f"  {m.nom:<{largeur}}  {m.resultats:>9}  {m.requetes:>4}  {m.centile(50):>8.2f}  {m.centile(95):>8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cqpm", type=int, default=300, help="nombre de CQPM synthétiques (300)")
    parser.add_argument("--versions", type=int, default=3, help="versions par CQPM (3)")
    parser.add_argument("--repetitions", type=int, default=30, help="mesures par requête (30)")
    options = parser.parse_args()

    dossier = demarrer_django("cqpm-bench-")
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from cqpm.demo.synthetiques import creer_cqpm_synthetiques
    from cqpm.referentiels import catalogue
    from cqpm.referentiels.models import AncienNumero, Qualification, VersionReferentiel

    setup_test_environment()
    base_originale = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        debut = time.perf_counter()
        creer_cqpm_synthetiques(options.cqpm, versions=options.versions)
        print(
            f"Base : {connection.vendor} ({connection.settings_dict['NAME']}) — "
            f"{Qualification.objects.count()} qualifications, {VersionReferentiel.objects.count()} versions, "
            f"chargées en {time.perf_counter() - debut:.1f} s ; {options.repetitions} mesures par requête."
        )
        publiques = catalogue.rechercher()
        echantillon = publiques.exclude(numero=None)[publiques.count() // 2]
        echantillon_rncp = publiques.exclude(code_rncp="").first()
        ancien = AncienNumero.objects.values_list("numero", flat=True).first()

        mesures = []
        for nom, criteres in recherches(echantillon, echantillon_rncp, ancien).items():
            mesures.append(
                mesurer(nom, lambda c=criteres: len(list(catalogue.rechercher(**c)[:20])), options.repetitions)
            )
        revisee = publiques.filter(version_courante__numero__gt=1).first() or echantillon
        mesures.append(
            mesurer("fiche (version en vigueur)", lambda: len(catalogue.fiche(revisee.pk).blocs), options.repetitions)
        )
        mesures.append(
            mesurer("fiche (version 1)", lambda: len(catalogue.fiche(revisee.pk, version=1).blocs), options.repetitions)
        )
        afficher("Service catalogue.rechercher() (20 premiers résultats) et catalogue.fiche()", mesures)

        client = Client()

        def page(url: str, **entetes: str) -> Callable[[], int]:
            def appel() -> int:
                reponse = client.get(url, **entetes)
                assert reponse.status_code in (200, 302), (url, reponse.status_code)
                return len(reponse.content) // 1024

            return appel

        mot = echantillon.intitule.split()[0].lower()
        pages = [
            ("/catalogue/", page("/catalogue/")),
            (f"/catalogue/?q={mot}", page(f"/catalogue/?q={mot}")),
            (
                f"/catalogue/?q={mot} (htmx)",
                page(f"/catalogue/?q={mot}", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="resultats"),
            ),
            ("/catalogue/?liste=B&categorie=C*", page("/catalogue/?liste=B&categorie=C%2A")),
            ("/catalogue/?q=<numéro MQ> (redirection)", page(f"/catalogue/?q={echantillon.numero}")),
            (f"/catalogue/{revisee.pk}/", page(f"/catalogue/{revisee.pk}/")),
            (f"/catalogue/{revisee.pk}/version/1/", page(f"/catalogue/{revisee.pk}/version/1/")),
            ("/", page("/")),
        ]
        afficher(
            "Pages par le client de test Django (colonne « résultats » : taille de la réponse en Kio)",
            [mesurer(nom, appel, options.repetitions) for nom, appel in pages],
        )
    finally:
        connection.creation.destroy_test_db(base_originale, verbosity=0)
        dossier.cleanup()


if __name__ == "__main__":
    main()
