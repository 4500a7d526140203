"""What a candidate sees of his training-path evaluation in his space (« Mon espace », `cqpm.portail.sections`):
the commission's date and, per capacity, acquired or not. The jury decides the award from them (R-EVAL-04)."""

from __future__ import annotations

from cqpm.candidats.enums import Parcours
from cqpm.candidats.models import Candidat, Inscription
from cqpm.evaluations.models import DossierEvaluation
from cqpm.portail.sections import Section


def section_evaluation(candidat: Candidat, inscription: Inscription) -> Section | None:
    if inscription.parcours != Parcours.FORMATION_CONTINUE or inscription.candidat_id != candidat.pk:
        return None
    dossier = DossierEvaluation.objects.filter(inscription=inscription).first()
    if dossier is None:
        return None
    resultats = list(
        dossier.resultats.select_related("capacite", "commission").order_by("capacite__numero")  # type: ignore[misc]
    )
    return Section(
        titre="Évaluation",
        gabarit="evaluations/section_espace.html",
        contexte={"dossier": dossier, "resultats": resultats},
        ordre=50,
    )
