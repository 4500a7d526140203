"""The extract of the CPREFP notices (R-JURY-07) that the exam centre sends the GTP (R-GTP-01): every notice dated,
in the order sent, with the composition and calendar as they were sent, not as they are now; from the jury page and
the API, for the exam centre only."""

from __future__ import annotations

import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from cqpm.comptes.enums import Role
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.documents.rendu import date_longue
from cqpm.jurys import documents, services
from cqpm.jurys.models import InformationCprefp
from tests.api.conftest import connecter, jeton_de
from tests.documents.test_etat_recapitulatif import texte
from tests.factories import TerritorialeFactory, UtilisateurFactory
from tests.jurys.outils import composer, evaluee, jury, unions

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
T = datetime.datetime(2026, 6, 1, 9, 30, tzinfo=PARIS)


def horodatage(information: InformationCprefp) -> str:
    instant = timezone.localtime(information.envoyee_le)
    return f"{date_longue(instant.date())} à {instant:%H:%M}"


def avis(lu: str) -> list[str]:
    """The extract's text cut notice by notice (each begins with « Information n° k du »)."""
    return re.split(r"Information n° \d+ du ", lu)[1:]


@pytest.fixture
def trois_avis() -> tuple[Any, Any, dict[str, Any]]:
    """A jury announced on 1 June, a member withdrawn on 2 June, the jury moved on 3 June: three notices."""
    with time_machine.travel(T, tick=False):
        unions(2)
        i, acteur = evaluee()
        j = jury(acteur, inscription=i, date=datetime.date(2026, 6, 25))
        membres = composer(j, acteur)
        services.informer_cprefp(j, acteur=acteur)
    with time_machine.travel(T + datetime.timedelta(days=1), tick=False):
        services.retirer_membre(membres["patronal"], acteur=acteur)
        services.informer_cprefp(j, acteur=acteur)
    with time_machine.travel(T + datetime.timedelta(days=2, hours=5), tick=False):
        services.modifier_date(j, date=datetime.date(2026, 7, 2), acteur=acteur)
        services.informer_cprefp(j, acteur=acteur)
    j.refresh_from_db()
    return j, acteur, membres


def test_the_extract_holds_every_dated_notice_as_sent_R_JURY_07(trois_avis):
    j, acteur, _ = trois_avis
    lu = texte(documents.pdf_extrait_cprefp(j, acteur=acteur))
    informations = list(InformationCprefp.objects.filter(jury=j).order_by("envoyee_le"))
    assert [horodatage(i) for i in informations] == [
        "1er juin 2026 à 09:30",
        "2 juin 2026 à 09:30",
        "3 juin 2026 à 14:30",
    ]
    premier, deuxieme, troisieme = avis(lu)
    assert premier.startswith("1er juin 2026 à 09:30 — Composition et calendrier prévisionnel")
    assert deuxieme.startswith("2 juin 2026 à 09:30 — Changement de composition")
    assert troisieme.startswith("3 juin 2026 à 14:30 — Changement de calendrier")
    assert "Extrait établi le" in lu
    assert j.qualification.numero in lu and j.centre_examen.nom in lu


def test_each_notice_keeps_the_composition_and_calendar_it_sent_R_JURY_07(trois_avis):
    """The withdrawn member stays in the first notice; the new date only in the third."""
    j, acteur, _ = trois_avis
    premier, deuxieme, troisieme = avis(texte(documents.pdf_extrait_cprefp(j, acteur=acteur)))
    assert "Marc Patron" in premier and "Marc Patron" not in deuxieme and "Marc Patron" not in troisieme
    assert "25 juin 2026" in premier and "25 juin 2026" in deuxieme
    assert "2 juillet 2026" in troisieme and "25 juin 2026" not in troisieme
    for texte_avis in (premier, deuxieme, troisieme):
        assert "Paul Président (président)" in texte_avis and "Théo Tuteur" in texte_avis
        assert "Consultative" in texte_avis and "Délibérative" in texte_avis


def test_no_notice_no_extract_R_JURY_07():
    unions(2)
    i, acteur = evaluee()
    j = jury(acteur, inscription=i)
    composer(j, acteur)
    with pytest.raises(RegleViolee, match="aucune information") as exc:
        documents.pdf_extrait_cprefp(j, acteur=acteur)
    assert exc.value.rule == "R-JURY-07"


def test_only_the_exam_centre_gets_the_extract_R_JURY_07(trois_avis):
    """A jury member (the president) reads his PV but not the centre's file for the GTP; another centre nothing."""
    j, _, membres = trois_avis
    with pytest.raises(Introuvable):
        documents.pdf_extrait_cprefp(j, acteur=membres["president"].utilisateur)
    autre = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=TerritorialeFactory(departement="01"))
    with pytest.raises(Introuvable):
        documents.pdf_extrait_cprefp(j, acteur=autre)


def test_the_extract_from_the_jury_page_and_the_api_R_JURY_07(client: Client, trois_avis):
    j, acteur, membres = trois_avis
    connecter(client, acteur)
    page = client.get(f"/jurys/{j.pk}/").content.decode()
    assert f'href="/jurys/{j.pk}/cprefp.pdf"' in page
    pdf = client.get(f"/jurys/{j.pk}/cprefp.pdf")
    assert pdf["Content-Type"] == "application/pdf" and len(avis(texte(pdf.content))) == 3
    api = Client().get(f"/api/v1/jurys/{j.pk}/cprefp.pdf", headers=jeton_de(acteur))
    assert api.status_code == 200 and "Changement de calendrier" in texte(api.content)
    president = connecter(Client(), membres["president"].utilisateur, verifie=True)
    assert president.get(f"/jurys/{j.pk}/cprefp.pdf").status_code == 404
    assert f"/jurys/{j.pk}/cprefp.pdf" not in president.get(f"/jurys/{j.pk}/").content.decode()


def test_the_page_says_when_nothing_was_sent_yet_R_JURY_07(client: Client):
    unions(2)
    i, acteur = evaluee()
    j = jury(acteur, inscription=i)
    reponse = connecter(client, acteur).get(f"/jurys/{j.pk}/cprefp.pdf")
    assert reponse.status_code == 422
    assert "aucune information sur ce jury" in reponse.content.decode()
