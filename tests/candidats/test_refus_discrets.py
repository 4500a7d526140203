"""A refused registration tells the caller only what he may see (ACCES, R-REG-01): another centre's inscription
number, a candidate's name outside the perimeter, a draft qualification's title never appear in a refusal."""

from __future__ import annotations

import pytest
from django.test import Client

from cqpm.candidats.models import Inscription
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.referentiels.enums import StatutQualification
from tests.candidats.outils import enregistre_par
from tests.factories import CandidatFactory, InscriptionFactory, QualificationFactory, TerritorialeFactory

pytestmark = pytest.mark.django_db


def test_R_REG_01_refusal_does_not_name_another_centres_inscription(cadre):
    candidat = CandidatFactory(nom="Lefebvre", prenoms="Anne")
    treize = InscriptionFactory(
        candidat=candidat,
        centre_examen=TerritorialeFactory(departement="13"),
        qualification=cadre.qualification,
        version=cadre.qualification.version_courante,
    )
    InscriptionFactory(candidat=candidat, centre_examen=cadre.centre)  # the 69 sees him through its own one
    with pytest.raises(RegleViolee) as exc:
        cadre.inscrire(candidat)
    assert exc.value.rule == "R-REG-01" and exc.value.code == "deja_inscrit"
    assert f"n° {treize.pk}" not in exc.value.message and "LEFEBVRE" not in exc.value.message
    assert "autre centre d'examen" in exc.value.message


def test_R_REG_01_refusal_names_the_callers_own_inscription(cadre):
    premiere = cadre.inscrire()
    with pytest.raises(RegleViolee) as exc:
        cadre.inscrire()
    assert exc.value.rule == "R-REG-01" and f"inscription n° {premiere.pk}" in exc.value.message


def test_an_out_of_scope_refusal_does_not_name_the_object_ACCES(cadre):
    inscription = InscriptionFactory(
        candidat=CandidatFactory(nom="Lefebvre"), centre_examen=TerritorialeFactory(departement="13")
    )
    with pytest.raises(AccesRefuse) as exc:
        exiger(cadre.personnel, Action.INSCRIRE_CANDIDATS, inscription)
    assert "LEFEBVRE" not in exc.value.message and "17/05/1990" not in exc.value.message
    assert "hors de ce périmètre" in exc.value.message


def test_registration_on_a_draft_is_answered_like_an_unknown_id_without_its_title_ACCES(cadre, client: Client):
    brouillon = QualificationFactory(statut=StatutQualification.PROJET, intitule="Intitulé confidentiel")
    candidat = enregistre_par(CandidatFactory(), cadre.personnel)
    client.force_login(cadre.personnel)

    def inscrire(qualification_id: int):  # type: ignore[no-untyped-def]
        donnees = {
            "candidat_id": candidat.pk,
            "qualification_id": qualification_id,
            "centre_examen_id": cadre.centre.pk,
            "parcours": "formation_continue",
            "voie": "directe",
            "financement": "CIF",
            "type_beneficiaire": "salarie_metallurgie",
            "origine": "SL",
            "entreprise_id": cadre.entreprise.pk,
        }
        return client.post("/api/v1/inscriptions", donnees, content_type="application/json")

    projet, inconnu = inscrire(brouillon.pk), inscrire(brouillon.pk + 1000)
    assert projet.status_code == inconnu.status_code == 404, projet.content
    assert "confidentiel" not in projet.content.decode()
    assert projet.json()["message"].replace(str(brouillon.pk), "?") == inconnu.json()["message"].replace(
        str(brouillon.pk + 1000), "?"
    )
    assert not Inscription.objects.exists()
