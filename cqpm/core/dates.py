"""Calendar arithmetic for the Dispositif's time limits (3 months, 24 months, 2, 3 and 5 years).

A limit in months or years ends on the day bearing the same number as the starting day, or — when that month is
shorter — on its last day (the usual French rule for délais: 31 August + 6 months = 28 or 29 February). A limit
therefore never slips into the following month, and a later start never gives an earlier end.
"""

from __future__ import annotations

import calendar
import datetime
import re


def ajouter_mois(jour: datetime.date, mois: int) -> datetime.date:
    """`jour` plus whole months (negative allowed), clamped to the last day of a shorter month."""
    rang = jour.year * 12 + (jour.month - 1) + mois
    annee, mois_0 = divmod(rang, 12)
    dernier = calendar.monthrange(annee, mois_0 + 1)[1]
    return datetime.date(annee, mois_0 + 1, min(jour.day, dernier))


def ajouter_annees(jour: datetime.date, annees: int) -> datetime.date:
    """`jour` plus whole years: 29 February becomes 28 February in a common year."""
    return ajouter_mois(jour, 12 * annees)


_MOTIF_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MOTIF_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def date_inexistante(texte: str) -> str | None:
    """The French message for a well-formed date that is not in the calendar (2026-02-30, 31/04/2026), else None:
    the user wrote the right format, so telling him the format again would mislead him."""
    texte = texte.strip()
    if trouve := _MOTIF_ISO.match(texte):
        annee, mois, jour = (int(g) for g in trouve.groups())
    elif trouve := _MOTIF_FR.match(texte):
        jour, mois, annee = (int(g) for g in trouve.groups())
    else:
        return None
    try:
        datetime.date(annee, mois, jour)
    except ValueError:
        if not 1 <= mois <= 12:
            return f"la date « {texte} » n'existe pas : il n'y a pas de mois {mois}"
        dernier = calendar.monthrange(annee, mois)[1]
        return f"la date « {texte} » n'existe pas : ce mois-là compte {dernier} jours"
    return None


def lire_date_iso(texte: str) -> datetime.date:
    """An AAAA-MM-JJ date; ValueError with a French message saying whether the format or the day is wrong."""
    if message := date_inexistante(texte):
        raise ValueError(message[0].upper() + message[1:] + ".")
    if not _MOTIF_ISO.match(texte.strip()):
        raise ValueError(f"Date invalide « {texte} » : attendu AAAA-MM-JJ.")
    return datetime.date.fromisoformat(texte.strip())
