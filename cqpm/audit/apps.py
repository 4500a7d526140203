from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cqpm.audit"
    verbose_name = "Journal d'audit"
