from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "cqpm.evaluations"
    verbose_name = "Évaluations (parcours de formation)"

    def ready(self) -> None:
        from cqpm.evaluations.espace import section_evaluation
        from cqpm.portail.sections import enregistrer_section

        enregistrer_section("evaluations.resultats", section_evaluation)
