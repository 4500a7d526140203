from django.apps import AppConfig


class ReferentielsConfig(AppConfig):
    name = "cqpm.referentiels"
    verbose_name = "Référentiels et catalogue"

    def ready(self) -> None:
        from cqpm.core.navigation import enregistrer_entree
        from cqpm.referentiels.navigation import ENTREES

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
