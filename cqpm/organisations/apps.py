from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "cqpm.organisations"
    verbose_name = "Organisations"
