from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from cqpm.candidats.models import Candidat, Inscription
    from cqpm.portail.sections import Section


def section_espace(candidat: Candidat, inscription: Inscription) -> Section | None:
    """« Mon espace »: the candidate's VAE file for this inscription — its phase, the limits of R-VAE-02 that run
    or were missed, the documents he filed, and the commission's conclusions once given. Read through the
    inscription the portal hands over (already the candidate's own), never through an identifier from the request."""
    from django.utils import timezone

    from cqpm.portail.sections import Section
    from cqpm.vae import rules
    from cqpm.vae.enums import Phase
    from cqpm.vae.models import DossierVAE
    from cqpm.vae.services import blocs_valides

    dossier = (
        DossierVAE.objects.filter(inscription=inscription, inscription__candidat=candidat)
        .select_related("centre_examen")
        .first()
    )
    if dossier is None:
        return None
    conclu = dossier.phase == Phase.CONCLUSIONS
    return Section(
        titre=f"Dossier de VAE n° {dossier.pk}",
        gabarit="vae/section_espace.html",
        contexte={
            "dossier": dossier,
            "echeances": rules.echeances(dossier, timezone.localdate()),
            "pieces": list(dossier.pieces.all()),
            "conclusions": list(dossier.conclusions.select_related("capacite__bloc")) if conclu else [],
            "blocs_valides": blocs_valides(dossier) if conclu else [],
        },
        ordre=10,
    )


class VaeConfig(AppConfig):
    name = "cqpm.vae"
    verbose_name = "Validation des acquis de l'expérience"

    def ready(self) -> None:
        from cqpm.candidats.chronologie import enregistrer_source
        from cqpm.vae.chronologie import source as source_chronologie

        enregistrer_source("vae", source_chronologie)
        from cqpm.core.quotidien import enregistrer_tache_quotidienne
        from cqpm.portail.sections import enregistrer_section
        from cqpm.vae.relances import relances_du_jour

        enregistrer_section("vae.dossier", section_espace)
        enregistrer_tache_quotidienne("vae.relances", relances_du_jour)

        from cqpm.core.navigation import enregistrer_a_traiter, enregistrer_entree
        from cqpm.vae.navigation import ENTREES, a_traiter

        for cle, entree in ENTREES.items():
            enregistrer_entree(cle, entree)
        enregistrer_a_traiter("vae", a_traiter)
