"""The séances are tested with requests as their subject, the one kind declared today (`cqpm.cycle_de_vie`)."""

from tests.cycle_de_vie.outils import reseau, secretariat

__all__ = ["reseau", "secretariat"]
