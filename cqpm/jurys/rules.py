"""The composition and calendar rules of the jury paritaire de délibération (R-JURY-01 to 09), as pure checks.

Each check takes plain values and raises `RegleViolee` citing its rule with the French sentence every channel
shows; `services` call them inside the action's transaction, where the rows are locked.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping, Set

from cqpm.core.errors import RegleViolee
from cqpm.documents.rendu import date_longue
from cqpm.jurys.enums import BrancheMembre, Decision

#: R-JURY-01 and R-JURY-08: union designation request and convocations, in calendar days before the jury.
DELAI_DESIGNATION = 15
DELAI_CONVOCATION = 15
#: R-JURY-08: what an employee member gives his employer, in calendar days.
PREAVIS_EMPLOYEUR = 8
#: R-JURY-02.
MAX_PATRONAUX_METALLURGIE = 5
MAX_TRAVAIL_TEMPORAIRE = 1


def verifier_delai(jury_le: datetime.date, envoye_le: datetime.date, *, jours: int, regle: str, quoi: str) -> None:
    """`envoye_le` is at least `jours` calendar days before `jury_le`."""
    limite = jury_le - datetime.timedelta(days=jours)
    if envoye_le > limite:
        raise RegleViolee(
            regle,
            f"{quoi} part au moins {jours} jours calendaires avant le jury du {date_longue(jury_le)}, soit au plus "
            f"tard le {date_longue(limite)} ; le {date_longue(envoye_le)} est trop tard ({regle}).",
            code="delai_depasse",
        )


def verifier_branche_membre(branche: str, *, regle: str) -> None:
    """Qualified members are employees of metallurgy companies, or of temporary work (R-JURY-02, R-JURY-03)."""
    if branche not in (BrancheMembre.METALLURGIE, BrancheMembre.TRAVAIL_TEMPORAIRE):
        raise RegleViolee(
            regle,
            "Un membre qualifié est salarié d'une entreprise de la métallurgie, ou à défaut du travail temporaire ; "
            f"un salarié d'une autre branche ne peut siéger ({regle}).",
            code="branche_non_admise",
            champ="branche",
        )


def verifier_delegation_patronale(branches: Iterable[str]) -> None:
    """At most 5 from metallurgy plus at most 1 from temporary work (R-JURY-02), `branches` including the new one."""
    compte = Counter(branches)
    if compte[BrancheMembre.METALLURGIE] > MAX_PATRONAUX_METALLURGIE:
        raise RegleViolee(
            "R-JURY-02",
            f"La délégation patronale compte au plus {MAX_PATRONAUX_METALLURGIE} membres qualifiés de la métallurgie "
            "(R-JURY-02).",
            code="delegation_patronale_complete",
        )
    if compte[BrancheMembre.TRAVAIL_TEMPORAIRE] > MAX_TRAVAIL_TEMPORAIRE:
        raise RegleViolee(
            "R-JURY-02",
            "La délégation patronale compte au plus un membre de la branche du travail temporaire (R-JURY-02).",
            code="travail_temporaire_complet",
        )


def verifier_delegation_syndicale(branches: Iterable[str]) -> None:
    """At most one union designee from temporary work (R-JURY-03), `branches` including the new one."""
    if Counter(branches)[BrancheMembre.TRAVAIL_TEMPORAIRE] > MAX_TRAVAIL_TEMPORAIRE:
        raise RegleViolee(
            "R-JURY-03",
            "La délégation syndicale compte au plus un membre de la branche du travail temporaire (R-JURY-03).",
            code="travail_temporaire_complet",
        )


def verifier_valeur_decision(valeur: str) -> Decision:
    """A or NA, no other value (Annex 7, note 6; R-JURY-09)."""
    if valeur not in Decision.values:
        raise RegleViolee(
            "R-JURY-09",
            f"Le jury déclare chaque candidat A (admis) ou NA (non admis), aucune autre valeur : « {valeur} » est "
            "refusé (R-JURY-09).",
            code="decision_inconnue",
            champ="decision",
        )
    return Decision(valeur)


def decision_majoritaire(votes: Iterable[str], *, vote_president: str | None, code: str) -> Decision:
    """The majority of the voting members' votes; on a tie the president's vote decides (R-JURY-05)."""
    compte = Counter(votes)
    admis, non_admis = compte[Decision.ADMIS], compte[Decision.NON_ADMIS]
    if admis + non_admis == 0:
        raise RegleViolee(
            "R-JURY-09",
            f"Aucun vote n'est enregistré pour le candidat {code} : le jury examine chaque dossier (R-JURY-09).",
            code="vote_manquant",
        )
    if admis != non_admis:
        return Decision.ADMIS if admis > non_admis else Decision.NON_ADMIS
    if vote_president is None:
        raise RegleViolee(
            "R-JURY-05",
            f"Égalité des voix pour le candidat {code} : la voix du président est prépondérante, il doit voter "
            "(R-JURY-05).",
            code="voix_president_manquante",
        )
    return Decision(vote_president)


def cibles(*, capacites_par_bloc: Mapping[int, Set[int]], acquises: Set[int], rncp: bool) -> tuple[int | None, ...]:
    """What the candidate « a réussi les évaluations » of, on which the jury gives its A or NA (R-GTP-02, decision):
    the whole CQPM (None) when every capacity is acquired; otherwise, for an RNCP CQPM, each bloc whose capacities
    are all acquired; nothing else (the rest is the partial-acquisition letter, R-LET-03)."""
    toutes = set().union(*capacites_par_bloc.values()) if capacites_par_bloc else set()
    if toutes and toutes <= acquises:
        return (None,)
    if not rncp:
        return ()
    return tuple(sorted(b for b, caps in capacites_par_bloc.items() if caps and caps <= acquises))


def verifier_decision_cible(decision_candidat: str, decision_cible: str, *, code: str) -> Decision:
    """A target is A only for a candidate the jury declared A (R-JURY-09, R-GTP-02): NA for the candidate is NA
    for every target."""
    valeur = verifier_valeur_decision(decision_cible)
    if valeur == Decision.ADMIS and decision_candidat != Decision.ADMIS:
        raise RegleViolee(
            "R-GTP-02",
            f"Le jury a déclaré le candidat {code} non admissible : aucune de ses certifications ne peut être "
            "déclarée admissible (R-JURY-09, R-GTP-02).",
            code="cible_admise_candidat_non_admis",
        )
    return valeur
