"""A refused VAE filing tells the caller only what he may see (ACCES, R-VAE-01): never another candidate's name or
birth date, another centre's file or its name, nor a draft qualification's title."""

from __future__ import annotations

import json

import pytest

from cqpm.audit.models import EntreeAudit
from cqpm.candidats.enums import Origine, TypeBeneficiaire
from cqpm.candidats.models import Inscription
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.referentiels.enums import StatutQualification
from cqpm.vae.models import DossierVAE
from tests.factories import InscriptionFactory, QualificationFactory
from tests.vae.outils import EN_2021, a_la_date

pytestmark = pytest.mark.django_db

ETAT_CIVIL = ("MARTIN", "Léa", "17/05/1990")


def test_R_VAE_01_refusal_to_another_centre_names_neither_the_file_nor_its_centre(vae):
    with a_la_date(EN_2021):
        premier = vae.deposer()
        InscriptionFactory(candidat=vae.candidat, centre_examen=vae.autre_centre)  # the 13 sees him, not the file
        with pytest.raises(RegleViolee) as exc:
            vae.deposer(acteur=vae.agent_autre, centre_examen=vae.autre_centre)
    assert exc.value.rule == "R-VAE-01" and exc.value.code == "demande_deja_deposee"
    message = exc.value.message
    assert f"n° {premier.pk}" not in message and vae.centre.nom not in message
    assert "autre centre d'examen" in message and "(R-VAE-01)" in message
    assert DossierVAE.objects.count() == 1


def test_filing_for_another_territoriales_candidate_is_unknown_and_nameless_ACCES(vae):
    lignes = EntreeAudit.objects.count()
    with a_la_date(EN_2021), pytest.raises(Introuvable) as exc:
        vae.deposer(acteur=vae.agent_autre, centre_examen=vae.autre_centre)
    assert exc.value.status_code == 404
    assert not any(trace in exc.value.message for trace in ETAT_CIVIL)
    assert not DossierVAE.objects.exists() and not Inscription.objects.exists()
    assert EntreeAudit.objects.count() == lignes


def test_a_draft_qualification_is_answered_like_an_unknown_id_without_its_title_ACCES(vae, client):
    brouillon = QualificationFactory(statut=StatutQualification.PROJET, intitule="Intitulé confidentiel")
    client.force_login(vae.compte)

    def deposer(qualification_id: int):  # type: ignore[no-untyped-def]
        donnees = {
            "qualification_id": qualification_id,
            "centre_examen_id": vae.centre.pk,
            "type_beneficiaire": TypeBeneficiaire.DEMANDEUR_EMPLOI,
            "origine": Origine.DEMANDEUR_EMPLOI,
            "declaration_honneur": True,
            "experiences": [],
        }
        return client.post("/api/v1/vae/dossiers", {"donnees": json.dumps(donnees)})

    projet, inconnu = deposer(brouillon.pk), deposer(brouillon.pk + 1000)
    assert projet.status_code == inconnu.status_code == 404
    assert "confidentiel" not in projet.content.decode()
    assert projet.json()["message"].replace(str(brouillon.pk), "?") == inconnu.json()["message"].replace(
        str(brouillon.pk + 1000), "?"
    )
    assert not DossierVAE.objects.exists()
