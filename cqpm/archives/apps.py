from django.apps import AppConfig


class ArchivesConfig(AppConfig):
    name = "cqpm.archives"
    verbose_name = "Archives et données personnelles"

    def ready(self) -> None:
        from cqpm.archives.services import purge_du_jour
        from cqpm.comptes.permissions import Action, peut
        from cqpm.core.navigation import Entree, Groupe, enregistrer_entree
        from cqpm.core.quotidien import enregistrer_tache_quotidienne

        enregistrer_tache_quotidienne("archives.purge", purge_du_jour)
        enregistrer_entree(
            "archives.rapport",
            Entree(
                "Archives",
                "archives:rapport",
                Groupe.ADMINISTRATION,
                lambda u: peut(u, Action.PURGER_ARCHIVES),
                sections=("archives",),
                ordre=90,
            ),
        )
