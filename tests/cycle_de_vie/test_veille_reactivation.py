"""Mise en veille, suppression and reactivation (R-LC-SUP-01, 02, 04, R-LC-REA-01, 02): dated effects on the
lists and on who may still be engaged."""

from __future__ import annotations

import datetime

import pytest

from cqpm.audit.services import historique
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import effets, services
from cqpm.cycle_de_vie.applicabilite import engagement_anterieur_autorise, verifier_engagement_possible
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.referentiels.enums import Liste, StatutQualification
from cqpm.referentiels.services import definir_certification, etait_sur_liste, inscrire_sur_liste
from tests.cycle_de_vie.outils import (
    DOSSIER_REACTIVATION,
    DOSSIER_REVISION,
    a_la_date,
    decider_en_seance,
    en_seance,
    informer_les_cprefp,
    personnel,
    referentiel_revise,
)

pytestmark = pytest.mark.django_db

D = datetime.date
VEILLE = D(2024, 6, 14)
REACTIVATION = D(2025, 2, 3)
FIN_SESSION = D(2025, 12, 31)
UN_JOUR = datetime.timedelta(days=1)


def demander(type_demande, q, acteur, *, le, **options):
    with a_la_date(le):
        demande = services.creer_demande(type_demande, acteur=acteur, qualification=q, **options)
        return services.soumettre(demande, acteur=acteur)


def decider_le(demande, secretariat, le, **options):
    with a_la_date(le):
        informer_les_cprefp(demande, secretariat)
        services.declarer_complete(demande, acteur=secretariat)
        return decider_en_seance(demande, secretariat, **options)


@pytest.fixture
def en_veille(reseau, fiche_28245, secretariat):
    inscrire_sur_liste(fiche_28245, Liste.B, D(2018, 1, 1), acteur=SYSTEME)
    agent = personnel(reseau["69"])
    demande = demander(
        TypeDemande.MISE_EN_VEILLE,
        fiche_28245,
        agent,
        le=D(2024, 3, 1),
        demandeurs=[reseau["69"]],
        motif="Aucun candidat depuis trois ans.",
    )
    decider_le(demande, secretariat, VEILLE)
    fiche_28245.refresh_from_db()
    return fiche_28245


@pytest.fixture
def reactivation(en_veille, reseau):
    """A complete reactivation request of the resource centre, for the session ending FIN_SESSION."""
    return demander(
        TypeDemande.REACTIVATION,
        en_veille,
        personnel(reseau["69"]),
        le=D(2025, 1, 10),
        demandeurs=[reseau["69"]],
        fin_souhaitee=FIN_SESSION,
        **DOSSIER_REACTIVATION,
    )


def test_veille_leaves_listes_a_and_b_from_the_decision_date_R_LC_SUP_01(en_veille):
    assert en_veille.statut == StatutQualification.EN_VEILLE
    for liste in (Liste.A, Liste.B):
        assert etait_sur_liste(en_veille, liste, VEILLE - UN_JOUR)
        assert not etait_sur_liste(en_veille, liste, VEILLE)
    assert historique(en_veille).filter(action="cqpm.mise_en_veille", regle="R-LC-SUP-01").exists()
    assert historique(en_veille).filter(action="liste.retrait", regle="R-LIST-03").exists()


def test_veille_blocks_new_candidates_but_keeps_those_engaged_before_R_LC_SUP_04(en_veille):
    verifier_engagement_possible(en_veille, VEILLE - UN_JOUR)
    with pytest.raises(RegleViolee, match="mis en veille par décision du GTP du 14/06/2024") as exc:
        verifier_engagement_possible(en_veille, VEILLE)
    assert exc.value.rule == "R-LC-SUP-04"
    assert engagement_anterieur_autorise(en_veille, VEILLE - UN_JOUR)
    assert not engagement_anterieur_autorise(en_veille, VEILLE)


def test_veille_and_suppression_requests_are_motivated_R_LC_SUP_02(reseau, fiche_28245, secretariat):
    for type_demande in (TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION):
        with pytest.raises(RegleViolee) as exc:
            services.creer_demande(
                type_demande, acteur=secretariat, par_le_gtp=True, qualification=fiche_28245, motif="  "
            )
        assert exc.value.rule == "R-LC-SUP-02"


