from django.apps import AppConfig


class AttributionsConfig(AppConfig):
    name = "cqpm.attributions"
    verbose_name = "Attributions et certificats"

    def ready(self) -> None:
        from cqpm.attributions.models import DemandeAttribution
        from cqpm.attributions.services import demandes_visibles, preparer_pour_l_ordre_du_jour
        from cqpm.gtp.enums import NatureSujet
        from cqpm.gtp.sujets import GenreDeSujet, enregistrer_genre

        enregistrer_genre(
            GenreDeSujet(
                nature=NatureSujet.ATTRIBUTIONS,
                modele=DemandeAttribution,
                cle="demande_attribution",
                visibles=demandes_visibles,
                preparer=preparer_pour_l_ordre_du_jour,
                intitule=lambda d: f"Validation des attributions — {d}",
            )
        )
        from cqpm.attributions.navigation import ENTREES, a_traiter
        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("attributions", a_traiter)
        from cqpm.attributions.espace import section_documents
        from cqpm.portail.sections import enregistrer_section

        enregistrer_section("attributions.documents", section_documents)
