"""Demo VAE files, one per phase of Annex 4 (R-VAE-02), at the UIMM Lyon-Rhône, built through the VAE services so that
each step has its audit row and its dates: received, instructed, closed (unfavourable), admissible, accompanied,
proofs received, commission set up, conclusions handed to the jury.

The VAE is open only on a CQPM registered in the RNCP (R-ACC-02): fiche 28245's registration ended in 2022 and the
synthetic CQPMs' ones are dated years back, so the first synthetic CQPM carries a demo renewal of its RNCP
registration (written here with its audit row, as the demo's synthetic CQPMs are).

Each candidate is looked up by name first: a second run writes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.candidats import services as candidats
from cqpm.candidats.enums import Financement, Origine, TypeBeneficiaire
from cqpm.candidats.models import Candidat
from cqpm.core.acteurs import SYSTEME
from cqpm.core.dates import ajouter_mois
from cqpm.demo.synthetiques import SEQUENCE_SYNTHETIQUE
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Qualification
from cqpm.vae import services as vae
from cqpm.vae.enums import PIECES_RECEVABILITE, Phase, TypeContrat
from cqpm.vae.models import DossierVAE
from cqpm.vae.rules import ExperienceSaisie

#: The smallest PDF the attachment control accepts (its type is read from the content).
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

#: (surname, given names, birth date, phase the file reaches), in the order of Annex 4.
CANDIDATS_VAE = [
    ("Moreau", "Karim", datetime.date(1984, 1, 12), Phase.RECEPTION),
    ("Petit", "Sandrine", datetime.date(1979, 6, 3), Phase.INSTRUCTION),
    ("Roux", "Damien", datetime.date(1996, 9, 21), Phase.CLOS),
    ("Garcia", "Hugo", datetime.date(1994, 5, 17), Phase.RECEVABLE),  # the demo candidate: his own file to follow
    ("Blanc", "Olivier", datetime.date(1975, 12, 8), Phase.ACCOMPAGNEMENT),
    ("Mercier", "Aïcha", datetime.date(1987, 2, 14), Phase.PREUVES_RECUES),
    ("Chevalier", "Yann", datetime.date(1980, 7, 19), Phase.COMMISSION),
    ("Girard", "Émilie", datetime.date(1990, 10, 5), Phase.CONCLUSIONS),
]

ORDRE = list(Phase)


def _experience() -> ExperienceSaisie:
    return ExperienceSaisie(
        poste="Opérateur de production",
        employeur="Forges de Vénissieux",
        activite_entreprise="Forge et estampage",
        type_contrat=TypeContrat.CDI,
        debut=datetime.date(2012, 9, 1),
        fin=datetime.date(2022, 6, 30),
        rapport="Conduite de presses et contrôle des pièces, au cœur des capacités du CQPM visé.",
    )


def _pieces() -> list[tuple[str, Any]]:
    return [(nature, ContentFile(PDF, name=f"{nature}.pdf")) for nature in PIECES_RECEVABILITE]


def _atteint(phase: Phase, etape: Phase) -> bool:
    """Whether a file meant to reach `phase` goes through `etape` (a closed file stops after the instruction)."""
    if phase == Phase.CLOS:
        return etape in (Phase.INSTRUCTION, Phase.CLOS)
    if etape == Phase.CLOS:
        return False
    if etape == Phase.ACCOMPAGNEMENT and phase != Phase.ACCOMPAGNEMENT:
        return False  # the accompaniment is optional: only the file shown in that phase takes it
    return ORDRE.index(etape) <= ORDRE.index(phase)


def _mener(dossier: DossierVAE, phase: Phase, agent: Any, aujourdhui: datetime.date) -> None:
    if _atteint(phase, Phase.INSTRUCTION):
        dossier = vae.ouvrir_instruction(dossier, acteur=agent)
    if _atteint(phase, Phase.CLOS):
        vae.declarer_non_recevable(
            dossier, acteur=agent, motif="L'expérience décrite ne porte pas sur les capacités du CQPM visé."
        )
        return
    if _atteint(phase, Phase.RECEVABLE):
        dossier = vae.declarer_recevable(dossier, acteur=agent)
    if _atteint(phase, Phase.ACCOMPAGNEMENT):
        dossier = vae.accompagner(dossier, acteur=agent, accompagnateur="Centre de bilan de compétences de Lyon")
    if _atteint(phase, Phase.PREUVES_RECUES):
        dossier = vae.recevoir_preuves(dossier, acteur=agent, fichier=ContentFile(PDF, name="preuves.pdf"))
    if _atteint(phase, Phase.COMMISSION):
        dossier = vae.constituer_commission(
            dossier,
            acteur=agent,
            president="Sophie Laurent, UIMM Lyon-Rhône",
            membres=[("Paul Martin", "Tuteur, 15 ans de conduite de ligne")],
            date=aujourdhui,
        )
    if _atteint(phase, Phase.CONCLUSIONS):
        capacites = list(vae.capacites_visees(dossier))
        vae.enregistrer_conclusions(
            dossier,
            acteur=agent,
            acquises={c.pk: n < len(capacites) - 1 for n, c in enumerate(capacites)},
            observations="Preuves solides, sauf sur la dernière capacité : validation partielle.",
        )


def qualification_vae(aujourdhui: datetime.date) -> Qualification:
    """The first synthetic CQPM, its RNCP registration renewed for five years from last year when it has lapsed."""
    qualification = Qualification.objects.get(sequence=SEQUENCE_SYNTHETIQUE)
    if not qualification.est_inscrite_rncp(aujourdhui):
        avant = {"rncp_debut": str(qualification.rncp_debut), "rncp_fin": str(qualification.rncp_fin)}
        qualification.rncp_debut = qualification.rncp_date_jo = ajouter_mois(aujourdhui, -12)
        qualification.rncp_date_arrete = ajouter_mois(aujourdhui, -13)
        qualification.rncp_fin = ajouter_mois(aujourdhui, 48)
        qualification.save(update_fields=["rncp_debut", "rncp_date_jo", "rncp_date_arrete", "rncp_fin"])
        journaliser(
            acteur=SYSTEME,
            action=EvenementAudit.DEMO_CQPM_SYNTHETIQUE,
            objet=qualification,
            avant=avant,
            apres={"rncp_debut": str(qualification.rncp_debut), "rncp_fin": str(qualification.rncp_fin)},
        )
    return qualification


def charger_vae(centre: Organisation, agent: Any, aujourdhui: datetime.date) -> None:
    """One file per phase, filed and led by the exam centre's agent, every step dated today."""
    for nom, prenoms, naissance, phase in CANDIDATS_VAE:
        if DossierVAE.objects.filter(candidat__nom=nom, candidat__prenoms=prenoms).exists():
            continue
        qualification = qualification_vae(aujourdhui)
        candidat = Candidat.objects.filter(nom=nom, prenoms=prenoms, date_naissance=naissance).first()
        if candidat is None:
            candidat = candidats.creer_candidat(
                acteur=agent,
                nom=nom,
                prenoms=prenoms,
                date_naissance=naissance,
                commune_naissance="Lyon",
                departement_naissance="69",
                courriel=f"{nom.lower()}.vae@exemple.fr",
            )
        dossier = vae.deposer_demande(
            candidat,
            qualification,
            acteur=agent,
            centre_examen=centre,
            financement=Financement.VAE,
            type_beneficiaire=TypeBeneficiaire.DEMANDEUR_EMPLOI,
            origine=Origine.DEMANDEUR_EMPLOI,
            declaration_honneur=True,
            experiences=[_experience()],
            pieces=_pieces(),
        )
        _mener(dossier, phase, agent, aujourdhui)
