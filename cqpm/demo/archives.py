"""Demo archive (R-ARCH-01): a registration abandoned four years ago whose evaluation dossier (modalities chosen,
the company's opinion) has outlived its retention, so that the secretariat's purge report shows documents to purge
and a candidate to pseudonymise. Loaded through the services, then dated back as demo history (as `report.py`
does). Looked up by the candidate's name first: a second run writes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from cqpm.candidats import services as candidats
from cqpm.candidats.enums import Financement, Origine, Parcours, TypeBeneficiaire, VoieInscription
from cqpm.candidats.models import Candidat, Inscription
from cqpm.core.acteurs import SYSTEME
from cqpm.core.dates import ajouter_annees
from cqpm.demo.report import _modalites
from cqpm.evaluations import services as evaluations
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Qualification

NOM, PRENOMS, NAISSANCE = "Moreau", "Chloé", datetime.date(1985, 3, 9)


def charger_archives(
    fiche: Qualification, centre: Organisation, entreprise: Organisation, agent: Any, aujourdhui: datetime.date
) -> None:
    if Candidat.objects.filter(nom=NOM, prenoms=PRENOMS, date_naissance=NAISSANCE).exists():
        return
    candidat = candidats.creer_candidat(
        acteur=agent,
        nom=NOM,
        prenoms=PRENOMS,
        date_naissance=NAISSANCE,
        commune_naissance="Givors",
        departement_naissance="69",
        courriel="chloe.moreau@exemple.fr",
    )
    inscription = candidats.inscrire(
        candidat,
        fiche,
        acteur=agent,
        centre_examen=centre,
        parcours=Parcours.FORMATION_CONTINUE,
        voie=VoieInscription.ENTREPRISE,
        financement=Financement.PF,
        type_beneficiaire=TypeBeneficiaire.SALARIE_METALLURGIE,
        origine=Origine.SALARIE,
        accord_employeur=True,
        entreprise=entreprise,
    )
    dossier = evaluations.ouvrir_dossier(inscription, acteur=agent)
    capacites = evaluations.capacites_visees(inscription)
    evaluations.choisir_modalites(
        dossier, [evaluations.ChoixCapacite(c, _modalites(c)) for c in capacites], acteur=agent
    )
    evaluations.saisir_avis_entreprise(
        dossier, avis="Candidate assidue ; a quitté l'entreprise.", auteur="Mme Tutrice", le=aujourdhui, acteur=agent
    )
    candidats.annuler_inscription(inscription, acteur=SYSTEME, motif="Départ de l'entreprise avant l'évaluation.")
    # Demo history only: registered and abandoned four years ago, so that its retention has run out (R-ARCH-01).
    il_y_a_4_ans = ajouter_annees(aujourdhui, -4)
    Inscription.objects.filter(pk=inscription.pk).update(
        date_inscription=il_y_a_4_ans,
        annulee_le=datetime.datetime.combine(il_y_a_4_ans, datetime.time(10), tzinfo=datetime.UTC),
    )
