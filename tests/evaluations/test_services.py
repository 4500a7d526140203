"""Evaluation actions: modalities (R-EVAL-01/02), company opinion (R-EVAL-03), commission and results (R-EVAL-04,
R-REG-02), compensations (R-EVAL-05), who may act, and the audit log."""

from __future__ import annotations

import datetime

import pytest

from cqpm.audit.services import historique
from cqpm.comptes.enums import Role
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.evaluations import services
from cqpm.evaluations.models import ModaliteChoisie, ResultatCapacite
from cqpm.referentiels.enums import Modalite
from tests.evaluations.outils import (
    MEMBRES,
    aujourdhui,
    autoriser,
    capacites,
    commission,
    dossier_choisi,
    inscription,
    territoriale,
)
from tests.factories import EntrepriseFactory, TerritorialeFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db

R, C, P, A = Modalite.SITUATION_REELLE, Modalite.SITUATION_RECONSTITUEE, Modalite.PROJETS, Modalite.AVIS_ENTREPRISE


def test_modalities_are_chosen_among_those_of_the_pinned_version_R_EVAL_01():
    i = inscription()
    u = territoriale(i)
    d = services.ouvrir_dossier(i, acteur=u)
    c1 = capacites(i)[0]
    with pytest.raises(RegleViolee, match="non prévue : présentation de projets") as exc:
        services.choisir_modalites(d, [services.ChoixCapacite(c1, (R, P))], acteur=u)
    assert exc.value.rule == "R-EVAL-01"
    autoriser(c1, P)
    services.choisir_modalites(d, [services.ChoixCapacite(c1, (R, P))], acteur=u)
    assert set(ModaliteChoisie.objects.filter(dossier=d).values_list("modalite", flat=True)) == {R, P}
    assert historique(d).filter(action="evaluation.modalites", regle="R-EVAL-01").exists()


def test_a_capacity_of_another_version_is_refused_R_EVAL_01():
    i, autre = inscription(), inscription()
    u = territoriale(i)
    d = services.ouvrir_dossier(i, acteur=u)
    with pytest.raises(RegleViolee, match="épinglée") as exc:
        services.choisir_modalites(d, [services.ChoixCapacite(capacites(autre)[0], (R,))], acteur=u)
    assert exc.value.rule == "R-EVAL-01"


def test_dossier_goes_to_the_resource_centre_with_every_modality_R_EVAL_01():
    i = inscription()
    u = territoriale(i)
    d = services.ouvrir_dossier(i, acteur=u)
    with pytest.raises(RegleViolee, match="il en manque pour : C1, C2") as exc:
        services.transmettre(d, le=aujourdhui(), acteur=u)
    assert exc.value.rule == "R-EVAL-01"
    with pytest.raises(RegleViolee, match="transmis"):
        services.enregistrer_recommandations(d, recommandations="Filmer.", le=aujourdhui(), acteur=u)
    d = dossier_choisi(i, u)
    d = services.transmettre(d, le=aujourdhui(), acteur=u)
    d = services.enregistrer_recommandations(
        d, recommandations="Prévoir un audit réel.", adaptations="Audit ajouté.", le=aujourdhui(), acteur=u
    )
    assert d.transmis_le == aujourdhui() and d.adaptations == "Audit ajouté."


