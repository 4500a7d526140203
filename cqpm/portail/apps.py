from django.apps import AppConfig


class PortailConfig(AppConfig):
    name = "cqpm.portail"
    verbose_name = "Espace candidat"

    def ready(self) -> None:
        from cqpm.portail import signals  # noqa: F401  (connects the masking of delivered links)
