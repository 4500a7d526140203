"""Demo rows of the lifecycle and of the candidates' register, one per stage, through the services: a request in
each state (draft, submitted, complete, on a planned séance's agenda, decided, withdrawn), the séance that decided
and the one planned, and two records of one person for the exam centre to merge.

Each object is looked up by its title first, so a second run writes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cqpm.candidats import services as candidats
from cqpm.candidats.models import Candidat
from cqpm.cycle_de_vie import services as cycle
from cqpm.cycle_de_vie.enums import SensAvisCNCP, TypeDemande
from cqpm.cycle_de_vie.models import Demande
from cqpm.cycle_de_vie.rules import SECTIONS_CREATION
from cqpm.gtp import services as gtp
from cqpm.gtp.models import Seance
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import Categorie, Modalite
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, CapaciteSaisie
from cqpm.referentiels.services import definir_activites, definir_certification, modifier_version

LIEU_GTP = "56, avenue de Wagram, 75017 Paris"

#: (title, stage reached) of the demo creation requests of the UIMM territoriale 69.
DEMANDES = [
    ("Technicien(ne) en fabrication additive métallique", "brouillon"),
    ("Opérateur(trice) de contrôle non destructif", "soumise"),
    ("Monteur(se) câbleur(se) en aéronautique", "complete"),
    ("Soudeur(se) orbital(e)", "ordre_du_jour"),
    ("Usineur(se) sur centre 5 axes", "decidee"),
    ("Peintre en aéronautique", "retiree"),
]

#: Two records of one person, entered twice by the exam centre (R-REG-04): spelling of the given names differs.
DOUBLONS = [("Lefèvre", "Julie"), ("LEFEVRE", "Julie Anne")]
NAISSANCE_DOUBLONS = datetime.date(1991, 3, 8)


def _blocs() -> tuple[BlocSaisi, ...]:
    capacites = [
        CapaciteSaisie(
            numero=n,
            intitule=intitule,
            conditions_realisation="À partir d'un dossier de fabrication et des consignes de sécurité.",
            criteres_evaluation="Le résultat est conforme au dossier ; les règles de sécurité sont respectées.",
            modalites=(Modalite.SITUATION_REELLE, Modalite.PROJETS),
        )
        for n, intitule in enumerate(
            (
                "Préparer le poste et les moyens de production",
                "Conduire la fabrication selon le dossier",
                "Contrôler la conformité des pièces produites",
                "Rendre compte de son activité et proposer des améliorations",
            ),
            start=1,
        )
    ]
    return (
        BlocSaisi(numero=1, intitule="Préparation et fabrication", capacites=tuple(capacites[:2])),
        BlocSaisi(numero=2, intitule="Contrôle et amélioration", capacites=tuple(capacites[2:])),
    )


def _projet(demande: Demande, agent: Any) -> None:
    assert demande.projet is not None
    modifier_version(
        demande.projet,
        acteur=agent,
        mission="Le titulaire fabrique et contrôle des pièces selon un dossier de fabrication.",
        conditions_admissibilite="Toutes les capacités professionnelles sont acquises.",
    )
    definir_activites(
        demande.projet,
        [ActiviteSaisie("A1", "Préparation de la production"), ActiviteSaisie("A2", "Fabrication et contrôle")],
        acteur=agent,
    )
    definir_certification(demande.projet, _blocs(), acteur=agent)


def charger_demandes(territoriale: Organisation, agent: Any, secretariat: Any) -> None:
    """The requests of `DEMANDES`, each walked to its stage; the séance of today decides one, the next one (in six
    weeks) has one on its agenda."""
    aujourdhui = timezone.localdate()
    existantes = set(Demande.objects.values_list("projet__intitule", flat=True))
    for intitule, etape in DEMANDES:
        if intitule in existantes:
            continue
        dossier: dict[str, Any] = {
            s: f"{intitule} : partie « {s} » du rapport d'opportunité." for s in SECTIONS_CREATION
        }
        demande = cycle.creer_demande(
            TypeDemande.CREATION, acteur=agent, demandeurs=[territoriale], intitule=intitule, **dossier
        )
        if etape == "brouillon":
            continue
        _projet(demande, agent)
        if etape == "retiree":
            cycle.retirer(demande, acteur=agent, motif="Besoin couvert par un CQPM existant de la branche.")
            continue
        demande = cycle.soumettre(demande, acteur=agent)
        if etape == "soumise":
            continue
        demande = cycle.declarer_complete(demande, acteur=secretariat)
        cycle.enregistrer_avis_cncp(demande, date=aujourdhui, avis=SensAvisCNCP.FAVORABLE, acteur=secretariat)
        if etape == "complete":
            continue
        if etape == "ordre_du_jour":
            cycle.inscrire_a_l_ordre_du_jour(
                _seance(aujourdhui + datetime.timedelta(days=42), secretariat), demande, acteur=secretariat
            )
            continue
        seance = _seance(aujourdhui, secretariat)
        cycle.inscrire_a_l_ordre_du_jour(seance, demande, acteur=secretariat)
        cycle.decider(
            demande,
            seance=seance,
            favorable=True,
            motif="Besoin établi par les entreprises du territoire ; aucun CQPM équivalent.",
            categorie=Categorie.B,
            acteur=secretariat,
        )


def _seance(le: datetime.date, secretariat: Any) -> Seance:
    return Seance.objects.filter(date=le).first() or gtp.creer_seance(date=le, lieu=LIEU_GTP, acteur=secretariat)


def charger_doublons(agent: Any) -> None:
    """Two records of one person for the exam centre to merge (R-REG-04)."""
    for nom, prenoms in DOUBLONS:
        if Candidat.objects.filter(nom=nom, prenoms=prenoms, date_naissance=NAISSANCE_DOUBLONS).exists():
            continue
        candidats.creer_candidat(
            acteur=agent,
            nom=nom,
            prenoms=prenoms,
            date_naissance=NAISSANCE_DOUBLONS,
            commune_naissance="Givors",
            departement_naissance="69",
        )
