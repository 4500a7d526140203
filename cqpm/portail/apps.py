from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "cqpm.portail"
    verbose_name = "Espace candidat"

    def ready(self) -> None:
        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree
        from cqpm.portail import signals  # noqa: F401  (connects the masking of delivered links)
        from cqpm.portail.navigation import ENTREES, a_traiter

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("portail", a_traiter)
