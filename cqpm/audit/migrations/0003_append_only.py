"""Make the audit table append-only at the database level, on SQLite and PostgreSQL."""

from django.db import migrations

MESSAGE = "Le journal d''audit est en ajout seul : modification et suppression refusées."  # SQL-quoted


def creer_declencheurs(apps, schema_editor):
    table = "audit_entreeaudit"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION audit_refuser_modification() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;
            CREATE TRIGGER audit_pas_de_modification BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION audit_refuser_modification();
            CREATE TRIGGER audit_pas_de_vidage BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION audit_refuser_modification();
            """
        )
    elif schema_editor.connection.vendor == "sqlite":
        for evenement in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER audit_pas_de_{evenement.lower()} BEFORE {evenement} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
    else:
        raise NotImplementedError(f"Base {schema_editor.connection.vendor} non prise en charge.")


def supprimer_declencheurs(apps, schema_editor):
    table = "audit_entreeaudit"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"DROP TRIGGER audit_pas_de_modification ON {table}; DROP TRIGGER audit_pas_de_vidage ON {table}; "
            "DROP FUNCTION audit_refuser_modification();"
        )
    else:
        schema_editor.execute("DROP TRIGGER audit_pas_de_update; DROP TRIGGER audit_pas_de_delete;")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]
    operations = [migrations.RunPython(creer_declencheurs, supprimer_declencheurs)]
