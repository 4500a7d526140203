"""RNCP sheet 28245 loads completely from its data file (R-REF-04), as a historical decided version."""

from __future__ import annotations

import datetime
import json

import pytest

from cqpm.audit.models import EntreeAudit
from cqpm.demo.fiche_28245 import FICHE_28245, charger_fiche_28245
from cqpm.referentiels.enums import Liste, Modalite, StatutQualification, StatutVersion
from cqpm.referentiels.models import Qualification, VersionReferentiel
from cqpm.referentiels.numeros import parse_bloc, parse_mq
from cqpm.referentiels.services import etait_sur_liste

CAPACITES = [
    "Réaliser la production sur au moins deux postes dans une même activité métier",
    "Adapter son comportement professionnel suite à une évolution sur son périmètre de travail",
    "Renseigner les documents de suivi de production",
    "Assurer le suivi et la qualité du process de fabrication",
    "Assurer la qualité de fabrication du produit",
    "Entretenir le matériel utilisé à son poste de travail",
    "Former un opérateur pour tenir le poste de travail (procédure, document, savoir-faire)",
    "Identifier une amélioration sur le poste",
    "Effectuer un audit par rapport à une procédure établie",
    "Etablir un plan d’action simple avec une méthode structurée et en effectuer le suivi",
    "Présenter un projet ou une action correctrice",
    "Apporter une valeur ajoutée dans un groupe de travail",
]
ACTIVITES = [
    ("A1", "Conduite d’au moins 2 postes de fabrication"),
    ("A2", "Suivi de la qualité du processus de fabrication"),
    ("A3", "Formation des collaborateurs"),
    ("A4", "Contribution à l’amélioration des processus"),
]


@pytest.mark.django_db
def test_fiche_28245_loads_completely_R_REF_04():
    charger_fiche_28245()
    q = Qualification.objects.get(code_rncp="28245")
    assert q.intitule == "Opérateur(trice) polyvalent d’équipe autonome"
    assert q.statut == StatutQualification.EN_VIGUEUR
    assert q.date_creation == datetime.date(2005, 12, 15)
    assert q.codes_nsf == ["200u"] and q.codes_rome == ["H2906"]
    assert q.rncp_date_arrete == datetime.date(2017, 4, 7)
    assert q.rncp_date_jo == datetime.date(2017, 4, 21)
    assert (q.rncp_debut, q.rncp_fin) == (datetime.date(2017, 4, 21), datetime.date(2022, 4, 21))
    assert q.attributions_annuelles_moyennes == 284
    numero = parse_mq(q.numero or "")
    assert (numero.annee, numero.mois, numero.rncp) == (2005, 12, True) and q.sequence == numero.sequence

    v = q.version_courante
    assert v is not None and v.statut == StatutVersion.DECIDEE and v.date_decision == datetime.date(2005, 12, 15)
    assert [(a.code, a.libelle) for a in v.activites.order_by("ordre")] == ACTIVITES
    assert v.mission.startswith("L’opérateur polyvalent d’équipe autonome réalise la fabrication de pièces")
    assert "Equipier autonome de production" in v.secteurs_emplois
    assert "l’ensemble des blocs de compétences doit être acquis" in v.conditions_admissibilite

    capacites = list(v.capacites.order_by("numero").select_related("bloc"))
    assert [c.code for c in capacites] == [f"C{n}" for n in range(1, 13)]
    assert [c.intitule for c in capacites] == CAPACITES
    blocs = list(v.blocs.order_by("numero"))
    assert [(b.numero, b.intitule, b.code_rncp) for b in blocs] == [
        (1, "Réalisation d'une production sur plusieurs postes", "RNCP28245BC01"),
        (2, "Contribution à la performance de l'équipe", "RNCP28245BC02"),
    ]
    assert [c.numero for c in capacites if c.bloc == blocs[0]] == list(range(1, 8))
    assert [c.numero for c in capacites if c.bloc == blocs[1]] == list(range(8, 13))
    for bloc in blocs:
        assert parse_bloc(bloc.numero_bdc).cqpm.sequence == numero.sequence
        assert bloc.date_enregistrement_rncp == datetime.date(2017, 4, 21)


@pytest.mark.django_db
def test_fiche_allows_a_b_c_as_alternatives_and_d_for_every_capacity_R_REF_02(fiche_28245):
    version = fiche_28245.version_courante
    for capacite in version.capacites.prefetch_related("modalites"):
        assert sorted(m.modalite for m in capacite.modalites.all()) == sorted(Modalite.values)


@pytest.mark.django_db
def test_fiche_is_a_historical_version_without_invented_criteria_R_REF_01(fiche_28245):
    """The sheet publishes no criteria: they stay empty, and loading does not require them."""
    version = fiche_28245.version_courante
    assert all(not c.criteres_evaluation and not c.conditions_realisation for c in version.capacites.all())
    assert [c.territoriale.departement for c in fiche_28245.centreressources_set.all()] == ["69"]


@pytest.mark.django_db
def test_fiche_is_on_liste_a_from_its_creation_R_LIST_01(fiche_28245):
    assert etait_sur_liste(fiche_28245, Liste.A, datetime.date(2005, 12, 15))
    assert not etait_sur_liste(fiche_28245, Liste.A, datetime.date(2005, 12, 14))


@pytest.mark.django_db
def test_loading_twice_returns_the_same_qualification_and_writes_nothing():
    premiere = charger_fiche_28245()
    entrees = EntreeAudit.objects.count()
    assert charger_fiche_28245() == premiere
    assert EntreeAudit.objects.count() == entrees
    assert VersionReferentiel.objects.filter(qualification=premiere).count() == 1


def test_data_file_notes_its_demo_values():
    donnees = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    assert "DÉMONSTRATION" in donnees["_source"]
    assert donnees["qualification"]["numero"] in donnees["_source"]
    assert "catégorie " + donnees["version"]["categorie"] in donnees["_source"]
