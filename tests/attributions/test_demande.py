"""The transmission to the GTP after a signed jury: pieces, completeness, the 2-month deadline (R-GTP-01)."""

import datetime

import pytest

from cqpm.attributions import rules, services
from cqpm.attributions.enums import NaturePiece, StatutDemande
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.core.dates import ajouter_mois
from cqpm.core.errors import Introuvable, RegleViolee
from tests.attributions import outils
from tests.factories import TerritorialeFactory
from tests.jurys import outils as jo

pytestmark = pytest.mark.django_db


def test_only_a_signed_jury_is_transmitted_R_GTP_01():
    jo.unions()
    i, acteur = jo.evaluee()
    j, _ = jo.convoque(acteur, i)
    with pytest.raises(RegleViolee) as refus:
        services.creer_demande(j, acteur=acteur)
    assert refus.value.code == "jury_non_signe"


def test_an_incomplete_request_cannot_be_sent_R_GTP_01():
    j, _, acteur = outils.jury_signe()
    demande = services.creer_demande(j, acteur=acteur)
    outils.complete(demande, acteur)
    demande.pieces.filter(nature=NaturePiece.FEUILLE_PRESENCE).delete()
    with pytest.raises(RegleViolee) as refus:
        services.envoyer(demande, acteur=acteur)
    assert refus.value.code == "demande_incomplete"
    assert "Feuille de présence" in refus.value.message
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.BROUILLON
    assert services.pieces_manquantes(demande) == [NaturePiece.FEUILLE_PRESENCE]


@pytest.mark.parametrize(
    ("decalage", "retard"), [(-1, False), (0, False), (1, True)], ids=["veille", "jour", "lendemain"]
)
def test_a_request_sent_after_two_months_is_flagged_late_R_GTP_01(decalage, retard):
    j, _, acteur = outils.jury_signe()
    demande = services.creer_demande(j, acteur=acteur)
    outils.complete(demande, acteur)
    le = ajouter_mois(j.date, 2) + datetime.timedelta(days=decalage)
    demande = services.envoyer(demande, le=le, acteur=acteur)
    assert demande.statut == StatutDemande.ENVOYEE
    assert demande.en_retard is retard
    assert EntreeAudit.objects.filter(action=EvenementAudit.ATTRIBUTION_ENVOI, objet_id=str(demande.pk)).exists()


def test_two_months_after_the_31st_is_the_end_of_a_shorter_month_R_GTP_01():
    assert rules.limite_transmission(datetime.date(2026, 12, 31)) == datetime.date(2027, 2, 28)
    assert rules.en_retard(datetime.date(2026, 12, 31), datetime.date(2027, 3, 1))


def test_an_unsent_request_turns_late_after_two_months_R_GTP_01():
    j, _, acteur = outils.jury_signe()
    demande = services.creer_demande(j, acteur=acteur)
    limite = services.limite_transmission(demande)
    assert not services.est_en_retard(demande, limite)
    assert services.est_en_retard(demande, limite + datetime.timedelta(days=1))


def test_a_territoriale_sees_only_its_own_requests_ACCES():
    demande, acteur = outils.envoyee()
    autre = jo.territoriale(TerritorialeFactory(departement="38"))
    assert list(services.demandes_visibles(acteur)) == [demande]
    assert not services.demandes_visibles(autre).exists()
    with pytest.raises(Introuvable):
        services.demande_visible(demande.pk, autre)
    assert list(services.demandes_visibles(outils.secretariat())) == [demande]


def test_a_territoriale_cannot_transmit_another_centres_jury_ACCES():
    j, _, _ = outils.jury_signe()
    autre = jo.territoriale(TerritorialeFactory(departement="38"))
    with pytest.raises(RegleViolee):
        services.creer_demande(j, acteur=autre)
