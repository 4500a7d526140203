"""Helpers of the VAE tests: fiche 28245 (in the RNCP from 21/04/2017 to 21/04/2022), two exam centres and their
staff, a candidate with his own account, and `deposer` that files a complete request so that each test changes
only what it checks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cqpm.candidats.enums import Financement, Origine, TypeBeneficiaire
from cqpm.candidats.models import Candidat
from cqpm.comptes.enums import Role
from cqpm.demo.fiche_28245 import assurer_territoriale, charger_fiche_28245
from cqpm.organisations.models import Organisation
from cqpm.portail.models import CompteCandidat
from cqpm.referentiels.models import Qualification
from cqpm.vae import services
from cqpm.vae.enums import NaturePiece, TypeContrat
from cqpm.vae.models import DossierVAE
from cqpm.vae.rules import ExperienceSaisie
from tests.cycle_de_vie.outils import PDF, a_la_date
from tests.factories import CandidatFactory, UtilisateurFactory

EN_2021 = datetime.date(2021, 3, 15)
"""Inside the RNCP registration of fiche 28245 and of its blocs."""

EXPERIENCE = ExperienceSaisie(
    poste="Technicien de maintenance",
    employeur="Forges de Vénissieux",
    activite_entreprise="Forge et estampage",
    type_contrat=TypeContrat.CDI,
    debut=datetime.date(2012, 9, 1),
    fin=datetime.date(2019, 6, 30),
    rapport="Maintenance préventive et corrective des presses.",
)


def pdf(nom: str = "piece.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, PDF, content_type="application/pdf")


def pieces(*sans: str) -> list[tuple[str, Any]]:
    natures = [NaturePiece.CV, NaturePiece.IDENTITE, NaturePiece.MOTIVATION, NaturePiece.JUSTIFICATIF]
    return [(n, pdf(f"{n}.pdf")) for n in natures if n not in sans]


def compte_candidat(candidat: Candidat) -> Any:
    utilisateur = UtilisateurFactory(role=Role.CANDIDAT)
    CompteCandidat.objects.create(utilisateur=utilisateur, candidat=candidat)
    return utilisateur


@dataclass
class Cadre:
    fiche: Qualification
    centre: Organisation
    autre_centre: Organisation
    agent: Any
    agent_autre: Any
    candidat: Candidat
    compte: Any

    def deposer(self, *, acteur: Any = "compte", **changements: Any) -> DossierVAE:
        valeurs: dict[str, Any] = {
            "centre_examen": self.centre,
            "financement": Financement.VAE,
            "type_beneficiaire": TypeBeneficiaire.DEMANDEUR_EMPLOI,
            "origine": Origine.DEMANDEUR_EMPLOI,
            "declaration_honneur": True,
            "experiences": [EXPERIENCE],
            "pieces": pieces(),
        }
        valeurs.update(changements)
        return services.deposer_demande(
            valeurs.pop("candidat", self.candidat),
            valeurs.pop("qualification", self.fiche),
            acteur=self.compte if acteur == "compte" else acteur,
            **valeurs,
        )


@pytest.fixture
def vae(db: None) -> Cadre:
    centre, autre = assurer_territoriale("69"), assurer_territoriale("13")
    centre.email = "vae@uimm-rhone.example"
    centre.save()
    candidat = CandidatFactory(nom="Martin", prenoms="Léa", courriel="lea.martin@example.org")
    return Cadre(
        fiche=charger_fiche_28245(),
        centre=centre,
        autre_centre=autre,
        agent=UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=centre),
        agent_autre=UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=autre),
        candidat=candidat,
        compte=compte_candidat(candidat),
    )


__all__ = ["EN_2021", "a_la_date"]
