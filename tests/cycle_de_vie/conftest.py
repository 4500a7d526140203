"""Fixtures of the lifecycle tests (defined in outils.py, next to the helpers that use them)."""

from tests.cycle_de_vie.outils import reseau, secretariat

__all__ = ["reseau", "secretariat"]
