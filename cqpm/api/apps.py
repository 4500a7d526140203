from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cqpm.api"
    verbose_name = "API"
