from django.apps import AppConfig


class CycleDeVieConfig(AppConfig):
    name = "cqpm.cycle_de_vie"
    verbose_name = "Cycle de vie des référentiels"

    def ready(self) -> None:
        from cqpm.core.quotidien import enregistrer_tache_quotidienne
        from cqpm.cycle_de_vie.quotidien import taches_du_jour

        enregistrer_tache_quotidienne("cycle_de_vie.reactivations_et_propositions", taches_du_jour)

        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree
        from cqpm.cycle_de_vie.navigation import ENTREES, a_traiter

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("cycle_de_vie", a_traiter)

        from cqpm.cycle_de_vie.models import Demande
        from cqpm.cycle_de_vie.services import demandes_visibles, preparer_inscription
        from cqpm.gtp.enums import NatureSujet
        from cqpm.gtp.sujets import GenreDeSujet, enregistrer_genre

        enregistrer_genre(
            GenreDeSujet(
                nature=NatureSujet.DEMANDE,
                modele=Demande,
                cle="demande",
                visibles=demandes_visibles,
                preparer=preparer_inscription,
            )
        )
