"""Demo juries on fiche 28245 at the UIMM Lyon-Rhône, built through the services: one signed today (two candidates,
one A and one NA), one convened in 20 days, one planned in 90 days. Idempotent: nothing is written when the
centre already has a jury on that qualification."""

from __future__ import annotations

import datetime
from typing import Any

from cqpm.candidats.models import Inscription
from cqpm.core.acteurs import SYSTEME
from cqpm.evaluations import services as evaluations
from cqpm.evaluations.models import DossierEvaluation
from cqpm.jurys import services as jurys
from cqpm.jurys.enums import BrancheMembre, EtatJury, Presence
from cqpm.jurys.models import CandidatJury, DemandeDesignation, Jury
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import Modalite
from cqpm.referentiels.models import Capacite, ModaliteAutorisee, Qualification

MEMBRES_COMMISSION = [
    evaluations.MembreSaisi("Paul Martin", "Tuteur, 15 ans de conduite de ligne"),
    evaluations.MembreSaisi("Léa Durand", "Formatrice en production, UIMM Lyon-Rhône"),
]


def _evaluer(inscription: Inscription, commission: Any, *, acquises: int | None) -> None:
    """Modalities, results (the first `acquises` capacities acquired, all when None) and the company's opinion."""
    if DossierEvaluation.objects.filter(inscription=inscription).exists():
        return
    dossier = evaluations.ouvrir_dossier(inscription, acteur=SYSTEME)
    capacites = list(Capacite.objects.filter(version=inscription.version).order_by("numero"))
    choix = []
    for c in capacites:
        autorisees = set(ModaliteAutorisee.objects.filter(capacite=c).values_list("modalite", flat=True))
        reelles = sorted(autorisees - {Modalite.SITUATION_RECONSTITUEE})
        if reelles:
            choix.append(evaluations.ChoixCapacite(c, (reelles[0],)))
        else:
            choix.append(evaluations.ChoixCapacite(c, (Modalite.SITUATION_RECONSTITUEE,), "Poste indisponible."))
    evaluations.choisir_modalites(dossier, choix, acteur=SYSTEME)
    resultats = [
        evaluations.ResultatSaisi(c, acquises is None or n < acquises, "Critères observés en situation.")
        for n, c in enumerate(capacites)
    ]
    evaluations.enregistrer_resultats(dossier, commission=commission, resultats=resultats, acteur=SYSTEME)
    evaluations.saisir_avis_entreprise(
        dossier,
        avis="Travail rigoureux, bonne intégration à l'équipe.",
        auteur="M. Girard, tuteur",
        le=commission.date,
        acteur=SYSTEME,
    )


def _composer(jury: Jury, president: Any, *, le: datetime.date) -> dict[str, Any]:
    """Designations asked to every union (one voting designee each), two employer members, a tutor invited."""
    membres: dict[str, Any] = {}
    for n, demande in enumerate(jurys.demander_designations(jury, le=le, acteur=SYSTEME)):
        sigle = demande.branche_syndicale.nom.split(" — ")[0]
        membres[f"syndical{n}"] = jurys.designer_membre_syndical(
            demande,
            jurys.MembreSaisi(f"Délégué {sigle}", demande.branche_syndicale.nom, "Technicien de maintenance"),
            voix_deliberative=True,
            acteur=SYSTEME,
        )
    membres["president"] = jurys.designer_membre_patronal(
        jury,
        jurys.MembreSaisi("Claire Fontaine", "Mécanique de précision du Rhône", "Directrice industrielle"),
        utilisateur=president,
        acteur=SYSTEME,
    )
    membres["patronal"] = jurys.designer_membre_patronal(
        jury,
        jurys.MembreSaisi(
            "Marc Lefort", "Intérim Industrie", "Responsable d'agence", "", BrancheMembre.TRAVAIL_TEMPORAIRE
        ),
        acteur=SYSTEME,
    )
    jurys.ajouter_invite(
        jury, jurys.MembreSaisi("Paul Martin", "Mécanique de précision du Rhône", "Tuteur"), acteur=SYSTEME
    )
    jurys.designer_president(membres["president"], acteur=SYSTEME)
    jurys.informer_cprefp(jury, acteur=SYSTEME)
    return membres


def charger_jurys(fiche: Qualification, centre: Organisation, president: Any, aujourdhui: datetime.date) -> None:
    if Jury.objects.filter(centre_examen=centre, qualification=fiche).exists():
        return
    inscriptions = list(Inscription.objects.filter(qualification=fiche, centre_examen=centre).order_by("pk")[:3])
    commission = evaluations.creer_commission(
        centre_examen=centre, date=aujourdhui, lieu="Vénissieux", membres=MEMBRES_COMMISSION, acteur=SYSTEME
    )
    for n, inscription in enumerate(inscriptions):
        _evaluer(inscription, commission, acquises=2 if n == 1 else None)

    signe = jurys.creer_jury(
        centre_examen=centre, qualification=fiche, date=aujourdhui, lieu="Vénissieux", acteur=SYSTEME
    )
    for inscription in inscriptions[:2]:
        jurys.presenter_candidat(signe, inscription, acteur=SYSTEME)
    membres = _composer(signe, president, le=aujourdhui - datetime.timedelta(days=16))
    jurys.convoquer(signe, le=aujourdhui - datetime.timedelta(days=15), acteur=SYSTEME)
    for candidat, decision in zip(CandidatJury.objects.filter(jury=signe).order_by("code"), ["A", "NA"], strict=False):
        jurys.marquer_presence(candidat, presence=Presence.PRESENT, acteur=SYSTEME)
        for membre in membres.values():
            jurys.voter(candidat, membre=membre, decision=decision, acteur=SYSTEME)
    jurys.arreter_decisions(signe, acteur=SYSTEME)
    president.is_verified = lambda: True  # the demo stands for the president's session after his TOTP code
    jurys.signer(signe, acteur=president)

    convoque = jurys.creer_jury(
        centre_examen=centre,
        qualification=fiche,
        date=aujourdhui + datetime.timedelta(days=20),
        lieu="Lyon",
        periodicite="trimestrielle",
        acteur=SYSTEME,
    )
    if len(inscriptions) > 2:
        jurys.presenter_candidat(convoque, inscriptions[2], acteur=SYSTEME)
    _composer(convoque, president, le=aujourdhui)
    jurys.convoquer(convoque, le=aujourdhui, acteur=SYSTEME)

    jurys.creer_jury(
        centre_examen=centre,
        qualification=fiche,
        date=aujourdhui + datetime.timedelta(days=90),
        lieu="Lyon",
        periodicite="trimestrielle",
        acteur=SYSTEME,
    )


def solliciter_branches(fiche: Qualification, centre: Organisation, aujourdhui: datetime.date) -> None:
    """The unions' branches are asked for designees to the planned jury (R-JURY-01), so that the branch's contact
    has a request to answer; nothing is written when they already were."""
    planifie = Jury.objects.filter(centre_examen=centre, qualification=fiche, etat=EtatJury.PLANIFIE).first()
    if planifie is not None and not DemandeDesignation.objects.filter(jury=planifie).exists():
        jurys.demander_designations(planifie, le=aujourdhui, acteur=SYSTEME)
