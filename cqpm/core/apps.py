from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cqpm.core"
    verbose_name = "Socle"
