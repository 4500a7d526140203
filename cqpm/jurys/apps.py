from django.apps import AppConfig


class JurysConfig(AppConfig):
    name = "cqpm.jurys"
    verbose_name = "Jurys paritaires de délibération"

    def ready(self) -> None:
        from cqpm.candidats.chronologie import enregistrer_source
        from cqpm.jurys.chronologie import source as source_chronologie

        enregistrer_source("jurys", source_chronologie)
        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree
        from cqpm.jurys.navigation import ENTREES, a_traiter

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("jurys", a_traiter)
