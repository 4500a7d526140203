"""The triggers by which the database refuses to delete what is kept indefinitely (R-ARCH-02 to 04), on SQLite
and PostgreSQL, the way `cqpm.audit` guards its log: a row trigger BEFORE DELETE raises under the condition on the
deleted row (`OLD`) the registry declares; PostgreSQL also refuses TRUNCATE.

Installing is idempotent, because SQLite drops a table's triggers when a later migration rebuilds the table (any
column added or altered): a migration that changes a guarded table on SQLite installs its trigger again, and
`tests/archives/test_registre.py` fails while one is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Table = tuple[str, str, str]
"""(table, rule, SQL condition on OLD under which the deletion is refused; "" = always)."""


def message(regle: str) -> str:
    return f"Conservation pour une durée indéterminée ({regle}) : suppression refusée."


def nom(table: str) -> str:
    return f"archives_indefini_{table}"


def installer(schema_editor: Any, tables: Iterable[Table]) -> None:
    vendor = schema_editor.connection.vendor
    for table, regle, condition in tables:
        if vendor == "postgresql":
            test = condition or "TRUE"
            schema_editor.execute(
                f"""CREATE OR REPLACE FUNCTION {nom(table)}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION '{message(regle)}';
    END IF;
    IF {test} THEN
        RAISE EXCEPTION '{message(regle)}';
    END IF;
    RETURN OLD;
END; $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {nom(table)} ON {table};
DROP TRIGGER IF EXISTS {nom(table)}_vidage ON {table};
CREATE TRIGGER {nom(table)} BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {nom(table)}();
CREATE TRIGGER {nom(table)}_vidage BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {nom(table)}();
"""
            )
        elif vendor == "sqlite":
            quand = "cqpm_audit_purge_autorisee() = 0" + (f" AND ({condition})" if condition else "")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {nom(table)}")
            schema_editor.execute(
                f"CREATE TRIGGER {nom(table)} BEFORE DELETE ON {table} WHEN {quand} "
                f"BEGIN SELECT RAISE(ABORT, '{message(regle)}'); END;"
            )
        else:
            raise NotImplementedError(f"Base {vendor} non prise en charge.")


def retirer(schema_editor: Any, tables: Iterable[Table]) -> None:
    vendor = schema_editor.connection.vendor
    for table, _regle, _condition in tables:
        if vendor == "postgresql":
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {nom(table)} ON {table}; DROP TRIGGER IF EXISTS {nom(table)}_vidage ON "
                f"{table}; DROP FUNCTION IF EXISTS {nom(table)}();"
            )
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {nom(table)}")
