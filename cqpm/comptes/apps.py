from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "cqpm.comptes"
    verbose_name = "Comptes et habilitations"
