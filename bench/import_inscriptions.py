"""Bulk-import benchmark: preview and write times of a 500-row cohort file (target: under 2 s each).

Builds a throwaway database (a temporary SQLite file, or a `test_…` database next to the DATABASE_URL given, dropped
at the end), a CQPM, its exam centre and a company, then times `import_masse.importer` on a 500-row XLSX file:
the preview (checks everything, writes nothing) then the import itself. It also times how long another writer
waits while the preview runs (it must not: the preview holds no write lock). It only measures.

    .venv/bin/python bench/import_inscriptions.py [--lignes 500]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cqpm .venv/bin/python bench/import_inscriptions.py
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))
from bench.environnement import demarrer_django  # noqa: E402 — after the path is set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lignes", type=int, default=500, help="lignes du fichier (500)")
    parser.add_argument("--profil", action="store_true", help="profil cProfile de l'aperçu")
    options = parser.parse_args()

    dossier = demarrer_django("cqpm-bench-import-")
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    base_originale = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from cqpm.candidats import import_masse
        from cqpm.candidats.models import Inscription
        from cqpm.comptes.enums import Role
        from tests.candidats.test_import import rangee, xlsx
        from tests.factories import EntrepriseFactory, TerritorialeFactory, UtilisateurFactory, referentiel_complet

        qualification = referentiel_complet().qualification
        TerritorialeFactory(departement="69")
        entreprise = EntrepriseFactory(siret="73282932000074")
        rh = UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=entreprise)
        contenu = xlsx(
            [rangee(qualification, entreprise, nom=f"Lefèvre{i}", prenoms="Léa") for i in range(options.lignes)]
        ).getvalue()

        import io

        print(f"Base : {connection.vendor} — fichier XLSX de {options.lignes} lignes ({len(contenu) // 1024} Kio)")
        if options.profil:
            import cProfile
            import pstats

            profil = cProfile.Profile()
            profil.runcall(import_masse.importer, io.BytesIO(contenu), acteur=rh, apercu=True)
            pstats.Stats(profil).sort_stats("cumulative").print_stats(40)
        for apercu, nom in ((True, "aperçu"), (False, "écriture")):
            debut = time.perf_counter()
            rapport = import_masse.importer(io.BytesIO(contenu), acteur=rh, apercu=apercu)
            duree = time.perf_counter() - debut
            assert rapport.valide, rapport.erreurs[:3]
            print(f"  {nom:<9} {duree:6.2f} s  ({options.lignes / duree:6.0f} lignes/s)")
        assert Inscription.objects.count() == options.lignes
    finally:
        connection.creation.destroy_test_db(base_originale, verbosity=0)
        dossier.cleanup()


if __name__ == "__main__":
    main()
