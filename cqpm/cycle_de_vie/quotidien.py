"""The lifecycle's daily job, registered in `cqpm.core.quotidien` (run by `manage.py taches_quotidiennes`).

It ends the time-limited reactivations that expired (R-LC-REA-02), then raises the veille and suppression
proposals due (R-LC-SUP-03) — in that order, so that a CQPM back in veille today is seen as such — and says, in
French, what it did.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from cqpm.cycle_de_vie import effets, propositions
from cqpm.cycle_de_vie.models import Demande


def decrire(demande: Demande) -> str:
    """One line per proposal: the CQPM, what is proposed and where it will be examined."""
    point = propositions.point_inscrit(demande)
    seance = str(point.seance) if point is not None else ""
    ou = (
        f"inscrite à l'ordre du jour de la {seance[:1].lower()}{seance[1:]} (point {point.ordre})"
        if point is not None
        else "aucune séance du GTP n'est planifiée : à inscrire à l'ordre du jour de la prochaine"
    )
    return f"- Demande n° {demande.pk} : {demande.get_type_display().lower()} de « {demande.qualification} » — {ou}."


def rapporter(ecrire: Callable[[str], None], demandes: list[Demande], le: datetime.date) -> None:
    if not demandes:
        ecrire(f"Aucune mise en veille ni suppression à proposer au {le:%d/%m/%Y} (R-LC-SUP-03).")
        return
    ecrire(
        f"{len(demandes)} proposition(s) déposée(s) au nom du GTP au {le:%d/%m/%Y} (R-LC-SUP-03), "
        "à décider par le GTP :"
    )
    for demande in demandes:
        ecrire(decrire(demande))


def taches_du_jour(le: datetime.date, ecrire: Callable[[str], None]) -> None:
    terminees = effets.terminer_reactivations(le)
    if terminees:
        ecrire(f"{len(terminees)} réactivation(s) arrivée(s) à échéance, CQPM remis en veille :")
        for q in terminees:
            ecrire(f"- « {q} » (R-LC-REA-02).")
    else:
        ecrire(f"Aucune réactivation arrivée à échéance au {le:%d/%m/%Y}.")
    rapporter(ecrire, propositions.proposer(le), le)