def test_reconstituted_situation_only_where_allowed_and_justified_R_EVAL_02():
    i = inscription()
    u = territoriale(i)
    d = services.ouvrir_dossier(i, acteur=u)
    c1 = capacites(i)[0]
    with pytest.raises(RegleViolee, match="ne prévoit pas de situation professionnelle reconstituée") as exc:
        services.choisir_modalites(d, [services.ChoixCapacite(c1, (C,), "Ligne arrêtée.")], acteur=u)
    assert exc.value.rule == "R-EVAL-02"
    autoriser(c1, C, A)
    with pytest.raises(RegleViolee, match="justifiez-le") as exc:
        services.choisir_modalites(d, [services.ChoixCapacite(c1, (C,))], acteur=u)
    assert exc.value.rule == "R-EVAL-02"
    with pytest.raises(RegleViolee, match="ne concerne que la situation reconstituée"):
        services.choisir_modalites(d, [services.ChoixCapacite(c1, (R,), "Ligne arrêtée.")], acteur=u)
    services.choisir_modalites(d, [services.ChoixCapacite(c1, (C, A), "Ligne arrêtée pour travaux.")], acteur=u)
    choisie = ModaliteChoisie.objects.get(dossier=d, modalite=C)
    assert choisie.justification == "Ligne arrêtée pour travaux."
    assert ModaliteChoisie.objects.get(dossier=d, modalite=A).justification == ""


def test_a_justification_of_spaces_only_is_no_justification_R_EVAL_02():
    """Refused with the rule's message by the service, before any database constraint can see it."""
    i = inscription()
    u = territoriale(i)
    d = services.ouvrir_dossier(i, acteur=u)
    c1 = capacites(i)[0]
    autoriser(c1, C)
    with pytest.raises(RegleViolee) as exc:
        services.choisir_modalites(d, [services.ChoixCapacite(c1, (C,), " \t\n  ")], acteur=u)
    assert (exc.value.rule, exc.value.code) == ("R-EVAL-02", "justification_requise")
    assert exc.value.message == (
        f"Capacité {c1.code} : la situation reconstituée n'est retenue que si l'évaluation en situation réelle est "
        "impossible ; justifiez-le (R-EVAL-02)."
    )
    assert not ModaliteChoisie.objects.filter(dossier=d).exists()
    services.choisir_modalites(d, [services.ChoixCapacite(c1, (R,), "   ")], acteur=u)  # spaces: no justification
    assert ModaliteChoisie.objects.get(dossier=d, modalite=R).justification == ""


def test_company_gives_its_opinion_on_its_employee_R_EVAL_03():
    i = inscription()
    d = services.ouvrir_dossier(i, acteur=territoriale(i))
    entreprise = UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=i.entreprise)
    d = services.saisir_avis_entreprise(d, avis="Autonome.", auteur="Mme Tutrice", le=aujourdhui(), acteur=entreprise)
    assert d.avis_auteur == "Mme Tutrice"
    autre = UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=EntrepriseFactory())
    with pytest.raises(AccesRefuse):
        services.saisir_avis_entreprise(d, avis="x", auteur="y", le=aujourdhui(), acteur=autre)
    with pytest.raises(AccesRefuse):
        services.choisir_modalites(d, [], acteur=entreprise)


def test_no_company_opinion_for_an_employee_without_employer_agreement_R_EVAL_03():
    i = inscription(voie="directe", financement="CPF", accord_employeur=False)
    u = territoriale(i)
    d = services.ouvrir_dossier(i, acteur=u)
    with pytest.raises(RegleViolee, match="sans l'accord de son employeur") as exc:
        services.saisir_avis_entreprise(d, avis="Bien.", auteur="M. X", le=aujourdhui(), acteur=u)
    assert exc.value.rule == "R-EVAL-03"


def test_commission_of_the_exam_centre_with_qualified_members_R_EVAL_04():
    i = inscription()
    u = territoriale(i)
    with pytest.raises(RegleViolee, match="plusieurs membres qualifiés") as exc:
        services.creer_commission(
            centre_examen=i.centre_examen, date=aujourdhui(), lieu="Lyon", membres=MEMBRES[:1], acteur=u
        )
    assert exc.value.rule == "R-EVAL-04"
    with pytest.raises(AccesRefuse):
        services.creer_commission(
            centre_examen=TerritorialeFactory(departement="13"),
            date=aujourdhui(),
            lieu="Lyon",
            membres=MEMBRES,
            acteur=u,
        )
    c = commission(i, u)
    assert [m.nom for m in c.membres.all()] == ["Paul Martin", "Léa Durand"]


