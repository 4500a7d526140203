"""Actions on the GTP séances and their agenda, whatever the subject: create a séance, put a subject on its agenda,
postpone an item. The apps whose subjects the GTP examines call them, and the helpers below from inside their own
actions (a request withdrawn withdraws its item; a decision marks its item decided and the séance held).

Who acts is checked here (`Action.GERER_SEANCES`); what the subject must be is the kind's `preparer`
(`cqpm.gtp.sujets`). Audit events and rule are those of the séances (`SEANCE_*`, R-LC-DEC-01).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Max, Q, QuerySet

from cqpm.audit.enums import EvenementAudit
from cqpm.comptes.permissions import Action
from cqpm.core.acteurs import Acteur
from cqpm.core.errors import RegleViolee
from cqpm.core.transitions import operation
from cqpm.gtp.enums import IssuePoint, StatutSeance
from cqpm.gtp.models import PointOrdreDuJour, Seance
from cqpm.gtp.sujets import genre_de, genres, type_de

REGLE_SEANCES = "R-LC-DEC-01"
"""The séance is where the GTP takes the decisions R-LC-DEC-01 dates, sends and archives: its creation, agenda and
postponements are logged under that rule."""


def minuscule(libelle: str) -> str:
    """« Séance du GTP » inside a sentence: only the first letter is lowered."""
    return libelle[:1].lower() + libelle[1:]


def creer_seance(*, date: datetime.date, lieu: str, acteur: Acteur, intitule: str = "") -> Seance:
    """Plan a séance of the GTP."""
    with operation(acteur=acteur, permission=Action.GERER_SEANCES) as op:
        if not lieu.strip():
            raise RegleViolee("SEANCE", "Indiquez le lieu de la séance.", code="lieu", champ="lieu")
        seance = Seance(date=date, lieu=lieu.strip(), creee_par=op.utilisateur)
        if intitule.strip():
            seance.intitule = intitule.strip()
        seance.save()
        op.journaliser(
            EvenementAudit.SEANCE_CREATION,
            seance,
            apres={"date": date.isoformat(), "lieu": lieu},
            regle=REGLE_SEANCES,
        )
    return seance


def points_de(sujet: Any) -> QuerySet[PointOrdreDuJour]:
    """Every agenda item on this subject, whatever its issue."""
    return PointOrdreDuJour.objects.filter(sujet_type=type_de(type(sujet)), sujet_id=sujet.pk)


def point_a_examiner(sujet: Any, seance: Seance | None = None) -> PointOrdreDuJour | None:
    """The item still to be examined on this subject (on `seance` when given): there is one at most."""
    points = points_de(sujet).filter(issue=IssuePoint.A_EXAMINER)
    if seance is not None:
        points = points.filter(seance=seance)
    return points.select_related("seance").first()


def inscrits(modele: type[Any]) -> QuerySet[PointOrdreDuJour]:
    """The items still to be examined on subjects of `modele`: `.values("sujet_id")` excludes them from a list."""
    return PointOrdreDuJour.objects.filter(sujet_type=type_de(modele), issue=IssuePoint.A_EXAMINER)


def inscrire_a_l_ordre_du_jour(seance: Seance, sujet: Any, *, acteur: Acteur) -> PointOrdreDuJour:
    """Put a subject on the agenda of a planned séance, as its last item; a subject is on one agenda at a time
    (the database holds it too). What the subject must be is its kind's `preparer`."""
    genre = genre_de(sujet)
    with operation(acteur=acteur, permission=Action.GERER_SEANCES) as op:
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        if seance.statut != StatutSeance.PLANIFIEE:
            raise RegleViolee("SEANCE", f"{seance} s'est déjà tenue : son ordre du jour est clos.", code="seance_tenue")
        sujet = genre.preparer(sujet)
        deja = point_a_examiner(sujet)
        if deja is not None:
            raise RegleViolee(
                "SEANCE",
                f"{sujet} est déjà inscrite à l'ordre du jour de la {minuscule(str(deja.seance))} ; "
                "reportez-la d'abord.",
                code="deja_inscrite",
            )
        ordre = (seance.points.aggregate(m=Max("ordre"))["m"] or 0) + 1
        point = PointOrdreDuJour.objects.create(
            seance=seance,
            ordre=ordre,
            intitule=genre.intitule(sujet)[:300],
            nature=genre.nature,
            sujet_type=type_de(genre.modele),
            sujet_id=sujet.pk,
            inscrit_par=op.utilisateur,
        )
        op.journaliser(
            EvenementAudit.SEANCE_INSCRIPTION,
            seance,
            apres={"point": ordre, genre.cle: sujet.pk},
            regle=REGLE_SEANCES,
        )
    return point


def reporter(point: PointOrdreDuJour, *, acteur: Acteur) -> PointOrdreDuJour:
    """Postpone an agenda item not decided: its subject may go on a later séance's agenda."""
    with operation(acteur=acteur, permission=Action.GERER_SEANCES) as op:
        point = PointOrdreDuJour.objects.select_for_update().get(pk=point.pk)
        if point.issue != IssuePoint.A_EXAMINER:
            raise RegleViolee(
                "SEANCE", f"Le point « {point} » est déjà {point.get_issue_display().lower()}.", code="point_clos"
            )
        point.issue = IssuePoint.REPORTE
        point.save(update_fields=["issue"])
        op.journaliser(
            EvenementAudit.SEANCE_REPORT,
            point.seance,
            avant={"point": point.ordre, "issue": IssuePoint.A_EXAMINER},
            apres={"issue": IssuePoint.REPORTE},
            regle=REGLE_SEANCES,
        )
    return point


# Helpers for the subjects' own actions, which checked who acts, hold the locks and write their log.


def retirer_de_l_ordre_du_jour(sujet: Any) -> int:
    """The subject is withdrawn: its item still to be examined is too (returns how many items changed)."""
    return points_de(sujet).filter(issue=IssuePoint.A_EXAMINER).update(issue=IssuePoint.RETIRE)


def marquer_decide(point: PointOrdreDuJour) -> None:
    """The GTP decided on this item: the item is decided and its séance, held."""
    point.issue = IssuePoint.DECIDE
    point.save(update_fields=["issue"])
    seance = point.seance
    if seance.statut != StatutSeance.TENUE:
        seance.statut = StatutSeance.TENUE
        seance.save(update_fields=["statut"])


def points_visibles(seance: Seance, utilisateur: Any) -> QuerySet[PointOrdreDuJour]:
    """The agenda as `utilisateur` may read it: items without a subject, and those whose subject its kind lets the
    user read; an item of a kind no app declares is not shown."""
    filtre = Q(sujet_type__isnull=True)
    for genre in genres():
        filtre |= Q(sujet_type=type_de(genre.modele), sujet_id__in=genre.visibles(utilisateur).values("pk"))
    return seance.points.filter(filtre).order_by("ordre")
