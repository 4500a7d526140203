from django.apps import AppConfig


class CandidatsConfig(AppConfig):
    name = "cqpm.candidats"
    verbose_name = "Candidats et inscriptions"
