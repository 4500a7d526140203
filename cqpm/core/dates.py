"""Calendar arithmetic for the Dispositif's time limits (3 months, 24 months, 2, 3 and 5 years).

A limit in months or years ends on the day bearing the same number as the starting day, or — when that month is
shorter — on its last day (the usual French rule for délais: 31 August + 6 months = 28 or 29 February). A limit
therefore never slips into the following month, and a later start never gives an earlier end.
"""

from __future__ import annotations

import calendar
import datetime


def ajouter_mois(jour: datetime.date, mois: int) -> datetime.date:
    """`jour` plus whole months (negative allowed), clamped to the last day of a shorter month."""
    rang = jour.year * 12 + (jour.month - 1) + mois
    annee, mois_0 = divmod(rang, 12)
    dernier = calendar.monthrange(annee, mois_0 + 1)[1]
    return datetime.date(annee, mois_0 + 1, min(jour.day, dernier))


def ajouter_annees(jour: datetime.date, annees: int) -> datetime.date:
    """`jour` plus whole years: 29 February becomes 28 February in a common year."""
    return ajouter_mois(jour, 12 * annees)
