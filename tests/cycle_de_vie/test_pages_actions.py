"""Filing and instructing a creation request through the pages: each form calls the service and shows its refusal."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import SensAvisCNCP, StatutDemande, TypeDemande
from cqpm.cycle_de_vie.models import AvisCNCP, Demande
from cqpm.cycle_de_vie.rules import SECTIONS_CREATION
from tests.cycle_de_vie.outils import DOSSIER_CREATION, Reseau, completer_projet, personnel
from tests.cycle_de_vie.test_pages import connecter, texte

pytestmark = pytest.mark.django_db


def soumise(reseau: Reseau, *, projet_complet: bool) -> Demande:
    agent = personnel(reseau["69"])
    demande = services.creer_demande(
        TypeDemande.CREATION, acteur=agent, demandeurs=[reseau["69"]], intitule="Soudeur laser", **DOSSIER_CREATION
    )
    if projet_complet:
        assert demande.projet is not None
        completer_projet(demande.projet, agent)
    return services.soumettre(demande, acteur=agent)


def test_territoriale_files_a_creation_request_as_a_draft_R_LC_CRE_01(client: Client, reseau: Reseau) -> None:
    agent = personnel(reseau["69"])
    formulaire = connecter(client, agent).get("/demandes/nouvelle/")
    assert formulaire.status_code == 200
    assert "UIMM territoriale 13" not in texte(formulaire)
    reponse = client.post(
        "/demandes/nouvelle/", {"demandeur": reseau["69"].pk, "intitule": "Soudeur laser", **DOSSIER_CREATION}
    )
    demande = Demande.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == f"/demandes/{demande.pk}/"
    assert (demande.type, demande.statut) == (TypeDemande.CREATION, StatutDemande.BROUILLON)
    assert list(demande.demandeurs.all()) == [reseau["69"]]
    assert demande.qualification.intitule == "Soudeur laser"
    assert all(getattr(demande, s) == DOSSIER_CREATION[s] for s in SECTIONS_CREATION)


def test_missing_title_is_refused_next_to_the_field_R_REF_01(client: Client, reseau: Reseau) -> None:
    client = connecter(client, personnel(reseau["69"]))
    reponse = client.post("/demandes/nouvelle/", {"demandeur": reseau["69"].pk, "intitule": "  "})
    assert reponse.status_code == 422
    assert "Le titre du CQPM est absent (R-REF-01)." in texte(reponse)
    assert 'aria-invalid="true"' in reponse.content.decode()
    assert not Demande.objects.exists()


def test_territoriale_cannot_file_for_another_territoriale_R_LC_CRE_01(client: Client, reseau: Reseau) -> None:
    client = connecter(client, personnel(reseau["69"]))
    reponse = client.post("/demandes/nouvelle/", {"demandeur": reseau["13"].pk, "intitule": "Soudeur laser"})
    assert reponse.status_code == 422
    assert not Demande.objects.exists()


def test_submit_button_submits_and_a_missing_signature_is_shown_R_LC_REV_02(client: Client, reseau: Reseau) -> None:
    agents = [personnel(reseau[d]) for d in ("69", "13")]
    demande = services.creer_demande(
        TypeDemande.CREATION, acteur=agents[0], demandeurs=[reseau["69"], reseau["13"]], intitule="Soudeur laser"
    )
    client = connecter(client, agents[0])
    assert "Soumettre" in texte(client.get(f"/demandes/{demande.pk}/"))
    assert client.post(f"/demandes/{demande.pk}/soumettre/").status_code == 302
    refus = client.post(f"/demandes/{demande.pk}/soumettre/")
    assert refus.status_code == 422
    assert "elle attend celle de UIMM territoriale 13" in texte(refus)
    connecter(client, agents[1]).post(f"/demandes/{demande.pk}/soumettre/")
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.SOUMISE


def test_declaring_an_incomplete_dossier_complete_lists_what_is_missing_R_LC_CRE_02(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande = soumise(reseau, projet_complet=False)
    manques = [e["message"] for e in services.manques(demande)]
    reponse = connecter(client, secretariat).post(f"/demandes/{demande.pk}/declarer-complete/")
    assert reponse.status_code == 422
    refus = texte(reponse).split('id="refus-declarer_complete"')[1].split("</div>")[0]
    assert "est incomplet" in refus and "(R-LC-CRE-02)" in refus
    assert all(f"<li>{m}</li>" in refus for m in manques)
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.SOUMISE


def test_secretariat_declares_a_full_dossier_complete_R_LC_CRE_02(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande = soumise(reseau, projet_complet=True)
    reponse = connecter(client, secretariat).post(f"/demandes/{demande.pk}/declarer-complete/")
    assert reponse.status_code == 302
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.COMPLETE


def test_territoriale_may_not_declare_complete(client: Client, reseau: Reseau) -> None:
    demande = soumise(reseau, projet_complet=True)
    client = connecter(client, personnel(reseau["69"]))
    assert "Déclarer complète" not in texte(client.get(f"/demandes/{demande.pk}/"))
    assert client.post(f"/demandes/{demande.pk}/declarer-complete/").status_code == 403


def test_secretariat_records_the_cncp_opinion_R_LC_CRE_03(client: Client, reseau: Reseau, secretariat: Any) -> None:
    demande = soumise(reseau, projet_complet=False)
    client = connecter(client, secretariat)
    donnees = {"date": timezone.localdate().isoformat(), "avis": SensAvisCNCP.RESERVES, "commentaire": "À préciser."}
    assert client.post(f"/demandes/{demande.pk}/avis-cncp/", donnees).status_code == 302
    avis = AvisCNCP.objects.get(demande=demande)
    assert (avis.sens, avis.commentaire) == (SensAvisCNCP.RESERVES, "À préciser.")
    assert "Avis favorable avec réserves" in texte(client.get(f"/demandes/{demande.pk}/"))


def test_a_future_cncp_opinion_is_refused_with_the_services_message_R_LC_CRE_03(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande = soumise(reseau, projet_complet=False)
    demain = timezone.localdate() + datetime.timedelta(days=1)
    reponse = connecter(client, secretariat).post(
        f"/demandes/{demande.pk}/avis-cncp/", {"date": demain.isoformat(), "avis": SensAvisCNCP.FAVORABLE}
    )
    assert reponse.status_code == 422
    assert "La date de l'avis de la CNCP ne peut être future." in texte(reponse)
    assert not AvisCNCP.objects.exists()
