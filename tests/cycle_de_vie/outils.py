"""Helpers of the lifecycle tests: a network of UIMM territoriales with their regions, e-mail addresses and
CPREFPs, the people who act, and helpers that walk a request through its states (fixtures in conftest.py)."""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from cqpm.comptes.enums import Role
from cqpm.core.models import Compteur
from cqpm.cycle_de_vie import effets, services
from cqpm.cycle_de_vie.enums import SensAvisCNCP, TypeDemande
from cqpm.cycle_de_vie.models import Demande
from cqpm.cycle_de_vie.rules import SECTIONS_CREATION, SECTIONS_REACTIVATION, SECTIONS_REVISION
from cqpm.gtp import services as gtp
from cqpm.gtp.models import Seance
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import VersionReferentiel
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, CapaciteSaisie
from cqpm.referentiels.services import blocs_saisis, definir_activites, definir_certification, modifier_version
from tests.factories import EntrepriseFactory, OrganisationFactory, UtilisateurFactory, verifie_par_otp
from tests.fixtures_referentiels import blocs_complets

PARIS = ZoneInfo("Europe/Paris")

#: département → (region, e-mail); 67 is inactive and 33 has no address: neither is mailed (R-LC-DEC-01).
TERRITORIALES = {
    "69": ("Auvergne-Rhône-Alpes", "contact@uimm-rhone.example"),
    "13": ("Provence-Alpes-Côte d'Azur", "contact@uimm-provence.example"),
    "75": ("Île-de-France", "contact@uimm-paris.example"),
    "59": ("Hauts-de-France", "contact@uimm-nord.example"),
    "33": ("Nouvelle-Aquitaine", ""),
    "67": ("Grand Est", "contact@uimm-alsace.example"),
}
ADRESSES_ACTIVES = {email for d, (_, email) in TERRITORIALES.items() if email and d != "67"}

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
"""The smallest PDF an attachment test needs: the type is read from the content (R-LC-CRE-02)."""

DOSSIER_CREATION = {s: f"Rédaction de la partie « {s} » du rapport d'opportunité." for s in SECTIONS_CREATION}
DOSSIER_REVISION = {s: f"Rédaction de la partie « {s} » du rapport d'opportunité." for s in SECTIONS_REVISION}
DOSSIER_REACTIVATION = {s: f"Rédaction de la partie « {s} » de la lettre." for s in SECTIONS_REACTIVATION}


@dataclass
class Reseau:
    territoriales: dict[str, Organisation]
    cprefp: dict[str, Organisation]
    uimm: Organisation
    entreprise: Organisation

    def __getitem__(self, departement: str) -> Organisation:
        return self.territoriales[departement]


@pytest.fixture
def reseau(db: None) -> Reseau:
    territoriales = {}
    for departement, (region, email) in TERRITORIALES.items():
        territoriales[departement], _ = Organisation.objects.update_or_create(
            type=TypeOrganisation.TERRITORIALE,
            departement=departement,
            defaults={
                "nom": f"UIMM territoriale {departement}",
                "region": region,
                "email": email,
                "active": departement != "67",
            },
        )
    cprefp = {
        region: Organisation.objects.create(type=TypeOrganisation.CPREFP, nom=f"CPREFP {region}", region=region)
        for region, _ in TERRITORIALES.values()
    }
    return Reseau(territoriales, cprefp, OrganisationFactory(type=TypeOrganisation.UIMM), EntrepriseFactory())


@pytest.fixture
def secretariat(db: None) -> Any:
    return verifie_par_otp(UtilisateurFactory(role=Role.SECRETARIAT_GTP))


def personnel(organisation: Organisation) -> Any:
    """A member of staff of `organisation` (territoriale staff role, scoped to it)."""
    return UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=organisation)


def a_la_date(jour: datetime.date, heure: int = 10) -> Any:
    """Freeze the clock on `jour` (Paris time) for the block."""
    return time_machine.travel(datetime.datetime(jour.year, jour.month, jour.day, heure, tzinfo=PARIS), tick=False)


def completer_projet(version: VersionReferentiel, acteur: Any) -> None:
    """Fill a draft so that it has every part R-REF-01 asks for (its category is left to the GTP)."""
    modifier_version(
        version,
        acteur=acteur,
        mission="Le titulaire réalise des pièces par découpe laser.",
        conditions_admissibilite="Toutes les capacités sont acquises.",
    )
    definir_activites(version, [ActiviteSaisie("A1", "Préparation"), ActiviteSaisie("A2", "Découpe")], acteur=acteur)
    definir_certification(version, blocs_complets(), acteur=acteur)


