from django.apps import AppConfig


class CycleDeVieConfig(AppConfig):
    name = "cqpm.cycle_de_vie"
    verbose_name = "Cycle de vie des référentiels"