def test_veille_comes_from_the_resource_centre_or_the_gtp_R_LC_SUP_02(reseau, fiche_28245, secretariat):
    with pytest.raises(RegleViolee, match="n'est pas centre de ressources") as exc:
        services.creer_demande(
            TypeDemande.MISE_EN_VEILLE,
            acteur=personnel(reseau["13"]),
            demandeurs=[reseau["13"]],
            qualification=fiche_28245,
            motif="Inutilisé.",
        )
    assert exc.value.rule == "R-LC-SUP-02"
    demande = services.creer_demande(
        TypeDemande.MISE_EN_VEILLE, acteur=secretariat, par_le_gtp=True, qualification=fiche_28245, motif="Inutilisé."
    )
    assert demande.origine == "gtp"


def test_suppression_is_final_R_LC_SUP_01(en_veille, reseau, secretariat):
    demande = demander(
        TypeDemande.SUPPRESSION,
        en_veille,
        secretariat,
        le=D(2026, 7, 1),
        par_le_gtp=True,
        motif="Pas réactivé en deux ans.",
    )
    decider_le(demande, secretariat, D(2026, 7, 10))
    en_veille.refresh_from_db()
    assert en_veille.statut == StatutQualification.SUPPRIMEE
    with pytest.raises(RegleViolee, match="supprimé par décision du GTP du 10/07/2026") as exc:
        verifier_engagement_possible(en_veille, D(2026, 7, 10))
    assert exc.value.rule == "R-LC-SUP-04"
    for type_demande in (TypeDemande.REACTIVATION, TypeDemande.REVISION):
        with pytest.raises(RegleViolee) as exc:
            services.creer_demande(
                type_demande, acteur=personnel(reseau["69"]), demandeurs=[reseau["69"]], qualification=en_veille
            )
        assert exc.value.rule == "R-LC-SUP-01"


def test_only_a_cqpm_in_veille_is_reactivated_R_LC_REA_01(reseau, fiche_28245):
    with pytest.raises(RegleViolee, match="n'est pas en veille") as exc:
        services.creer_demande(
            TypeDemande.REACTIVATION,
            acteur=personnel(reseau["69"]),
            demandeurs=[reseau["69"]],
            qualification=fiche_28245,
        )
    assert exc.value.rule == "R-LC-REA-01"


def test_a_reactivation_states_history_flows_arguments_and_duration_R_LC_REA_01(en_veille, reseau, secretariat):
    agent = personnel(reseau["69"])
    demande = demander(TypeDemande.REACTIVATION, en_veille, agent, le=D(2025, 1, 10), demandeurs=[reseau["69"]])
    with a_la_date(D(2025, 1, 10)):
        informer_les_cprefp(demande, agent)
        with pytest.raises(RegleViolee) as exc:
            services.declarer_complete(demande, acteur=secretariat)
    assert exc.value.rule == "R-LC-REA-01"
    assert [d["champ"] for d in exc.value.details] == ["historique", "flux_potentiel", "arguments", "fin_souhaitee"]
    services.modifier_dossier(demande, acteur=agent, **DOSSIER_REACTIVATION, fin_souhaitee=FIN_SESSION)
    with a_la_date(D(2025, 1, 10)):
        services.declarer_complete(demande, acteur=secretariat)


