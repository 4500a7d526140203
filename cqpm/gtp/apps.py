from django.apps import AppConfig


class GtpConfig(AppConfig):
    name = "cqpm.gtp"
    verbose_name = "Séances du GTP « Qualifications »"
