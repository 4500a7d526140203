"""A complete état récapitulatif, to vary in the tests and the benchmark."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from cqpm.documents.etat_recapitulatif import (
    Amenagement,
    AvisEntreprise,
    BlocEvalue,
    Candidat,
    CapaciteEvaluee,
    CentreExamen,
    EtatRecapitulatif,
    MembreCommission,
    QualificationEvaluee,
    Resultat,
)
from cqpm.referentiels.enums import Modalite

A, N = Resultat.ACQUISE, Resultat.NON_ACQUISE
REELLE, AVIS = Modalite.SITUATION_REELLE.label, Modalite.AVIS_ENTREPRISE.label


def etat(**modifs: Any) -> EtatRecapitulatif:
    base = EtatRecapitulatif(
        centre=CentreExamen("Pôle formation UIMM Lyon-Rhône", "8 rue Gaspard Monge, 69200 Vénissieux"),
        candidat=Candidat("Lefèvre", "Zoé Éloïse", datetime.date(1998, 3, 1), "Saint-Étienne (42), France"),
        qualification=QualificationEvaluee("Technicien(ne) en maintenance industrielle", "MQ 2005 12 69 0198 R", 2),
        dates_evaluation=(datetime.date(2025, 6, 12), datetime.date(2025, 6, 11)),
        commission=(
            MembreCommission("Jean Dupont", "Tuteur, Mécanique du Rhône"),
            MembreCommission("Aïcha Benali", "Formatrice, pôle formation"),
        ),
        blocs=(
            BlocEvalue(
                1,
                "Préparer et réaliser la maintenance",
                (
                    CapaciteEvaluee(1, "Analyser une demande d'intervention", A, (REELLE, AVIS), "Très méthodique."),
                    CapaciteEvaluee(2, "Diagnostiquer une panne électrique", N, (REELLE,), "Oubli de la consignation."),
                ),
            ),
            BlocEvalue(
                2,
                "Améliorer les équipements",
                (
                    CapaciteEvaluee(
                        3, "Proposer une amélioration", A, (), "", jury_anterieur=datetime.date(2024, 11, 5)
                    ),
                ),
            ),
        ),
        avis_entreprise=AvisEntreprise(
            "Mécanique du Rhône", "Avis favorable : autonome sur la ligne 3.", "M. Girard", datetime.date(2025, 6, 2)
        ),
        amenagements=(Amenagement("Tiers-temps pour l'épreuve écrite", datetime.date(2025, 5, 20)),),
        lieu="Vénissieux",
        etabli_le=datetime.date(2025, 6, 13),
    )
    return dataclasses.replace(base, **modifs)
