"""The secretariat keeps requests, dossiers, opinions, séances and decisions indefinitely: nothing of it can be
deleted, only withdrawn (R-ARCH-04); the admin shows them read-only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.models import (
    AvisCNCP,
    Decision,
    Demande,
    Demandeur,
    InformationCPREFP,
    NouveauCentre,
    PieceJointe,
)
from cqpm.gtp.models import PointOrdreDuJour, Seance
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Qualification
from tests.cycle_de_vie.outils import DOSSIER_REVISION, PDF, creation_complete, decider_en_seance, personnel

pytestmark = pytest.mark.django_db

MODELES = [
    Demande,
    Demandeur,
    NouveauCentre,
    PieceJointe,
    AvisCNCP,
    InformationCPREFP,
    Seance,
    PointOrdreDuJour,
    Decision,
]


@pytest.fixture
def archives(reseau, fiche_28245, secretariat, settings, tmp_path):
    """One row of every archived model."""
    settings.MEDIA_ROOT = tmp_path
    creation = creation_complete(reseau, secretariat)
    decider_en_seance(creation, secretariat, categorie="B")
    agents = {d: personnel(reseau[d]) for d in ("69", "13")}
    revision = services.creer_demande(
        "revision",
        acteur=agents["69"],
        demandeurs=[reseau["69"], reseau["13"]],
        qualification=fiche_28245,
        nouveaux_centres=[reseau["13"]],
        **DOSSIER_REVISION,
    )
    services.joindre_piece(revision, SimpleUploadedFile("rapport.pdf", PDF), acteur=agents["69"])
    for agent in agents.values():
        services.soumettre(revision, acteur=agent)
    return creation


@pytest.mark.parametrize("modele", MODELES, ids=lambda m: m.__name__)
def test_no_archived_row_can_be_deleted_R_ARCH_04(archives, modele):
    objet = modele.objects.first()
    assert objet is not None
    with pytest.raises(RegleViolee, match="conservées pour une durée indéterminée") as exc:
        objet.delete()
    assert exc.value.rule == "R-ARCH-04"
    with pytest.raises(RegleViolee) as exc:
        modele.objects.all().delete()
    assert exc.value.rule == "R-ARCH-04"
    assert modele.objects.filter(pk=objet.pk).exists()


def test_nothing_cascades_into_the_archive_R_ARCH_04(archives):
    with pytest.raises((ProtectedError, RegleViolee)):
        Qualification.objects.get(pk=archives.qualification_id).delete()
    with pytest.raises((ProtectedError, RegleViolee)):
        Organisation.objects.filter(departement="69").delete()
    assert Demande.objects.filter(pk=archives.pk).exists()


@pytest.fixture
def admin_client(client, secretariat):
    appareil = TOTPDevice.objects.create(user=secretariat, name="Téléphone", confirmed=True)
    client.force_login(secretariat)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()
    return client


def test_the_admin_shows_the_archive_read_only_in_french_R_ARCH_04(admin_client, archives):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Cycle de vie des référentiels" in index and "Demandes sur les référentiels" in index
    for nom in ("cycle_de_vie_demande", "gtp_seance", "cycle_de_vie_decision"):
        liste = admin_client.get(reverse(f"admin:{nom}_changelist"))
        assert liste.status_code == 200
    demande = admin_client.get(reverse("admin:cycle_de_vie_demande_change", args=[archives.pk]))
    page = demande.content.decode()
    assert demande.status_code == 200 and "Rapport d&#x27;opportunité" in page
    assert admin_client.get(reverse("admin:cycle_de_vie_demande_delete", args=[archives.pk])).status_code == 403
    assert admin_client.get(reverse("admin:cycle_de_vie_demande_add")).status_code == 403
    decision = Decision.objects.get()
    assert admin_client.get(reverse("admin:cycle_de_vie_decision_delete", args=[decision.pk])).status_code == 403


def test_a_seance_created_in_the_admin_goes_through_the_service(admin_client, reseau, secretariat):
    reponse = admin_client.post(
        reverse("admin:gtp_seance_add"),
        {
            "date": "2025-03-12",
            "lieu": "Paris",
            "intitule": "Séance du GTP « Qualifications »",
            "points-TOTAL_FORMS": "0",
            "points-INITIAL_FORMS": "0",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:3000]
    seance = Seance.objects.get()
    assert seance.creee_par == secretariat and str(seance) == "Séance du GTP « Qualifications » du 12/03/2025"
