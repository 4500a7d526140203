from django.apps import AppConfig


class JurysConfig(AppConfig):
    name = "cqpm.jurys"
    verbose_name = "Jurys paritaires de délibération"

    def ready(self) -> None:
        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree
        from cqpm.jurys.navigation import ENTREES, a_traiter

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("jurys", a_traiter)