def creation_complete(
    reseau: Reseau,
    secretariat: Any,
    *,
    departements: tuple[str, ...] = ("69",),
    intitule: str = "Opérateur(trice) de découpe laser",
    avis: bool = True,
) -> Demande:
    """A creation request filed by the territoriale(s), complete, with the CNCP's opinion (today)."""
    demandeurs = [reseau[d] for d in departements]
    agents = [personnel(t) for t in demandeurs]
    demande = services.creer_demande(
        TypeDemande.CREATION, acteur=agents[0], demandeurs=demandeurs, intitule=intitule, **DOSSIER_CREATION
    )
    assert demande.projet is not None
    completer_projet(demande.projet, agents[0])
    for agent in agents:
        demande = services.soumettre(demande, acteur=agent)
    demande = services.declarer_complete(demande, acteur=secretariat)
    if avis:
        services.enregistrer_avis_cncp(
            demande, date=timezone.localdate(), avis=SensAvisCNCP.FAVORABLE, acteur=secretariat
        )
    return demande


def informer_les_cprefp(demande: Demande, acteur: Any) -> None:
    for information in demande.informations_cprefp.filter(informee_le__isnull=True).select_related("cprefp"):
        services.informer_cprefp(demande, information.cprefp, le=timezone.localdate(), acteur=acteur)


def en_seance(demande: Demande, secretariat: Any) -> Seance:
    """A séance of the GTP held today with `demande` on its agenda."""
    seance = gtp.creer_seance(date=timezone.localdate(), lieu="56 avenue de Wagram, Paris", acteur=secretariat)
    services.inscrire_a_l_ordre_du_jour(seance, demande, acteur=secretariat)
    return seance


def decider_en_seance(demande: Demande, secretariat: Any, *, favorable: bool = True, **options: Any) -> Any:
    seance = en_seance(demande, secretariat)
    motif = options.pop("motif", "Opportunité établie." if favorable else "Doublon d'un CQPM existant.")
    return services.decider(demande, seance=seance, favorable=favorable, motif=motif, acteur=secretariat, **options)


C3_REFORMULEE = "Renseigner les documents de suivi de production et de traçabilité"
C12_NOUVELLE = "Animer une réunion de résolution de problème"
C13_NOUVELLE = "Utiliser les outils numériques de suivi de la production"


def _remplie(c: CapaciteSaisie, **changements: Any) -> CapaciteSaisie:
    return dataclasses.replace(
        c,
        conditions_realisation=f"Dans l'atelier, pour la capacité C{c.numero}.",
        criteres_evaluation="Les consignes sont respectées.",
        **changements,
    )


def referentiel_revise(ancien: VersionReferentiel) -> tuple[BlocSaisi, BlocSaisi]:
    """Fiche 28245 revised: C3 reworded, C7 moved to bloc 2, C12 removed, a new C12 and a C13 added in bloc 2."""
    bloc1, bloc2 = blocs_saisis(ancien)
    c7 = next(c for c in bloc1.capacites if c.numero == 7)
    nouvelles = (
        CapaciteSaisie(12, C12_NOUVELLE, modalites=c7.modalites),
        CapaciteSaisie(13, C13_NOUVELLE, modalites=c7.modalites),
    )
    capacites1 = [
        _remplie(c, intitule=C3_REFORMULEE) if c.numero == 3 else _remplie(c) for c in bloc1.capacites if c != c7
    ]
    capacites2 = [_remplie(c7)] + [_remplie(c) for c in bloc2.capacites if c.numero != 12]
    capacites2 += [_remplie(c) for c in nouvelles]
    return (
        dataclasses.replace(bloc1, capacites=tuple(capacites1)),
        dataclasses.replace(bloc2, capacites=tuple(capacites2)),
    )


def compteur_mq_en_service(derniere: int) -> Compteur:
    """The MQ counter of a deployment that has already created CQPMs through the product, the last one `derniere`
    (a register imported afterwards no longer moves it)."""
    return Compteur.objects.create(nom=effets.COMPTEUR_MQ, valeur=derniere)
