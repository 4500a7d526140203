"""Carrying over capacities validated by an earlier jury (R-EVAL-06, R-LET-04): the window is about the new
registration, the capacity must be the same (qualification, number, title), a certified bloc never expires."""

from __future__ import annotations

import datetime

import pytest

from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee
from cqpm.evaluations import services
from cqpm.evaluations.etat import etat_recapitulatif
from cqpm.evaluations.models import AcquisAnterieur
from cqpm.referentiels.models import Capacite, ecriture_historique
from tests.evaluations.outils import MEMBRES, aujourdhui, inscription, territoriale
from tests.factories import CandidatFactory, referentiel_complet

pytestmark = pytest.mark.django_db

JURY = datetime.date(2023, 1, 10)


@pytest.fixture
def cas():
    """A candidate validated C1–C4 of version 1; he registers again on version 2, where C2 changed title."""
    v1 = referentiel_complet()
    v2 = referentiel_complet(qualification=v1.qualification, numero=2)
    with ecriture_historique():
        Capacite.objects.filter(version=v2, numero=2).update(intitule="Capacité 2 réécrite")
    candidat = CandidatFactory()
    i = inscription(candidat=candidat, version=v2, date_inscription=datetime.date(2024, 6, 1))
    u = territoriale(i)
    anciennes = {c.numero: c for c in Capacite.objects.filter(version=v1)}
    for numero, jury, bloc in ((1, JURY, False), (2, JURY, False), (3, datetime.date(2019, 3, 3), False)):
        services.saisir_acquis_anterieur(candidat, anciennes[numero], date_jury=jury, bloc_certifie=bloc, acteur=u)
    services.saisir_acquis_anterieur(
        candidat, anciennes[4], date_jury=datetime.date(2010, 5, 5), bloc_certifie=True, acteur=u
    )
    return i, u


def par_numero(i):
    return {a.capacite.numero: a for a in services.acquis_reportables(i)}


def test_validated_capacities_count_when_registering_again_within_24_months_R_EVAL_06_R_LET_04(cas):
    i, _ = cas
    a = par_numero(i)
    assert a[1].reprise and a[1].date_jury == JURY
    assert a[1].raison == (
        "Validée par le jury du 10 janvier 2023, nouvelle inscription demandée dans les 24 mois (R-LET-04)."
    )
    assert not a[3].reprise and "délai de 24 mois dépassé le 4 mars 2021" in a[3].raison
    assert a[4].reprise and "bloc certifié : acquis sans limite de durée" in a[4].raison
    assert not a[5].reprise and a[5].raison == "Aucun jury antérieur n'a validé cette capacité."


def test_a_capacity_whose_title_changed_is_not_carried_over_R_EVAL_06(cas):
    i, _ = cas
    a = par_numero(i)[2]
    assert not a.reprise
    assert "s'intitulait « Capacité 2 »" in a.raison and "version 2" in a.raison


def test_five_years_when_the_cqpm_was_in_the_rncp_R_LET_04():
    i = inscription(date_inscription=datetime.date(2026, 1, 9))
    u = territoriale(i)
    c1 = Capacite.objects.get(version=i.version, numero=1)
    services.saisir_acquis_anterieur(i.candidat, c1, date_jury=datetime.date(2021, 1, 9), cqpm_rncp=True, acteur=u)
    a = par_numero(i)[1]
    assert a.reprise and "dans les 5 ans (CQPM enregistré au RNCP)" in a.raison
    AcquisAnterieur.objects.update(cqpm_rncp=False)
    assert not par_numero(i)[1].reprise


def test_rncp_registration_on_the_jury_date_comes_from_the_register_R_LET_04(fiche_28245):
    i = inscription(version=fiche_28245.version_courante, qualification=fiche_28245)
    c1 = Capacite.objects.get(version=i.version, numero=1)
    u = territoriale(i)
    pendant = services.saisir_acquis_anterieur(i.candidat, c1, date_jury=datetime.date(2019, 6, 1), acteur=u)
    apres = services.saisir_acquis_anterieur(i.candidat, c1, date_jury=datetime.date(2023, 6, 1), acteur=u)
    assert pendant.cqpm_rncp and not apres.cqpm_rncp


def test_carried_over_even_when_evaluations_come_after_the_window_R_EVAL_06(cas):
    """Registered on 1 June 2024 within the window ending 10 January 2025; evaluated today, long after."""
    i, u = cas
    d = services.ouvrir_dossier(i, acteur=u)
    a_evaluer = [c for c in Capacite.objects.filter(version=i.version) if c.numero not in (1, 4)]
    services.choisir_modalites(d, [services.ChoixCapacite(c, ("a_reelle",)) for c in a_evaluer], acteur=u)
    commission = services.creer_commission(
        centre_examen=i.centre_examen, date=aujourdhui(), lieu="Lyon", membres=MEMBRES, acteur=u
    )
    reprise = Capacite.objects.get(version=i.version, numero=1)
    with pytest.raises(RegleViolee, match="déjà acquise") as exc:
        services.enregistrer_resultats(
            d, commission=commission, resultats=[services.ResultatSaisi(reprise, False)], acteur=u
        )
    assert exc.value.rule == "R-EVAL-06"
    services.enregistrer_resultats(
        d, commission=commission, resultats=[services.ResultatSaisi(c, True) for c in a_evaluer], acteur=u
    )
    services.saisir_avis_entreprise(d, avis="Bien.", auteur="M. Tuteur", le=aujourdhui(), acteur=u)
    etat = etat_recapitulatif(i)
    assert {c.numero: c.jury_anterieur for c in etat.capacites()} == {
        1: JURY,
        2: None,
        3: None,
        4: datetime.date(2010, 5, 5),
        5: None,
        6: None,
    }


def test_merged_duplicate_keeps_his_earlier_juries_R_EVAL_06(cas):
    i, _ = cas
    doublon = CandidatFactory()
    c5 = Capacite.objects.get(version__qualification=i.qualification, version__numero=1, numero=5)
    services.saisir_acquis_anterieur(doublon, c5, date_jury=JURY, acteur=SYSTEME)
    assert not par_numero(i)[5].reprise
    doublon.fusionne_dans = i.candidat
    doublon.save()
    assert par_numero(i)[5].reprise
