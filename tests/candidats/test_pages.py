"""Inscription pages: the list scoped to the user's organisation (pinned query count), a detail another company
cannot read, registering one candidate, cancelling, and the import's file → preview → confirmation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cqpm.candidats import import_masse, services
from cqpm.candidats.enums import Financement, StatutInscription
from cqpm.candidats.models import Inscription
from cqpm.comptes.enums import Role
from tests.api.conftest import connecter
from tests.candidats.outils import agent
from tests.candidats.test_import import rangee, rh, salaries, xlsx
from tests.factories import CandidatFactory, EntrepriseFactory

pytestmark = pytest.mark.django_db
__all__ = ["rh"]


def connecte(utilisateur: Any) -> Client:
    client = Client()
    client.force_login(utilisateur)
    return client


def deposer(client: Client, contenu: bytes, nom: str = "cohorte.xlsx") -> Any:
    fichier = SimpleUploadedFile(nom, contenu, content_type=import_masse.TYPE_XLSX)
    return client.post(reverse("candidats:importer"), {"fichier": fichier})


def test_a_company_sees_only_its_inscriptions_and_the_menu_link_ACCES(cadre, rh):
    a_elle = cadre.inscrire()
    concurrente = EntrepriseFactory(nom="Aciéries du Nord", siret="55210055400013")
    autre = cadre.inscrire(CandidatFactory(nom="Roux"), entreprise=concurrente)
    client = connecte(rh)
    page = client.get(reverse("candidats:liste"))
    assert page.status_code == 200
    assert f'href="{reverse("candidats:liste")}"' in page.content.decode()  # « Inscriptions » in the menu
    assert list(page.context["page"].object_list) == [a_elle]
    assert client.get(reverse("candidats:detail", args=[a_elle.pk])).status_code == 200
    assert client.get(reverse("candidats:detail", args=[autre.pk])).status_code == 404
    jury = connecter(Client(), agent(cadre.centre, Role.MEMBRE_JURY), verifie=True)  # jury members use a TOTP
    assert jury.get(reverse("candidats:liste")).status_code == 403
    assert "Inscriptions" not in jury.get("/").content.decode()


def test_the_list_takes_a_fixed_number_of_queries(cadre, django_assert_num_queries):
    client = connecte(cadre.personnel)
    cadre.inscrire()
    client.get(reverse("candidats:liste"))  # session and caches warmed
    with django_assert_num_queries(6) as requetes:
        client.get(reverse("candidats:liste"))
    for i in range(10):
        cadre.inscrire(CandidatFactory(nom=f"Salarié{i}"))
    with django_assert_num_queries(len(requetes.captured_queries)):
        page = client.get(reverse("candidats:liste"))
    assert page.context["page"].paginator.count == 11


def test_the_list_filters_by_name_status_and_qualification(cadre):
    jeanne = cadre.inscrire()
    roux = cadre.inscrire(CandidatFactory(nom="Roux"))
    client = connecte(cadre.personnel)
    resultats = client.get(reverse("candidats:liste"), {"q": "roux"}).context["page"].object_list
    assert list(resultats) == [roux]
    services.annuler_inscription(jeanne, acteur=cadre.personnel, motif="Départ")
    annulees = client.get(reverse("candidats:liste"), {"statut": "annulee"}).context["page"].object_list
    assert list(annulees) == [jeanne]
    par_cqpm = client.get(reverse("candidats:liste"), {"qualification": cadre.qualification.pk})
    assert par_cqpm.context["page"].paginator.count == 2


def test_the_detail_shows_the_pinned_version_and_cancels_with_a_motive_R_REG_03(cadre):
    inscription = cadre.inscrire()
    client = connecte(cadre.personnel)
    page = client.get(reverse("candidats:detail", args=[inscription.pk])).content.decode()
    assert f"Version {inscription.version.numero}" in page and "R-REG-03" in page
    assert 'id="suite-inscription"' in page
    reponse = client.post(reverse("candidats:annuler", args=[inscription.pk]), {"motif": "Départ de l'entreprise"})
    assert reponse.status_code == 302
    inscription.refresh_from_db()
    assert inscription.statut == StatutInscription.ANNULEE and inscription.motif_annulation == "Départ de l'entreprise"


def test_registering_one_candidate_shows_the_rule_next_to_the_field_R_ACC_02(cadre, rh):
    client = connecte(rh)
    valeurs = {
        **rangee(cadre.qualification, cadre.entreprise, date_naissance="1990-03-14"),
        "parcours": "formation_continue",
        "voie": "entreprise",
        "type_beneficiaire": "salarie_metallurgie",
        "origine": "SL",
        "financement": Financement.PF,
        "apprenti": "oui",
        "accord_employeur": "non",
    }
    refus = client.post(reverse("candidats:nouvelle"), valeurs)
    assert refus.status_code == 422 and not Inscription.objects.exists()
    assert "R-ACC-02" in " ".join(refus.context["form"].errors["financement"])
    reponse = client.post(reverse("candidats:nouvelle"), {**valeurs, "apprenti": "non"})
    inscription = Inscription.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("candidats:detail", args=[inscription.pk])
    assert inscription.entreprise == cadre.entreprise and inscription.candidat.prenoms == "Léa"


def test_import_preview_writes_nothing_and_confirmation_imports_the_same_file(cadre, rh):
    client = connecte(rh)
    assert client.get(reverse("candidats:modele")).content.startswith(b"PK")
    apercu = deposer(client, xlsx(salaries(cadre.qualification, cadre.entreprise)).getvalue())
    assert apercu.status_code == 200 and apercu.context["rapport"].valide
    assert not Inscription.objects.exists()
    jeton = apercu.context["jeton"]
    autre = connecte(agent(cadre.entreprise, Role.ENTREPRISE))  # another session cannot confirm it
    assert autre.post(reverse("candidats:confirmer_import"), {"jeton": jeton}).status_code == 302
    assert not Inscription.objects.exists()
    reponse = client.post(reverse("candidats:confirmer_import"), {"jeton": jeton})
    assert reponse.status_code == 302 and reponse["Location"] == reverse("candidats:liste")
    assert Inscription.objects.filter(entreprise=cadre.entreprise).count() == 3
    assert client.post(reverse("candidats:confirmer_import"), {"jeton": jeton}).status_code == 302  # used once
    assert Inscription.objects.count() == 3


def test_import_preview_with_an_error_offers_no_confirmation_R_ACC_02(cadre, rh):
    rangees = salaries(cadre.qualification, cadre.entreprise)
    rangees[2]["apprenti"] = "Oui"
    reponse = deposer(connecte(rh), xlsx(rangees).getvalue())
    assert reponse.status_code == 422 and "jeton" not in reponse.context
    page = reponse.content.decode()
    assert "Ligne 4, colonne « Dispositif de financement »" in page and "R-ACC-02" in page
    refus = deposer(connecte(rh), b"%PDF-1.7\x00binaire", "cohorte.pdf")
    assert refus.status_code == 422 and "ni un classeur XLSX" in refus.content.decode()


def test_the_detail_leads_to_the_evaluation_dossier_of_a_training_path(cadre, rh):
    inscription = cadre.inscrire()
    page = connecte(rh).get(reverse("candidats:detail", args=[inscription.pk])).content.decode()
    assert f'href="{reverse("evaluations:dossier", args=[inscription.pk])}"' in page
