"""Where the national sequence of the CQPMs created through the product starts (R-ID-01): after the paper register,
that is after the deployment's MQ_DERNIERE_SEQUENCE and after the highest sequence already in the register."""

from __future__ import annotations

import pytest
from django.db import transaction

from cqpm.cycle_de_vie.effets import allouer_sequence_mq
from tests.cycle_de_vie.outils import compteur_mq_en_service
from tests.factories import QualificationFactory

pytestmark = pytest.mark.django_db


def allouer(n: int) -> list[int]:
    with transaction.atomic():
        return [allouer_sequence_mq() for _ in range(n)]


@pytest.mark.parametrize(("plus_haute", "premiere"), [(None, 245), (243, 245), (244, 245), (245, 246)])
def test_the_first_sequence_follows_the_setting_or_the_register_whichever_is_higher_R_ID_01(
    settings, plus_haute, premiere
):
    settings.MQ_DERNIERE_SEQUENCE = 244
    if plus_haute is not None:
        QualificationFactory(sequence=plus_haute)
    assert allouer(2) == [premiere, premiere + 1]


def test_without_the_setting_an_imported_register_alone_sets_the_start_R_ID_01(settings):
    settings.MQ_DERNIERE_SEQUENCE = 0
    QualificationFactory(sequence=198, numero="MQ 2005 12 69 0198 R")
    assert allouer(1) == [199]


def test_an_empty_register_without_the_setting_starts_at_one_R_ID_01(settings):
    settings.MQ_DERNIERE_SEQUENCE = 0
    assert allouer(1) == [1]


def test_a_running_counter_is_neither_moved_back_by_the_setting_nor_forward_by_a_later_import_R_ID_01(settings):
    compteur_mq_en_service(300)
    settings.MQ_DERNIERE_SEQUENCE = 244
    QualificationFactory(sequence=305)
    assert allouer(1) == [301]
