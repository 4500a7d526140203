"""The verification code of a certificate: the one module that makes, formats and reads it.

Printed under the QR code and typed by whoever checks a paper certificate, it must be short, survive being read
aloud or copied by hand, and be impossible to guess or enumerate (no link with the MC number). Sixteen characters
drawn by `secrets` from an alphabet without look-alikes carry 16 × log2(29) ≈ 77.7 bits: at a million guesses a
second, hitting any one of a million certificates would still take ~7 600 years.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
"""29 characters: digits 2–9 and capitals, without 0, 1, I, L, O, U, V (look-alikes of each other)."""

LONGUEUR = 16
GROUPE = 4


def generer() -> str:
    """A new code, stored without separators."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LONGUEUR))


def formater(code: str) -> str:
    """`ABCD-EFGH-JKMN-PQRS`: groups of four, as printed and shown."""
    return "-".join(code[i : i + GROUPE] for i in range(0, len(code), GROUPE))


def normaliser(saisie: str) -> str | None:
    """The stored form of what somebody typed (any case, spaces or dashes), or None when it cannot be a code —
    then nothing is looked up."""
    code = "".join(c for c in saisie.upper() if c not in " -\t")
    if len(code) != LONGUEUR or any(c not in ALPHABET for c in code):
        return None
    return code
