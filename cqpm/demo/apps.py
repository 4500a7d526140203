from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and synthetic data: `manage.py charger_demo`, fiche 28245, generated CQPMs and RNCP exports.

    It sits on top of every app and no production module imports it (a contract in pyproject.toml holds that);
    tests and benchmarks may.
    """

    name = "cqpm.demo"
    verbose_name = "Démonstration"
