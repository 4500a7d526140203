"""A demo registration evaluated in part, with capacities carried over from an earlier jury (R-EVAL-06, R-LET-04): an
employee of the demo company trained by the demo training organisation, registered on fiche 28245 four months ago,
whose first two capacities a jury validated ten months ago. The commission evaluated the others (one not acquired),
and the company's opinion is still awaited, so that the company's contact has something to do.

Looked up by the candidate's name first: a second run writes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from cqpm.candidats import services as candidats
from cqpm.candidats.enums import Financement, Origine, Parcours, TypeBeneficiaire, VoieInscription
from cqpm.candidats.models import Candidat, Inscription
from cqpm.core.dates import ajouter_mois
from cqpm.demo.jurys import MEMBRES_COMMISSION
from cqpm.evaluations import services as evaluations
from cqpm.evaluations.models import CommissionEvaluation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import Modalite
from cqpm.referentiels.models import Qualification

NOM, PRENOMS, NAISSANCE = "Lambert", "Julien", datetime.date(1992, 8, 24)
REPRISES = 2
"""Capacities C1 and C2 validated by the earlier jury."""


def _modalites(capacite: Any) -> tuple[str, ...]:
    """A real situation or a project, with the company's opinion where the referential allows it (R-EVAL-03)."""
    autorisees = {m.modalite for m in capacite.modalites.all()}
    reelles = sorted(autorisees - {Modalite.SITUATION_RECONSTITUEE, Modalite.AVIS_ENTREPRISE})
    return (reelles[0], *([Modalite.AVIS_ENTREPRISE] if Modalite.AVIS_ENTREPRISE in autorisees else []))


def charger_report(
    fiche: Qualification,
    centre: Organisation,
    entreprise: Organisation,
    organisme: Organisation,
    agent: Any,
    aujourdhui: datetime.date,
) -> None:
    if Candidat.objects.filter(nom=NOM, prenoms=PRENOMS, date_naissance=NAISSANCE).exists():
        return
    candidat = candidats.creer_candidat(
        acteur=agent,
        nom=NOM,
        prenoms=PRENOMS,
        date_naissance=NAISSANCE,
        commune_naissance="Bron",
        departement_naissance="69",
        courriel="julien.lambert@exemple.fr",
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
        organisme_formation=organisme,
    )
    # Demo history only, as for the other employees: registered four months ago (R-REG-02).
    Inscription.objects.filter(pk=inscription.pk).update(date_inscription=ajouter_mois(aujourdhui, -4))
    inscription.refresh_from_db()
    capacites = evaluations.capacites_visees(inscription)
    for capacite in capacites[:REPRISES]:
        evaluations.saisir_acquis_anterieur(
            candidat,
            capacite,
            date_jury=ajouter_mois(aujourdhui, -10),
            reference="PV papier du jury de l'UIMM Lyon-Rhône",
            acteur=agent,
        )
    dossier = evaluations.ouvrir_dossier(inscription, acteur=agent)
    a_evaluer = capacites[REPRISES:]
    evaluations.choisir_modalites(
        dossier, [evaluations.ChoixCapacite(c, _modalites(c)) for c in a_evaluer], acteur=agent
    )
    commission = CommissionEvaluation.objects.filter(centre_examen=centre, date=aujourdhui).first()
    commission = commission or evaluations.creer_commission(
        centre_examen=centre, date=aujourdhui, lieu="Vénissieux", membres=MEMBRES_COMMISSION, acteur=agent
    )
    evaluations.enregistrer_resultats(
        dossier,
        commission=commission,
        resultats=[
            evaluations.ResultatSaisi(c, n < len(a_evaluer) - 1, "Critères observés en situation.")
            for n, c in enumerate(a_evaluer)
        ],
        acteur=agent,
    )
