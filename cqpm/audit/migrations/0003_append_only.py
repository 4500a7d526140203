"""Make the audit table append-only at the database level, on SQLite and PostgreSQL (see base_de_donnees.py)."""

from django.db import migrations

TABLE = "audit_entreeaudit"
# Quoted for SQL: the apostrophe is doubled.
MESSAGE = "Le journal d''audit est en ajout seul : modification et suppression refusées."

POSTGRES = f"""
CREATE OR REPLACE FUNCTION audit_refuser_modification() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'UPDATE' AND coalesce(current_setting('cqpm.audit_purge', true), 'off') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '{MESSAGE}';
END; $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_pas_de_modification BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_refuser_modification();
CREATE TRIGGER audit_pas_de_vidage BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuser_modification();
"""

SQLITE = [
    f"CREATE TRIGGER audit_pas_de_update BEFORE UPDATE ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER audit_pas_de_delete BEFORE DELETE ON {TABLE} WHEN cqpm_audit_purge_autorisee() = 0 "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]


def creer_declencheurs(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)
    else:
        raise NotImplementedError(f"Base {vendor} non prise en charge.")


def supprimer_declencheurs(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"DROP TRIGGER audit_pas_de_modification ON {TABLE}; DROP TRIGGER audit_pas_de_vidage ON {TABLE}; "
            "DROP FUNCTION audit_refuser_modification();"
        )
    else:
        schema_editor.execute("DROP TRIGGER audit_pas_de_update")
        schema_editor.execute("DROP TRIGGER audit_pas_de_delete")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(creer_declencheurs, supprimer_declencheurs)]
