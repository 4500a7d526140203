from django.apps import AppConfig


class AttributionsConfig(AppConfig):
    name = "cqpm.attributions"
    verbose_name = "Attributions et certificats"

    def ready(self) -> None:
        from cqpm.attributions.navigation import ENTREES, a_traiter
        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("attributions", a_traiter)
