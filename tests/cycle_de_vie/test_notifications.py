"""Every decision is mailed to every UIMM territoriale after commit and published in the catalogue; a bloc creation
is notified to the CNCP (R-LC-CRE-05, R-LC-DEC-01). Messages go through a real SMTP server on loopback."""

from __future__ import annotations

import datetime

import pytest

from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import effets, services
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.organisations.models import Organisation
from cqpm.referentiels import catalogue
from cqpm.referentiels.enums import Liste, StatutQualification
from tests.cycle_de_vie.outils import (
    ADRESSES_ACTIVES,
    compteur_mq_en_service,
    creation_complete,
    decider_en_seance,
    personnel,
)
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


def test_a_veille_decision_is_mailed_to_every_territoriale_and_published_R_LC_DEC_01_R_LC_CRE_05(
    reseau, fiche_28245, secretariat, serveur_smtp, taches_immediates, django_capture_on_commit_callbacks
):
    agent = personnel(reseau["69"])
    demande = services.creer_demande(
        TypeDemande.MISE_EN_VEILLE,
        acteur=agent,
        demandeurs=[reseau["69"]],
        qualification=fiche_28245,
        motif="Aucun candidat inscrit depuis 2019.",
    )
    services.soumettre(demande, acteur=agent)
    services.declarer_complete(demande, acteur=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decider_en_seance(demande, secretariat, motif="Usage nul constaté par le GTP.")
    # Inactive territoriales and those without an address are left out; each address gets its own message.
    assert serveur_smtp.destinataires() == ADRESSES_ACTIVES
    assert all(len(m.destinataires) == 1 for m in serveur_smtp.messages)
    message = serveur_smtp.messages[0]
    assert message.sujet == (
        "Décision favorable du GTP « Qualifications » : mise en veille — Opérateur(trice) polyvalent d’équipe autonome"
    )
    for attendu in (
        "MQ 2005 12 69 0198 R",
        decision.date.strftime("%d/%m/%Y"),
        "Motif de la décision : Usage nul constaté par le GTP.",
        "Motif de la demande : Aucun candidat inscrit depuis 2019.",
        "mis en veille",
        "retiré des listes A et B",
        "les candidats déjà engagés à cette date peuvent encore l'obtenir",
    ):
        assert attendu in message.corps
    # Nothing goes to the CNCP: no bloc is created.
    assert "certification@francecompetences.example" not in serveur_smtp.destinataires()
    # Published: the catalogue reads the register.
    assert list(catalogue.rechercher(statut=StatutQualification.EN_VEILLE)) == [fiche_28245]
    assert not catalogue.rechercher(liste=Liste.A, le=decision.date).filter(pk=fiche_28245.pk).exists()
    assert catalogue.rechercher(liste=Liste.A, le=decision.date - datetime.timedelta(days=1)).exists()


def test_a_bloc_creation_is_notified_to_the_cncp_R_LC_CRE_05(
    reseau, secretariat, settings, serveur_smtp, taches_immediates, django_capture_on_commit_callbacks
):
    settings.CNCP_EMAIL = "rncp@cncp.example"
    demande = creation_complete(reseau, secretariat, intitule="Technicien(ne) en usinage")
    with django_capture_on_commit_callbacks(execute=True):
        decider_en_seance(demande, secretariat, categorie="C")
    (avis,) = [m for m in serveur_smtp.messages if m.destinataires == ["rncp@cncp.example"]]
    assert avis.sujet == "Création de blocs de compétences — Technicien(ne) en usinage"
    assert "Bloc 1 — Bloc de compétences 1" in avis.corps and "Bloc 2 — Bloc de compétences 2" in avis.corps
    assert "C1. Régler une machine de découpe laser (étape 1)" in avis.corps
    assert "qu'à compter de son inscription au RNCP" in avis.corps


def test_a_refused_decision_mails_nothing_R_LC_DEC_01(
    reseau, secretariat, serveur_smtp, taches_immediates, django_capture_on_commit_callbacks
):
    compteur_mq_en_service(9000)
    QualificationFactory(sequence=9001, numero="MQ 2015 06 69 9001")  # the allocated sequence is taken
    demande = creation_complete(reseau, secretariat)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RegleViolee):
        decider_en_seance(demande, secretariat, categorie="B")
    assert serveur_smtp.messages == []


def test_a_decision_without_any_territoriale_address_is_still_recorded(reseau, secretariat):
    Organisation.objects.update(email="")
    demande = creation_complete(reseau, secretariat)
    decision = decider_en_seance(demande, secretariat, categorie="B")
    assert decision.favorable and effets.destinataires_decisions() == []
