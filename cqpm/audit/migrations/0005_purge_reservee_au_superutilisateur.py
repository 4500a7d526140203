"""The audit triggers no longer obey a session variable any connection could set (`cqpm.audit_purge`).

On PostgreSQL the only way past them is `session_replication_role = replica`, under which ordinary triggers do not
fire: changing that setting needs a superuser, which the application's role never is (README, « Journal d'audit »).
The test suite's flush runs as the test cluster's superuser; the application cannot do the same.
"""

from django.db import migrations

TABLE = "audit_entreeaudit"
MESSAGE = "Le journal d''audit est en ajout seul : modification et suppression refusées."

SANS_INTERRUPTEUR = f"""
CREATE OR REPLACE FUNCTION audit_refuser_modification() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}';
END; $$ LANGUAGE plpgsql;
"""

AVEC_INTERRUPTEUR = f"""
CREATE OR REPLACE FUNCTION audit_refuser_modification() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'UPDATE' AND coalesce(current_setting('cqpm.audit_purge', true), 'off') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '{MESSAGE}';
END; $$ LANGUAGE plpgsql;
"""


def sans_interrupteur(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SANS_INTERRUPTEUR)


def avec_interrupteur(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(AVEC_INTERRUPTEUR)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_evenements")]
    operations = [migrations.RunPython(sans_interrupteur, avec_interrupteur)]
