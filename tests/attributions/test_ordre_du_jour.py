"""Award requests go on the agenda of the GTP's séances (`cqpm.gtp`), the same séances that decide on the
referentials' requests (R-GTP-02)."""

import pytest

from cqpm.attributions import services
from cqpm.gtp import services as gtp
from cqpm.gtp.enums import IssuePoint, NatureSujet
from cqpm.gtp.models import PointOrdreDuJour
from tests.attributions import outils

pytestmark = pytest.mark.django_db


def test_a_request_put_before_a_seance_is_an_agenda_item_decided_with_its_last_target_R_GTP_02():
    demande, _ = outils.envoyee()
    secretariat = outils.secretariat()
    seance = outils.seance(outils.jour_seance())
    services.inscrire_a_seance(demande, seance=seance, acteur=secretariat)
    point = gtp.point_a_examiner(demande, seance)
    assert point is not None and point.nature == NatureSujet.ATTRIBUTIONS
    assert "Validation des attributions" in point.intitule
    services.decider(demande.cibles.get(), valider=True, acteur=secretariat)
    point.refresh_from_db()
    assert point.issue == IssuePoint.DECIDE


def test_moving_a_request_to_another_seance_postpones_its_first_item_R_GTP_02():
    demande, _ = outils.envoyee()
    secretariat = outils.secretariat()
    premiere = outils.seance(outils.jour_seance())
    services.inscrire_a_seance(demande, seance=premiere, acteur=secretariat)
    seconde = outils.seance(outils.jour_seance())
    services.inscrire_a_seance(demande, seance=seconde, acteur=secretariat)
    assert list(PointOrdreDuJour.objects.filter(seance=premiere).values_list("issue", flat=True)) == [
        IssuePoint.REPORTE
    ]
    point = gtp.point_a_examiner(demande)
    assert point is not None and point.seance == seconde
