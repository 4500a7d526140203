from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "cqpm.evaluations"
    verbose_name = "Évaluations (parcours de formation)"
