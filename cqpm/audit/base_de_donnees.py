"""The database side of the append-only audit log.

Triggers refuse UPDATE, DELETE and TRUNCATE of the audit table. The only exception is `purge_autorisee()`,
used by the test suite so that transactional tests can empty the database between tests: on PostgreSQL it sets
the session variable the trigger reads, on SQLite it flips the SQL function the trigger calls (registered on every
connection; a connection without it, e.g. the sqlite3 shell, is refused too). Someone with raw SQL access can drop
a trigger anyway: the point is that no application code path, bug or admin action rewrites history.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections

_etat = threading.local()


def _purge_en_cours() -> int:
    return 1 if getattr(_etat, "purge", False) else 0


def enregistrer_fonction_sqlite(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("cqpm_audit_purge_autorisee", 0, _purge_en_cours)


@contextmanager
def purge_autorisee(alias: str = "default") -> Iterator[None]:
    connexion = connections[alias]
    _etat.purge = True
    if connexion.vendor == "postgresql":
        with connexion.cursor() as curseur:
            curseur.execute("SELECT set_config('cqpm.audit_purge', 'on', false)")
    try:
        yield
    finally:
        _etat.purge = False
        if connexion.vendor == "postgresql":
            with connexion.cursor() as curseur:
                curseur.execute("SELECT set_config('cqpm.audit_purge', 'off', false)")
