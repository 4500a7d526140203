from django.apps import AppConfig


class CandidatsConfig(AppConfig):
    name = "cqpm.candidats"
    verbose_name = "Candidats et inscriptions"

    def ready(self) -> None:
        """A CQPM with a recent registration is in use: the veille proposals look at registrations (R-LC-SUP-03)."""
        from cqpm.candidats.chronologie import enregistrer_source, source_candidats

        enregistrer_source("candidats", source_candidats)
        from cqpm.candidats.services import derniere_inscription
        from cqpm.cycle_de_vie import propositions

        if derniere_inscription not in propositions.SOURCES_UTILISATION:
            propositions.SOURCES_UTILISATION.append(derniere_inscription)

        from cqpm.candidats.navigation import ENTREES, a_traiter
        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("candidats", a_traiter)
