"""Who files which request (R-LC-CRE-01, R-LC-CRE-07), the state machine of a request and its dossier (R-LC-CRE-02)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from cqpm.audit.services import historique
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import OrigineDemande, StatutDemande, TypeDemande
from cqpm.cycle_de_vie.models import Demande
from cqpm.gtp import services as gtp
from cqpm.referentiels.enums import StatutQualification
from tests.cycle_de_vie.outils import DOSSIER_CREATION, completer_projet, creation_complete, en_seance, personnel

pytestmark = pytest.mark.django_db


def creer(acteur, *demandeurs, **kwargs):
    return services.creer_demande(
        TypeDemande.CREATION, acteur=acteur, demandeurs=list(demandeurs), intitule="Câbleur(se)", **kwargs
    )


def test_creation_from_one_territoriale_makes_a_projet_with_its_draft_R_LC_CRE_01(reseau):
    demande = creer(personnel(reseau["69"]), reseau["69"])
    assert demande.origine == OrigineDemande.TERRITORIALES
    q = demande.qualification
    assert q.statut == StatutQualification.PROJET and q.intitule == "Câbleur(se)"
    assert demande.projet.qualification == q and list(q.centres_ressources.all()) == [reseau["69"]]
    assert historique(demande).filter(action="demande.creation", regle="R-LC-CRE-01").exists()


@pytest.mark.parametrize(
    ("demandeurs", "message"),
    [
        (("69", "13", "75"), "au plus deux UIMM territoriales"),
        (("entreprise",), "ne peut pas demander la création"),
        (("uimm", "69"), "L'UIMM demande seule"),
        ((), "Indiquez qui demande"),
    ],
)
def test_creation_comes_from_the_uimm_or_one_or_two_territoriales_R_LC_CRE_01(reseau, secretariat, demandeurs, message):
    organisations = {"entreprise": reseau.entreprise, "uimm": reseau.uimm, **reseau.territoriales}
    with pytest.raises(RegleViolee, match=message) as exc:
        creer(secretariat, *(organisations[d] for d in demandeurs))
    assert exc.value.rule == "R-LC-CRE-01"
    assert not Demande.objects.exists()


def test_the_gtp_does_not_request_a_creation_itself_R_LC_CRE_01(secretariat):
    with pytest.raises(RegleViolee) as exc:
        services.creer_demande(TypeDemande.CREATION, acteur=secretariat, par_le_gtp=True, intitule="Câbleur(se)")
    assert exc.value.rule == "R-LC-CRE-01"


def test_a_request_of_the_uimm_designates_the_resource_centres_R_LC_CRE_07(reseau, secretariat):
    with pytest.raises(RegleViolee) as exc:
        creer(secretariat, reseau.uimm)
    assert exc.value.rule == "R-LC-CRE-07"
    demande = creer(secretariat, reseau.uimm, centres_ressources=[reseau["75"]])
    assert demande.origine == OrigineDemande.UIMM
    assert list(demande.qualification.centres_ressources.all()) == [reseau["75"]]


def test_territoriale_staff_files_only_for_its_own_territoriale_ACCES(reseau):
    with pytest.raises(AccesRefuse):
        creer(personnel(reseau["13"]), reseau["69"])
    demande = creer(personnel(reseau["69"]), reseau["69"])
    for action in (services.soumettre, services.retirer):
        with pytest.raises(AccesRefuse):
            action(demande, acteur=personnel(reseau["13"]))
    with pytest.raises(AccesRefuse):
        services.modifier_dossier(demande, acteur=personnel(reseau["13"]), besoins_entreprises="…")
    with pytest.raises(AccesRefuse):  # the secretariat instructs
        services.declarer_complete(demande, acteur=personnel(reseau["69"]))


def test_a_joint_request_is_submitted_once_both_territoriales_signed_R_LC_CRE_01(reseau, secretariat):
    agent69, agent13 = personnel(reseau["69"]), personnel(reseau["13"])
    demande = creer(agent69, reseau["69"], reseau["13"], **DOSSIER_CREATION)
    demande = services.soumettre(demande, acteur=agent69)
    assert demande.statut == StatutDemande.BROUILLON
    with pytest.raises(AccesRefuse, match="attend celle de UIMM territoriale 13"):
        services.soumettre(demande, acteur=agent69)
    demande = services.soumettre(demande, acteur=agent13)
    assert demande.statut == StatutDemande.SOUMISE
    assert {s.signe_par for s in demande.signataires.all()} == {agent69, agent13}


def test_an_incomplete_dossier_lists_every_missing_section_and_projet_gap_R_LC_CRE_02(reseau, secretariat):
    agent = personnel(reseau["69"])
    demande = creer(agent, reseau["69"], besoins_entreprises="Les entreprises de la vallée de l'Arve recrutent.")
    demande = services.soumettre(demande, acteur=agent)
    with pytest.raises(RegleViolee) as exc:
        services.declarer_complete(demande, acteur=secretariat)
    assert exc.value.rule == "R-LC-CRE-02" and exc.value.code == "dossier_incomplet"
    champs = {d["champ"] for d in exc.value.details}
    assert {"perspectives_emplois", "positionnement", "publics_flux", "analyse_activites", "analyse_unites"} <= champs
    assert "besoins_entreprises" not in champs
    assert {"projet.referentiel_activites.mission", "projet.blocs", "projet.conditions_admissibilite"} <= champs
    assert "projet.categorie" not in champs  # the GTP classes it (R-CAT-01)
    assert "Publics visés et flux estimés" in exc.value.message and "La mission visée" in exc.value.message
    assert any(d["rule"] == "R-REF-01" for d in exc.value.details)

    services.modifier_dossier(demande, acteur=agent, **DOSSIER_CREATION)
    completer_projet(demande.projet, agent)
    demande = services.declarer_complete(demande, acteur=secretariat)
    assert demande.statut == StatutDemande.COMPLETE
    assert historique(demande).filter(action="demande.dossier_complet", regle="R-LC-CRE-02").exists()


def test_transitions_follow_the_state_machine_R_LC_CRE_02(reseau, secretariat):
    agent = personnel(reseau["69"])
    demande = creer(agent, reseau["69"], **DOSSIER_CREATION)
    with pytest.raises(RegleViolee, match="à l'état « soumise au secrétariat du GTP »"):
        services.declarer_complete(demande, acteur=secretariat)
    completer_projet(demande.projet, agent)
    services.soumettre(demande, acteur=agent)
    with pytest.raises(RegleViolee, match="« brouillon »"):
        services.soumettre(demande, acteur=agent)
    demande = services.declarer_complete(demande, acteur=secretariat)
    with pytest.raises(RegleViolee):
        services.modifier_dossier(demande, acteur=agent, publics_flux="Autre texte")


def test_withdrawal_keeps_the_request_and_frees_the_qualification_R_ARCH_04(reseau, secretariat):
    agent = personnel(reseau["69"])
    demande = creation_complete(reseau, secretariat)
    services.inscrire_a_l_ordre_du_jour(
        gtp.creer_seance(date=demande.creee_le.date(), lieu="Paris", acteur=secretariat),
        demande,
        acteur=secretariat,
    )
    demande = services.retirer(demande, acteur=agent, motif="Besoin couvert par un CQPI.")
    assert demande.statut == StatutDemande.RETIREE and demande.retiree_par == agent and demande.retiree_le
    assert demande.points_ordre_du_jour.get().issue == "retire"
    with pytest.raises(RegleViolee) as exc:
        services.retirer(demande, acteur=agent)
    assert exc.value.rule == "R-ARCH-04"
    assert historique(demande).filter(action="demande.retrait", avant={"statut": "complete"}).exists()


def test_state_constraints_hold_in_the_database(reseau):
    demande = creer(personnel(reseau["69"]), reseau["69"])
    for champs in (
        {"statut": StatutDemande.SOUMISE},
        {"statut": StatutDemande.DECIDEE},
        {"retiree_le": demande.creee_le},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Demande.objects.filter(pk=demande.pk).update(**champs)
    veille = Demande.objects.filter(pk=demande.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        veille.update(type=TypeDemande.MISE_EN_VEILLE, projet=None, motif="")


def test_one_open_request_per_qualification(reseau, fiche_28245):
    agent = personnel(reseau["69"])
    services.creer_demande(
        TypeDemande.MISE_EN_VEILLE,
        acteur=agent,
        demandeurs=[reseau["69"]],
        qualification=fiche_28245,
        motif="Inutilisé",
    )
    with pytest.raises(RegleViolee, match="déjà en cours"):
        services.creer_demande(TypeDemande.REVISION, acteur=agent, demandeurs=[reseau["69"]], qualification=fiche_28245)


def test_a_territoriale_reads_its_requests_and_those_on_its_cqpms_ACCES(reseau, fiche_28245, secretariat):
    propre = creer(personnel(reseau["13"]), reseau["13"])
    du_gtp = services.creer_demande(
        TypeDemande.MISE_EN_VEILLE, acteur=secretariat, par_le_gtp=True, qualification=fiche_28245, motif="Inutilisé."
    )
    assert set(services.demandes_visibles(personnel(reseau["13"]))) == {propre}
    assert set(services.demandes_visibles(personnel(reseau["69"]))) == {du_gtp}
    assert set(services.demandes_visibles(secretariat)) == {propre, du_gtp}
    assert not services.demandes_visibles(personnel(reseau.entreprise)).exists()


def test_seance_creation_agenda_and_postponement_are_audited_under_their_rule_R_LC_DEC_01(reseau, secretariat):
    demande = creation_complete(reseau, secretariat)
    seance = en_seance(demande, secretariat)
    gtp.reporter(seance.points.get(), acteur=secretariat)
    entrees = historique(seance).order_by("pk")
    assert [(e.action, e.regle) for e in entrees] == [
        ("seance.creation", "R-LC-DEC-01"),
        ("seance.inscription", "R-LC-DEC-01"),
        ("seance.report", "R-LC-DEC-01"),
    ]
