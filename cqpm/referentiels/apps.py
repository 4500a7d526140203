from django.apps import AppConfig


class ReferentielsConfig(AppConfig):
    name = "cqpm.referentiels"
    verbose_name = "Référentiels et catalogue"
