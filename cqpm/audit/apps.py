from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "cqpm.audit"
    verbose_name = "Journal d'audit"

    def ready(self) -> None:
        from cqpm.audit.base_de_donnees import enregistrer_fonction_sqlite

        connection_created.connect(enregistrer_fonction_sqlite, dispatch_uid="cqpm_audit_sqlite")
