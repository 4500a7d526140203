from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cqpm.core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from cqpm.core.courriels import reprendre_courriels_interrompus
        from cqpm.core.quotidien import enregistrer_tache_quotidienne

        enregistrer_tache_quotidienne("core.courriels_interrompus", reprendre_courriels_interrompus)
