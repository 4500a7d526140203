"""The daily command reminds the exam centre before a limit and reports what is overdue (R-VAE-02); never the same
notice twice a day."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from cqpm.core.models import CourrielEnvoye
from cqpm.vae.enums import Echeance, NatureRelance
from cqpm.vae.models import Relance
from tests.vae.outils import a_la_date

pytestmark = pytest.mark.django_db


def test_reminder_before_the_opinion_then_overdue_notice_without_duplicates_R_VAE_02(vae):
    with a_la_date(datetime.date(2020, 11, 30)):
        dossier = vae.deposer()  # opinion due 28/02/2021
    CourrielEnvoye.objects.all().delete()
    call_command("taches_quotidiennes", "--date=2021-01-15", stdout=StringIO())
    assert not Relance.objects.exists()  # more than 30 days before
    for _ in range(2):
        call_command("taches_quotidiennes", "--date=2021-02-10", stdout=StringIO())
    (rappel,) = Relance.objects.all()
    assert rappel.nature == NatureRelance.RAPPEL and rappel.echeance == Echeance.AVIS_RECEVABILITE
    assert CourrielEnvoye.objects.get().destinataires == ["vae@uimm-rhone.example"]
    call_command("relances_vae", "--date=2021-02-12", stdout=StringIO())
    assert Relance.objects.count() == 1  # once a week
    sortie = StringIO()
    call_command("relances_vae", "--date=2021-03-01", stdout=sortie)
    depassement = Relance.objects.get(nature=NatureRelance.DEPASSEMENT)
    assert depassement.dossier == dossier and "1 dépassement(s)" in sortie.getvalue()
    assert "dépassée" in CourrielEnvoye.objects.order_by("pk").last().sujet
