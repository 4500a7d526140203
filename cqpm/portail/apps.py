from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "cqpm.portail"
    verbose_name = "Espace candidat"

    def ready(self) -> None:
        from cqpm.candidats.chronologie import enregistrer_source
        from cqpm.portail.chronologie import source as source_chronologie

        enregistrer_source("portail", source_chronologie)
        from cqpm.core.masquage import enregistrer_masque
        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree
        from cqpm.portail.masquage import masquer_liens
        from cqpm.portail.navigation import ENTREES, a_traiter
        from cqpm.portail.services import REFERENCE_COURRIEL

        enregistrer_masque(f"{REFERENCE_COURRIEL}.", masquer_liens)
        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("portail", a_traiter)
