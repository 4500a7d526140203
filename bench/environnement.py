"""Shared start-up of the benchmarks: a throwaway SQLite folder (unless DATABASE_URL is given) and Django set up."""

from __future__ import annotations

import os
import tempfile
import warnings


def demarrer_django(prefixe: str) -> tempfile.TemporaryDirectory[str]:
    """Configure and set up Django; the returned folder holds the throwaway database and files (keep it alive)."""
    dossier = tempfile.TemporaryDirectory(prefix=prefixe)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{dossier.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: static files are not collected here

    import django

    django.setup()
    return dossier
