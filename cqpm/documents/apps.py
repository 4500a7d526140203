from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cqpm.documents"
    verbose_name = "Documents PDF"
