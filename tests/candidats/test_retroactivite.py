"""Backdating (R-REG-03, R-REG-02): a registration recorded late may carry its real, earlier date only with a
reason and at most RETROACTIVITE_JOURS days (30 by default) before the day it is recorded; otherwise it would pass
a commission early (R-REG-02), slip in before a veille or pick its pinned version (R-REG-03)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cqpm.audit.services import historique
from cqpm.candidats.enums import Financement
from cqpm.candidats.models import Inscription
from cqpm.core.errors import RegleViolee
from tests.api.conftest import jeton_de
from tests.candidats.test_import import rangee, rh
from tests.candidats.test_pages import connecte

pytestmark = pytest.mark.django_db

__all__ = ["rh"]

JSON = "application/json"
MOTIF = "Dossier papier reçu par courrier, saisi à réception."


def il_y_a(jours: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=jours)


def test_the_window_is_thirty_days_by_default_R_REG_03():
    assert settings.RETROACTIVITE_JOURS == 30


@pytest.mark.parametrize("jours", [1, 29, 30])
def test_a_registration_dated_up_to_thirty_days_back_is_recorded_with_its_reason_R_REG_03(cadre, jours):
    inscription = cadre.inscrire(date_inscription=il_y_a(jours), motif_retroactivite=f"  {MOTIF} ")
    assert inscription.date_inscription == il_y_a(jours) and inscription.motif_retroactivite == MOTIF
    [entree] = historique(inscription).filter(action="inscription.creation")
    assert entree.apres["motif_retroactivite"] == MOTIF


def test_a_registration_dated_thirty_one_days_back_is_refused_R_REG_03(cadre):
    with pytest.raises(RegleViolee) as exc:
        cadre.inscrire(date_inscription=il_y_a(31), motif_retroactivite=MOTIF)
    assert (exc.value.rule, exc.value.code, exc.value.champ) == (
        "R-REG-03",
        "retroactivite_hors_delai",
        "date_inscription",
    )
    assert exc.value.message == (
        f"La date d'inscription ({il_y_a(31):%d/%m/%Y}) précède de plus de 30 jours son enregistrement : une "
        f"inscription enregistrée en retard peut porter sa date réelle jusqu'au {il_y_a(30):%d/%m/%Y} au plus tôt "
        "(délais R-REG-02 et version R-REG-03 comptés depuis cette date)."
    )
    assert not Inscription.objects.exists()


@pytest.mark.parametrize("motif", ["", "   "])
def test_an_earlier_date_needs_a_reason_R_REG_03(cadre, motif):
    with pytest.raises(RegleViolee) as exc:
        cadre.inscrire(date_inscription=il_y_a(1), motif_retroactivite=motif)
    assert (exc.value.rule, exc.value.code, exc.value.champ) == (
        "R-REG-03",
        "retroactivite_sans_motif",
        "motif_retroactivite",
    )
    assert "indiquez pourquoi l'inscription est enregistrée en retard (R-REG-03)" in exc.value.message


def test_today_needs_no_reason_and_keeps_none_R_REG_03(cadre):
    inscription = cadre.inscrire(date_inscription=timezone.localdate(), motif_retroactivite=MOTIF)
    assert inscription.motif_retroactivite == ""


def test_the_window_follows_the_setting_R_REG_03(cadre, settings):
    settings.RETROACTIVITE_JOURS = 0
    with pytest.raises(RegleViolee) as exc:
        cadre.inscrire(date_inscription=il_y_a(1), motif_retroactivite=MOTIF)
    assert exc.value.code == "retroactivite_hors_delai"


def test_the_api_takes_the_reason_and_refuses_beyond_the_window_R_REG_03(cadre):
    api, entete = Client(), jeton_de(cadre.personnel)
    etat_civil = {"nom": "Dupré", "prenoms": "Léa", "date_naissance": "1992-03-14", "commune_naissance": "Lyon"}
    cree = api.post(
        "/api/v1/candidats", {**etat_civil, "departement_naissance": "69"}, content_type=JSON, headers=entete
    )
    corps = {
        "candidat_id": cree.json()["id"],
        "qualification_id": cadre.qualification.pk,
        "centre_examen_id": cadre.centre.pk,
        "parcours": "formation_continue",
        "voie": "entreprise",
        "financement": "PF",
        "type_beneficiaire": "salarie_metallurgie",
        "origine": "SL",
        "entreprise_id": cadre.entreprise.pk,
    }
    tard = {**corps, "date_inscription": il_y_a(31).isoformat(), "motif_retroactivite": MOTIF}
    refus = api.post("/api/v1/inscriptions", tard, content_type=JSON, headers=entete)
    assert refus.status_code == 422 and refus.json()["code"] == "retroactivite_hors_delai"
    a_temps = {**tard, "date_inscription": il_y_a(30).isoformat()}
    cree = api.post("/api/v1/inscriptions", a_temps, content_type=JSON, headers=entete)
    assert cree.status_code == 201, cree.content
    assert Inscription.objects.get().motif_retroactivite == MOTIF


def test_the_page_asks_the_reason_next_to_it_R_REG_03(cadre, rh):
    client = connecte(rh)
    valeurs = {
        **rangee(cadre.qualification, cadre.entreprise, date_naissance="1990-03-14"),
        "parcours": "formation_continue",
        "voie": "entreprise",
        "type_beneficiaire": "salarie_metallurgie",
        "origine": "SL",
        "financement": Financement.PF,
        "apprenti": "non",
        "accord_employeur": "non",
        "date_inscription": il_y_a(2).isoformat(),
    }
    refus = client.post(reverse("candidats:nouvelle"), valeurs)
    assert refus.status_code == 422 and not Inscription.objects.exists()
    assert "R-REG-03" in " ".join(refus.context["form"].errors["motif_retroactivite"])
    reponse = client.post(reverse("candidats:nouvelle"), {**valeurs, "motif_retroactivite": MOTIF})
    assert reponse.status_code == 302
    assert Inscription.objects.get().motif_retroactivite == MOTIF
