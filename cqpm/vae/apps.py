from django.apps import AppConfig


class VaeConfig(AppConfig):
    name = "cqpm.vae"
    verbose_name = "Validation des acquis de l'expérience"
