"""Fixtures of the candidates' tests (defined in outils.py, next to the helpers that use them)."""

from tests.candidats.outils import cadre
from tests.cycle_de_vie.outils import reseau, secretariat

__all__ = ["cadre", "reseau", "secretariat"]