def test_reactivation_lasts_for_the_session_that_motivated_it_R_LC_REA_02(en_veille, reactivation, secretariat):
    demande = reactivation
    decision = decider_le(demande, secretariat, REACTIVATION)
    en_veille.refresh_from_db()
    assert en_veille.statut == StatutQualification.EN_VIGUEUR
    assert decision.fin_reactivation == FIN_SESSION and not decision.duree_indeterminee
    assert etait_sur_liste(en_veille, Liste.A, REACTIVATION) and not etait_sur_liste(en_veille, Liste.B, REACTIVATION)
    assert historique(en_veille).filter(action="cqpm.reactivation", regle="R-LC-REA-02").exists()
    # Closed during the veille, open from the reactivation until the end of the session, closed after it.
    with pytest.raises(RegleViolee):
        verifier_engagement_possible(en_veille, REACTIVATION - UN_JOUR)
    verifier_engagement_possible(en_veille, REACTIVATION)
    verifier_engagement_possible(en_veille, FIN_SESSION)
    with pytest.raises(RegleViolee, match="a pris fin le 31/12/2025") as exc:
        verifier_engagement_possible(en_veille, FIN_SESSION + UN_JOUR)
    assert exc.value.rule == "R-LC-REA-02"
    assert engagement_anterieur_autorise(en_veille, FIN_SESSION)
    # Once the session is over, the daily job puts it back in veille, off liste A from the next day.
    assert effets.terminer_reactivations(FIN_SESSION) == []
    assert effets.terminer_reactivations(FIN_SESSION + UN_JOUR) == [en_veille]
    en_veille.refresh_from_db()
    assert en_veille.statut == StatutQualification.EN_VEILLE
    assert etait_sur_liste(en_veille, Liste.A, FIN_SESSION)
    assert not etait_sur_liste(en_veille, Liste.A, FIN_SESSION + UN_JOUR)
    assert effets.terminer_reactivations(FIN_SESSION + UN_JOUR) == []
    assert historique(en_veille).filter(action="cqpm.fin_reactivation", regle="R-LC-REA-02").exists()


def test_the_gtp_may_reactivate_for_an_indefinite_duration_R_LC_REA_02(en_veille, reactivation, secretariat):
    demande = reactivation
    with a_la_date(REACTIVATION):
        informer_les_cprefp(demande, secretariat)
        services.declarer_complete(demande, acteur=secretariat)
        seance = en_seance(demande, secretariat)
        options = {"seance": seance, "favorable": True, "motif": "", "acteur": secretariat}
        with pytest.raises(RegleViolee, match="pas les deux"):
            services.decider(demande, **options, fin_reactivation=FIN_SESSION, duree_indeterminee=True)
        with pytest.raises(RegleViolee, match="avant la décision"):
            services.decider(demande, **options, fin_reactivation=REACTIVATION - UN_JOUR)
        decision = services.decider(demande, **options, duree_indeterminee=True)
    assert decision.fin_reactivation is None and decision.duree_indeterminee
    verifier_engagement_possible(en_veille, D(2040, 1, 1))


def test_a_cqpm_put_in_veille_before_the_product_closes_at_its_liste_a_withdrawal_R_LC_SUP_04():
    from tests.factories import QualificationFactory

    q = QualificationFactory(statut=StatutQualification.EN_VEILLE, date_creation=D(2010, 1, 1))
    q.inscriptions_listes.create(liste=Liste.A, debut=D(2010, 1, 1), fin=D(2020, 5, 1))
    assert engagement_anterieur_autorise(q, D(2020, 4, 30))
    with pytest.raises(RegleViolee, match="01/05/2020"):
        verifier_engagement_possible(q, D(2020, 5, 1))


def test_a_reactivation_combined_with_a_revision_lasts_indefinitely_R_LC_REA_01(en_veille, reseau, secretariat):
    agent = personnel(reseau["69"])
    dossier = {**DOSSIER_REVISION, **DOSSIER_REACTIVATION}
    demande = demander(
        TypeDemande.REACTIVATION,
        en_veille,
        agent,
        le=D(2025, 1, 10),
        demandeurs=[reseau["69"]],
        avec_revision=True,
        **dossier,
    )
    definir_certification(demande.projet, referentiel_revise(en_veille.version_courante), acteur=agent)
    decision = decider_le(demande, secretariat, REACTIVATION, categorie="C")
    en_veille.refresh_from_db()
    assert decision.duree_indeterminee and decision.fin_reactivation is None
    assert en_veille.version_courante == demande.projet and en_veille.version_courante.categorie == "C"
    assert en_veille.statut == StatutQualification.EN_VIGUEUR
    verifier_engagement_possible(en_veille, D(2040, 1, 1))
