"""Département codes, the one list of them: an UIMM territoriale is identified by one, and the CQPM, bloc and
certificate numbers embed them (`cqpm.referentiels.numeros` reads and writes those numbers on top of this module).

Free of Django, like the number module, so that every layer can call it.
"""

from __future__ import annotations

REGLE = "R-ID-05"

DEPARTEMENTS: frozenset[str] = frozenset(
    [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"] + [str(n) for n in range(971, 977)]
)
"""Département codes an UIMM territoriale or exam centre can carry (Corsica is 2A/2B, never 20)."""

CODES_ADMIS = "01 à 95 sauf 20, 2A, 2B, 971 à 976"


class DepartementInconnu(ValueError):
    """A code no département has. ``detail`` says so, for a number's error to quote; ``message`` is the sentence
    shown when the code stands alone (an organisation's département)."""

    def __init__(self, code: str) -> None:
        self.detail = f"le département « {code.strip()} » n'existe pas (codes admis : {CODES_ADMIS})"
        self.message = f"Code département invalide ({REGLE}) : {self.detail}. Format attendu : DD ou DDD."
        super().__init__(self.message)


def normaliser_departement(code: str) -> str:
    """The canonical code (`` 2a `` → ``2A``), or :class:`DepartementInconnu`."""
    normalise = code.strip().upper()
    if normalise not in DEPARTEMENTS:
        raise DepartementInconnu(code)
    return normalise