def test_results_per_capacity_acquired_or_not_R_EVAL_04():
    i = inscription()
    u = territoriale(i)
    d = dossier_choisi(i, u)
    c = commission(i, u)
    c1, c2 = capacites(i)[:2]
    saisis = [services.ResultatSaisi(c1, True, "Cotes respectées."), services.ResultatSaisi(c2, False)]
    services.enregistrer_resultats(d, commission=c, resultats=saisis, acteur=u)
    assert dict(ResultatCapacite.objects.values_list("capacite__numero", "acquise")) == {1: True, 2: False}
    autre = services.creer_commission(
        centre_examen=TerritorialeFactory(departement="13"),
        date=aujourdhui(),
        lieu="Marseille",
        membres=MEMBRES,
        acteur=SYSTEME,
    )
    with pytest.raises(RegleViolee, match="pas celle du centre d'examen") as exc:
        services.enregistrer_resultats(d, commission=autre, resultats=saisis, acteur=u)
    assert exc.value.rule == "R-EVAL-04"


def test_results_need_the_modalities_chosen_first_R_EVAL_01():
    i = inscription()
    u = territoriale(i)
    d = services.ouvrir_dossier(i, acteur=u)
    with pytest.raises(RegleViolee, match="n'ont pas été choisies") as exc:
        services.enregistrer_resultats(
            d, commission=commission(i, u), resultats=[services.ResultatSaisi(capacites(i)[0], True)], acteur=u
        )
    assert exc.value.rule == "R-EVAL-01"


def test_commission_meets_at_least_three_months_after_registration_R_REG_02():
    i = inscription(date_inscription=datetime.date(2025, 11, 30))
    u = territoriale(i)
    d = dossier_choisi(i, u)
    trop_tot = commission(i, u, le=datetime.date(2026, 2, 27))
    saisis = [services.ResultatSaisi(capacites(i)[0], True)]
    with pytest.raises(RegleViolee, match="pas avant le 28 février 2026") as exc:
        services.enregistrer_resultats(d, commission=trop_tot, resultats=saisis, acteur=u)
    assert exc.value.rule == "R-REG-02"
    services.enregistrer_resultats(
        d, commission=commission(i, u, le=datetime.date(2026, 2, 28)), resultats=saisis, acteur=u
    )


def test_compensations_are_granted_at_the_candidates_request_R_EVAL_05():
    i = inscription()
    u = territoriale(i)
    d = services.ouvrir_dossier(i, acteur=u)
    hier = aujourdhui() - datetime.timedelta(days=1)
    with pytest.raises(RegleViolee, match="à la demande du candidat") as exc:
        services.enregistrer_compensations(
            d, demandees="", demandees_le=None, accordees="Tiers temps", accordees_le=hier, acteur=u
        )
    assert exc.value.rule == "R-EVAL-05"
    d = services.enregistrer_compensations(
        d,
        demandees="Temps supplémentaire",
        demandees_le=hier,
        accordees="Tiers temps",
        accordees_le=aujourdhui(),
        acteur=u,
    )
    assert (d.compensations_demandees, d.compensations_accordees) == ("Temps supplémentaire", "Tiers temps")
    assert historique(d).filter(action="evaluation.compensations", regle="R-EVAL-05").exists()


def test_a_vae_has_no_training_evaluation_dossier():
    i = inscription(parcours="vae", financement="VAE", voie="entreprise")
    with pytest.raises(RegleViolee, match="VAE"):
        services.ouvrir_dossier(i, acteur=territoriale(i))


def test_another_exam_centre_may_not_open_the_dossier():
    i = inscription()
    autre = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=TerritorialeFactory(departement="13"))
    with pytest.raises(AccesRefuse):
        services.ouvrir_dossier(i, acteur=autre)
