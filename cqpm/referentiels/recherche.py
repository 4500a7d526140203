"""Accent- and case-insensitive search, identical on SQLite and PostgreSQL.

Each qualification stores a normalised text (no accents, lower case) of what the public searches by: titles,
current and former numbers (with and without spaces), current and former RNCP codes, NSF and ROME codes. A query
is normalised the same way and every word of it must appear.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unidecode import unidecode

if TYPE_CHECKING:
    from cqpm.referentiels.models import Qualification


def normaliser(texte: str) -> str:
    return re.sub(r"\s+", " ", unidecode(texte).lower()).strip()


def mots(requete: str) -> list[str]:
    return [m for m in re.split(r"[\s,;()«»\"']+", normaliser(requete)) if m]


def texte_de_recherche(q: Qualification) -> str:
    numeros = [q.numero or ""]
    if q.pk:
        numeros += list(q.anciens_numeros.values_list("numero", flat=True))
    morceaux = [q.intitule, *numeros, *(n.replace(" ", "") for n in numeros if n)]
    for code in [q.code_rncp, *(q.rncp_codes_anciens or [])]:
        if code:
            morceaux += [code, f"RNCP{code}"]
    morceaux += [str(c) for c in (q.codes_nsf or [])] + [str(c) for c in (q.codes_rome or [])]
    return normaliser(" | ".join(m for m in morceaux if m))
