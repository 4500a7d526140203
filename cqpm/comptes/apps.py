from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "cqpm.comptes"
    verbose_name = "Comptes et habilitations"

    def ready(self) -> None:
        from cqpm.comptes.navigation import ENTREES
        from cqpm.core.navigation import enregistrer_entree

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
