"""The full creation path: draft → submitted → complete → CNCP opinion → agenda → decided with category B → number,
resource centre, liste A, public catalogue, and every territoriale's mailbox (R-LC-CRE-01 to R-LC-CRE-07)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cqpm.audit.services import historique
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import IssuePoint, SensAvisCNCP, StatutDemande, StatutSeance, TypeDemande
from cqpm.cycle_de_vie.models import Demande
from cqpm.gtp import services as gtp
from cqpm.referentiels import catalogue
from cqpm.referentiels.enums import Liste, StatutQualification, StatutVersion
from cqpm.referentiels.numeros import parse_mq
from cqpm.referentiels.services import etait_sur_liste
from tests.cycle_de_vie.outils import (
    ADRESSES_ACTIVES,
    DOSSIER_CREATION,
    completer_projet,
    compteur_mq_en_service,
    creation_complete,
    decider_en_seance,
    en_seance,
    personnel,
)

pytestmark = pytest.mark.django_db


def test_full_creation_path_R_LC_CRE_01_to_07(
    reseau, secretariat, serveur_smtp, taches_immediates, django_capture_on_commit_callbacks
):
    agent = personnel(reseau["69"])
    demande = services.creer_demande(
        TypeDemande.CREATION, acteur=agent, demandeurs=[reseau["69"]], intitule="Opérateur(trice) de découpe laser"
    )
    assert demande.statut == StatutDemande.BROUILLON and demande.qualification.statut == StatutQualification.PROJET
    assert not catalogue.rechercher(texte="découpe laser").exists()  # a projet is not public

    services.modifier_dossier(demande, acteur=agent, **DOSSIER_CREATION)
    completer_projet(demande.projet, agent)
    demande = services.soumettre(demande, acteur=agent)
    assert demande.statut == StatutDemande.SOUMISE and demande.soumise_par == agent

    demande = services.declarer_complete(demande, acteur=secretariat)
    assert demande.statut == StatutDemande.COMPLETE and demande.complete_par == secretariat
    services.enregistrer_avis_cncp(demande, date=timezone.localdate(), avis=SensAvisCNCP.FAVORABLE, acteur=secretariat)

    seance = en_seance(demande, secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decider(
            demande, seance=seance, favorable=True, motif="Besoin avéré.", acteur=secretariat, categorie="B"
        )

    demande.refresh_from_db()
    seance.refresh_from_db()
    q = demande.qualification
    q.refresh_from_db()
    aujourdhui = timezone.localdate()
    assert demande.statut == StatutDemande.DECIDEE and demande.decidee_le == aujourdhui
    assert seance.statut == StatutSeance.TENUE and decision.point.issue == IssuePoint.DECIDE
    # Created on the decision date, numbered (R-ID-01): year/month of the decision, département 69, no R suffix.
    assert q.statut == StatutQualification.EN_VIGUEUR and q.date_creation == aujourdhui
    numero = parse_mq(q.numero or "")
    assert (numero.annee, numero.mois, numero.departements) == (aujourdhui.year, aujourdhui.month, ("69",))
    # The test deployment's last paper sequence is 9000 (tests/conftest.py: MQ_DERNIERE_SEQUENCE).
    assert not numero.rncp and numero.sequence == 9001 and q.sequence == numero.sequence
    assert decision.numero == q.numero
    # The version is decided with its category, applicable on the decision date.
    version = q.version_courante
    assert version == demande.projet and version.statut == StatutVersion.DECIDEE
    assert (version.categorie, version.date_application) == ("B", aujourdhui)
    # Resource centre and liste A (R-LC-CRE-07, R-LIST-01); no liste B without the GTP's opinion.
    assert list(q.centres_ressources.all()) == [reseau["69"]]
    assert etait_sur_liste(q, Liste.A, aujourdhui) and not etait_sur_liste(q, Liste.B, aujourdhui)
    # Published: the public catalogue finds it by title and by number (R-LC-CRE-05).
    assert list(catalogue.rechercher(texte="découpe laser")) == [q]
    assert catalogue.trouver_par_numero(q.numero or "") == q
    # Every active territoriale with an address got the decision; the CNCP got the blocs (R-LC-CRE-05).
    decisions = [m for m in serveur_smtp.messages if "Décision favorable" in m.sujet]
    assert {d for m in decisions for d in m.destinataires} == ADRESSES_ACTIVES
    corps = decisions[0].corps
    for attendu in ("Opérateur(trice) de découpe laser", q.numero, aujourdhui.strftime("%d/%m/%Y"), "Catégorie : B"):
        assert attendu in corps
    assert "Besoin avéré." in corps and "création" in decisions[0].sujet
    cncp = [m for m in serveur_smtp.messages if m.destinataires == ["certification@francecompetences.example"]]
    assert len(cncp) == 1 and "Bloc 1 — Bloc de compétences 1" in cncp[0].corps and "C4." in cncp[0].corps
    # Each effect is in the audit log with its rule.
    regles = set(historique(q).values_list("regle", flat=True))
    assert {"R-LC-CRE-06", "R-ID-01", "R-LC-CRE-07", "R-LIST-01"} <= regles
    assert historique(demande).filter(action="demande.decision", regle="R-LC-CRE-04").exists()


def test_a_joint_creation_numbers_both_departements_in_order_R_LC_CRE_07(reseau, secretariat):
    demande = creation_complete(reseau, secretariat, departements=("13", "69"))
    decider_en_seance(demande, secretariat, categorie="C*", liste_b=True)
    q = demande.qualification
    q.refresh_from_db()
    assert parse_mq(q.numero or "").departements == ("13", "69")
    assert list(q.centres_ressources.order_by("centreressources__ordre")) == [reseau["13"], reseau["69"]]
    # Liste B after the GTP's positive opinion (R-LIST-02).
    assert etait_sur_liste(q, Liste.B, timezone.localdate())


def test_each_creation_takes_the_next_national_sequence_R_LC_CRE_07(reseau, secretariat):
    sequences = []
    for intitule in ("Soudeur(se) TIG", "Chaudronnier(ère)"):
        demande = creation_complete(reseau, secretariat, intitule=intitule)
        decider_en_seance(demande, secretariat, categorie="A")
        demande.qualification.refresh_from_db()
        sequences.append(demande.qualification.sequence)
    assert sequences[1] == sequences[0] + 1


def test_an_allocated_sequence_already_taken_is_refused_R_LC_CRE_07(reseau, secretariat):
    from tests.factories import QualificationFactory

    compteur_mq_en_service(9000)
    QualificationFactory(sequence=9001, numero="MQ 2015 06 69 9001")  # imported after the counter started
    demande = creation_complete(reseau, secretariat)
    with pytest.raises(RegleViolee, match=r"9001 .* est déjà portée par") as exc:
        decider_en_seance(demande, secretariat, categorie="B")
    assert exc.value.rule == "R-ID-01"
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.COMPLETE  # nothing half-done


def test_creation_is_not_decided_without_the_cncp_opinion_R_LC_CRE_03(reseau, secretariat):
    demande = creation_complete(reseau, secretariat, avis=False)
    with pytest.raises(RegleViolee) as exc:
        decider_en_seance(demande, secretariat, categorie="B")
    assert exc.value.rule == "R-LC-CRE-03"
    services.enregistrer_avis_cncp(demande, date=timezone.localdate(), avis="reserves", acteur=secretariat)
    assert demande.avis_cncp.get_sens_display() == "Avis favorable avec réserves"
    assert historique(demande).filter(action="demande.avis_cncp", regle="R-LC-CRE-03").exists()


def test_cncp_opinion_only_on_a_creation_and_only_once_R_LC_CRE_03(reseau, secretariat):
    demande = creation_complete(reseau, secretariat)
    with pytest.raises(RegleViolee, match="déjà enregistré"):
        services.enregistrer_avis_cncp(demande, date=timezone.localdate(), avis="favorable", acteur=secretariat)


def test_the_gtp_sets_the_category_at_creation_R_LC_CRE_04(reseau, secretariat):
    demande = creation_complete(reseau, secretariat)
    with pytest.raises(RegleViolee) as exc:
        decider_en_seance(demande, secretariat)
    assert exc.value.rule == "R-LC-CRE-04"
    with pytest.raises(RegleViolee) as exc:
        services.decider(
            demande,
            seance=demande.points_ordre_du_jour.get().seance,
            favorable=True,
            motif="",
            acteur=secretariat,
            categorie="E",
        )
    assert exc.value.rule == "R-CAT-01"


def test_an_unfavourable_decision_closes_the_request_and_changes_nothing_else_R_LC_DEC_01(
    reseau, secretariat, serveur_smtp, taches_immediates, django_capture_on_commit_callbacks
):
    demande = creation_complete(reseau, secretariat)
    with pytest.raises(RegleViolee, match="motivée"):
        decider_en_seance(demande, secretariat, favorable=False, motif=" ")
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decider(
            demande,
            seance=demande.points_ordre_du_jour.get().seance,
            favorable=False,
            motif="Doublon du CQPM « Opérateur laser ».",
            acteur=secretariat,
        )
    demande.refresh_from_db()
    q = demande.qualification
    assert demande.statut == StatutDemande.DECIDEE and decision.motif == "Doublon du CQPM « Opérateur laser »."
    assert q.statut == StatutQualification.PROJET and q.numero is None and not q.inscriptions_listes.exists()
    assert demande.projet.statut == StatutVersion.BROUILLON
    assert not catalogue.rechercher(texte="découpe laser").exists()
    # An unfavourable decision is mailed too (R-LC-DEC-01), with its motive; nothing goes to the CNCP.
    assert serveur_smtp.destinataires() == ADRESSES_ACTIVES
    assert "Décision défavorable" in serveur_smtp.messages[0].sujet
    assert "Doublon du CQPM" in serveur_smtp.messages[0].corps


def test_only_a_complete_request_on_the_agenda_is_decided_R_LC_CRE_02(reseau, secretariat):
    agent = personnel(reseau["69"])
    demande = services.creer_demande(
        TypeDemande.CREATION, acteur=agent, demandeurs=[reseau["69"]], intitule="Tôlier(ère)", **DOSSIER_CREATION
    )
    completer_projet(demande.projet, agent)
    services.soumettre(demande, acteur=agent)
    seance = en_seance(demande, secretariat)  # a submitted request may be put on the agenda…
    with pytest.raises(RegleViolee) as exc:  # … but not decided while its dossier is not complete
        services.decider(demande, seance=seance, favorable=True, motif="", acteur=secretariat, categorie="B")
    assert exc.value.rule == "R-LC-CRE-02"
    services.declarer_complete(demande, acteur=secretariat)
    services.enregistrer_avis_cncp(demande, date=timezone.localdate(), avis="favorable", acteur=secretariat)
    autre = gtp.creer_seance(date=timezone.localdate(), lieu="Lyon", acteur=secretariat)
    with pytest.raises(RegleViolee, match="n'est pas inscrite à l'ordre du jour"):
        services.decider(demande, seance=autre, favorable=True, motif="", acteur=secretariat, categorie="B")
    with pytest.raises(RegleViolee, match="déjà inscrite"):
        services.inscrire_a_l_ordre_du_jour(autre, demande, acteur=secretariat)
    gtp.reporter(demande.points_ordre_du_jour.get(), acteur=secretariat)
    services.inscrire_a_l_ordre_du_jour(autre, demande, acteur=secretariat)
    services.decider(demande, seance=autre, favorable=True, motif="", acteur=secretariat, categorie="B")
    assert Demande.objects.get(pk=demande.pk).statut == StatutDemande.DECIDEE


def test_a_decision_is_not_recorded_before_the_seance_is_held(reseau, secretariat):
    import datetime

    demande = creation_complete(reseau, secretariat)
    futur = gtp.creer_seance(date=timezone.localdate() + datetime.timedelta(days=7), lieu="Paris", acteur=secretariat)
    services.inscrire_a_l_ordre_du_jour(futur, demande, acteur=secretariat)
    with pytest.raises(RegleViolee, match="ne s'est pas encore tenue"):
        services.decider(demande, seance=futur, favorable=True, motif="", acteur=secretariat, categorie="B")
