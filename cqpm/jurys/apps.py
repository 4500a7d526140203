from django.apps import AppConfig


class JurysConfig(AppConfig):
    name = "cqpm.jurys"
    verbose_name = "Jurys paritaires de délibération"
