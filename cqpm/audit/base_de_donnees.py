"""The database side of the append-only audit log.

Triggers refuse UPDATE, DELETE and TRUNCATE of the audit table. The only exception is `purge_autorisee()`,
used by the test suite so that transactional tests can empty the database between tests:

- on PostgreSQL it sets `session_replication_role = replica`, under which ordinary triggers do not fire. Only a
  superuser may change that setting: the test cluster's `postgres` can, the application's production role (never
  a superuser, never the owner of the tables: README, « Journal d'audit ») gets « permission denied ». No session
  variable opens the triggers any more (migration 0005).
- on SQLite (the embedded demo, no roles) it flips the SQL function the trigger calls (registered on every
  connection; a connection without it, e.g. the sqlite3 shell, is refused too).

Someone with the owner's or a superuser's access can drop a trigger anyway: the point is that no application code
path, bug or admin action — nor anyone holding only the application's credentials — rewrites history.
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
            curseur.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        _etat.purge = False
        if connexion.vendor == "postgresql":
            with connexion.cursor() as curseur:
                curseur.execute("RESET session_replication_role")
