from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "cqpm.evaluations"
    verbose_name = "Évaluations (parcours de formation)"

    def ready(self) -> None:
        from cqpm.candidats.chronologie import enregistrer_source
        from cqpm.evaluations.chronologie import source as source_chronologie

        enregistrer_source("evaluations", source_chronologie)
        from cqpm.evaluations.espace import section_evaluation
        from cqpm.portail.sections import enregistrer_section

        enregistrer_section("evaluations.resultats", section_evaluation)

        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree
        from cqpm.evaluations.navigation import ENTREES, a_traiter

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("evaluations", a_traiter)
