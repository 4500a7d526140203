"""The pages around a request's dossier: attachments (upload, download), the dossier's parts, withdrawal, the
CPREFPs informed and the gap of a revision. Each form calls its service and shows its refusal as it is."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cqpm.comptes.enums import Role
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import StatutDemande, TypeDemande
from cqpm.cycle_de_vie.models import Demande, InformationCPREFP
from cqpm.referentiels.models import Qualification
from cqpm.referentiels.services import definir_certification
from tests.cycle_de_vie.outils import (
    C13_NOUVELLE,
    DOSSIER_CREATION,
    DOSSIER_REVISION,
    PDF,
    Reseau,
    decider_en_seance,
    informer_les_cprefp,
    personnel,
    referentiel_revise,
)
from tests.cycle_de_vie.test_pages import brouillon, connecter, texte
from tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stockage(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def revision_soumise(reseau: Reseau, q: Qualification) -> tuple[Demande, Any]:
    agent = personnel(reseau["69"])
    demande = services.creer_demande(
        TypeDemande.REVISION, acteur=agent, demandeurs=[reseau["69"]], qualification=q, **DOSSIER_REVISION
    )
    assert demande.projet is not None
    definir_certification(demande.projet, referentiel_revise(q.version_courante), acteur=agent)
    return services.soumettre(demande, acteur=agent), agent


def test_requester_attaches_a_pdf_and_downloads_it_R_LC_CRE_02(client: Client, reseau: Reseau) -> None:
    demande, agent = brouillon(reseau, "69", "Soudeur laser")
    client = connecter(client, agent)
    assert 'enctype="multipart/form-data"' in texte(client.get(f"/demandes/{demande.pk}/"))
    envoi = client.post(
        f"/demandes/{demande.pk}/pieces/", {"fichier": SimpleUploadedFile("lettre de soutien.pdf", PDF)}
    )
    assert envoi.status_code == 302
    piece = demande.pieces.get()
    page = texte(client.get(f"/demandes/{demande.pk}/"))
    lien = f"/demandes/{demande.pk}/pieces/{piece.pk}/"
    assert f'href="{lien}"' in page and "lettre de soutien.pdf" in page
    reponse = client.get(lien)
    assert reponse.status_code == 200 and b"".join(reponse.streaming_content) == PDF
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith("attachment;") and "soutien.pdf" in reponse["Content-Disposition"]


def test_an_executable_renamed_pdf_is_refused_next_to_the_field_R_LC_CRE_02(client: Client, reseau: Reseau) -> None:
    demande, agent = brouillon(reseau, "69", "Soudeur laser")
    faux = SimpleUploadedFile("programme.pdf", b"MZ\x90\x00\x03" + bytes(200), content_type="application/pdf")
    reponse = connecter(client, agent).post(f"/demandes/{demande.pk}/pieces/", {"fichier": faux})
    assert reponse.status_code == 422
    assert "« programme.pdf » n'est ni un PDF ni un document bureautique" in texte(reponse)
    assert 'id="id_fichier_erreurs"' in reponse.content.decode()
    assert not demande.pieces.exists()


def test_a_file_over_the_cap_is_refused_R_LC_CRE_02(client: Client, reseau: Reseau, settings: Any) -> None:
    settings.PIECE_JOINTE_TAILLE_MAX = 1_000_000
    demande, agent = brouillon(reseau, "69", "Soudeur laser")
    gros = SimpleUploadedFile("annexe.pdf", PDF + bytes(1_500_000))
    reponse = connecter(client, agent).post(f"/demandes/{demande.pk}/pieces/", {"fichier": gros})
    assert reponse.status_code == 422
    assert "une pièce jointe ne dépasse pas 1 Mo" in texte(reponse)
    assert not demande.pieces.exists()


def test_download_needs_to_see_the_request_and_upload_to_file_it(client: Client, reseau: Reseau) -> None:
    demande, agent = brouillon(reseau, "69", "Soudeur laser")
    piece = services.joindre_piece(demande, SimpleUploadedFile("a.pdf", PDF), acteur=agent)
    autre = connecter(client, personnel(reseau["13"]))
    assert autre.get(f"/demandes/{demande.pk}/pieces/{piece.pk}/").status_code == 404
    assert (
        autre.post(f"/demandes/{demande.pk}/pieces/", {"fichier": SimpleUploadedFile("b.pdf", PDF)}).status_code == 404
    )
    membre = connecter(Client(), UtilisateurFactory(role=Role.MEMBRE_GTP))
    assert membre.get(f"/demandes/{demande.pk}/pieces/{piece.pk}/").status_code == 200
    assert "Joindre la pièce" not in texte(membre.get(f"/demandes/{demande.pk}/"))
    refus = membre.post(f"/demandes/{demande.pk}/pieces/", {"fichier": SimpleUploadedFile("b.pdf", PDF)})
    assert refus.status_code == 422 and demande.pieces.count() == 1
    assert Client().get(f"/demandes/{demande.pk}/pieces/{piece.pk}/").status_code == 302


def test_dossier_page_edits_the_parts_the_request_requires_R_LC_CRE_02(client: Client, reseau: Reseau) -> None:
    demande, agent = brouillon(reseau, "69", "Soudeur laser")
    client = connecter(client, agent)
    page = texte(client.get(f"/demandes/{demande.pk}/dossier/"))
    assert 'name="besoins_entreprises"' in page and 'name="historique"' not in page and 'name="motif"' not in page
    donnees = {**DOSSIER_CREATION, "positionnement": "Aucun diplôme ne couvre la découpe laser."}
    assert client.post(f"/demandes/{demande.pk}/dossier/", donnees).status_code == 302
    demande.refresh_from_db()
    assert demande.positionnement == "Aucun diplôme ne couvre la découpe laser."
    membre = connecter(Client(), UtilisateurFactory(role=Role.MEMBRE_GTP))
    assert membre.get(f"/demandes/{demande.pk}/dossier/").status_code == 403


def test_a_veille_motive_cannot_be_erased_R_LC_SUP_02(client: Client, reseau: Reseau, fiche_28245: Any) -> None:
    agent = personnel(reseau["69"])
    demande = services.creer_demande(
        TypeDemande.MISE_EN_VEILLE, acteur=agent, demandeurs=[reseau["69"]], qualification=fiche_28245, motif="Rare."
    )
    reponse = connecter(client, agent).post(f"/demandes/{demande.pk}/dossier/", {"motif": "  "})
    assert reponse.status_code == 422
    assert "Une demande de mise en veille doit être motivée (R-LC-SUP-02)." in texte(reponse)
    demande.refresh_from_db()
    assert demande.motif == "Rare."


def test_requester_withdraws_with_a_motive_and_a_decided_request_cannot_be_R_ARCH_04(
    client: Client, reseau: Reseau, fiche_28245: Any, secretariat: Any
) -> None:
    demande, agent = brouillon(reseau, "13", "Soudeur laser")
    client = connecter(client, agent)
    assert "Retirer la demande" in texte(client.get(f"/demandes/{demande.pk}/"))
    assert client.post(f"/demandes/{demande.pk}/retirer/", {"motif": "Projet abandonné."}).status_code == 302
    demande.refresh_from_db()
    assert (demande.statut, demande.motif_retrait) == (StatutDemande.RETIREE, "Projet abandonné.")

    decidee, agent = revision_soumise(reseau, fiche_28245)
    informer_les_cprefp(decidee, secretariat)
    services.declarer_complete(decidee, acteur=secretariat)
    decider_en_seance(decidee, secretariat, favorable=False)
    client = connecter(Client(), agent)
    assert "Retirer la demande" not in texte(client.get(f"/demandes/{decidee.pk}/"))
    refus = client.post(f"/demandes/{decidee.pk}/retirer/", {"motif": "Trop tard."})
    assert refus.status_code == 422
    alerte = texte(refus).split('id="refus-retirer"')[1].split("</div>")[0]
    assert "on ne peut plus la retirer (R-ARCH-04)" in alerte
    decidee.refresh_from_db()
    assert decidee.statut == StatutDemande.DECIDEE


def test_secretariat_records_the_date_a_cprefp_was_informed_R_LC_REV_01(
    client: Client, reseau: Reseau, fiche_28245: Any, secretariat: Any
) -> None:
    demande, _ = revision_soumise(reseau, fiche_28245)
    information = InformationCPREFP.objects.get(demande=demande)
    client = connecter(client, secretariat)
    assert "Enregistrer l'information" in texte(client.get(f"/demandes/{demande.pk}/"))
    demain = timezone.localdate() + datetime.timedelta(days=1)
    donnees = {"cprefp": information.cprefp_id, "le": demain.isoformat()}
    refus = client.post(f"/demandes/{demande.pk}/cprefp/", donnees)
    assert refus.status_code == 422 and "La date d'information d'une CPREFP ne peut être future." in texte(refus)
    donnees["le"] = timezone.localdate().isoformat()
    assert client.post(f"/demandes/{demande.pk}/cprefp/", donnees).status_code == 302
    information.refresh_from_db()
    assert information.informee_le == timezone.localdate()
    assert "Enregistrer l'information" not in texte(client.get(f"/demandes/{demande.pk}/"))


def test_revision_detail_shows_the_gap_with_the_version_in_force_R_LC_REV_03(
    client: Client, reseau: Reseau, fiche_28245: Any
) -> None:
    demande, agent = revision_soumise(reseau, fiche_28245)
    page = texte(connecter(client, agent).get(f"/demandes/{demande.pk}/"))
    ecart = page.split('id="ecart"')[1].split("</section>")[0]
    assert "Écart avec la version en vigueur (R-LC-REV-03)" in ecart
    assert "Capacités ajoutées" in ecart and f"Capacité ajoutée : C13 « {C13_NOUVELLE} » (bloc 2)" in ecart
    assert "Capacités supprimées" in ecart and "Capacité déplacée : C7 passe du bloc 1 au bloc 2" in ecart
    assert "Capacité modifiée : C3" in ecart and "Blocs ajoutés" not in ecart
    creation, _ = brouillon(reseau, "13", "Soudeur laser")
    assert 'id="ecart"' not in texte(connecter(Client(), personnel(reseau["13"])).get(f"/demandes/{creation.pk}/"))
