"""Background validation of a whole GTP séance (R-GTP-02, R-ID-04).

Each target is decided in its own transaction, so a crash leaves the decided ones decided (with their numbers)
and the others untouched; running the task again (or `lancer_validation_seance`) takes only what remains. A target
that cannot be decided (a rule refuses it, or an unexpected error) never blocks the others: its reason is noted on
it for the séance's report (`services.rapport_validation`) and the run goes on. The progress is what
`services.progression` counts.
"""

from __future__ import annotations

import logging

from django_tasks import task

from cqpm.attributions.enums import DecisionGtp, StatutDemande
from cqpm.attributions.models import CibleAttribution, DemandeAttribution
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee

journal = logging.getLogger(__name__)


@task()
def valider_seance(seance_id: int, utilisateur_id: int | None) -> int:
    """Validate every target still to examine in the séance, close the requests without targets (their letters);
    return how many targets this run validated."""
    from cqpm.attributions import services
    from cqpm.comptes.models import Utilisateur

    lanceur = Utilisateur.objects.filter(pk=utilisateur_id).first() if utilisateur_id else None
    valides = 0
    a_examiner = CibleAttribution.objects.filter(
        demande__seance_id=seance_id, demande__statut=StatutDemande.ENVOYEE, decision=DecisionGtp.A_EXAMINER
    ).order_by("demande_id", "pk")
    for cible in list(a_examiner):
        try:
            services.decider(cible, valider=True, acteur=SYSTEME, au_nom_de=lanceur)
        except RegleViolee as exc:
            if exc.code != "transition_refusee":  # else decided meanwhile by another run: nothing to do
                services.noter_echec(cible, exc.message)
            continue
        except Exception as exc:  # one target's failure never stops the séance (its reason is noted)
            journal.exception("Validation de la cible %s impossible", cible.pk)
            services.noter_echec(cible, f"Erreur technique ({type(exc).__name__}) : l'équipe technique est prévenue.")
            continue
        valides += 1
    sans_cible = DemandeAttribution.objects.filter(
        seance_id=seance_id, statut=StatutDemande.ENVOYEE, cibles__isnull=True
    )
    for demande in list(sans_cible):
        services.cloturer(demande, acteur=SYSTEME, au_nom_de=lanceur)
    return valides
