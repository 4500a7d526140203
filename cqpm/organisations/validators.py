"""Checks of the identifiers organisations carry (SIRET, NACE). French messages, usable by forms and API."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

NACE_RE = re.compile(r"^\d{2}\.\d{2}[A-Z]?$")


def siret_valide(siret: str) -> bool:
    """14 digits and a valid Luhn key (La Poste's establishments, SIREN 356000000, use a digit-sum rule)."""
    if not re.fullmatch(r"\d{14}", siret):
        return False
    if siret.startswith("356000000"):
        return sum(int(c) for c in siret) % 5 == 0
    total = 0
    for i, c in enumerate(reversed(siret)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def valider_siret(value: str) -> None:
    if not siret_valide(value):
        raise ValidationError(
            "Le SIRET « %(v)s » est invalide : 14 chiffres avec une clé de contrôle exacte sont attendus.",
            params={"v": value},
            code="siret",
        )


def valider_nace(value: str) -> None:
    if not NACE_RE.match(value):
        raise ValidationError(
            "Le code NACE « %(v)s » est invalide : format attendu 25.62A (NAF rév. 2).",
            params={"v": value},
            code="nace",
        )


def completer_siret(debut: str) -> str:
    """The 14-digit SIRET whose first 13 digits are `debut`, with its Luhn key (demo data, tests)."""
    if not re.fullmatch(r"\d{13}", debut):
        raise ValueError("13 chiffres attendus")
    return next(siret for cle in "0123456789" if siret_valide(siret := debut + cle))
