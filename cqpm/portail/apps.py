from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "cqpm.portail"
    verbose_name = "Espace candidat"
