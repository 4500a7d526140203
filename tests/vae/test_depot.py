"""Filing a VAE request: the recevabilité file (R-VAE-01), one request per CQPM and calendar year whichever exam
centre (R-VAE-01), VAE only on an RNCP-registered CQPM (R-ACC-02), whole CQPM or blocs (R-VAE-03), who may file."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from cqpm.audit.services import historique
from cqpm.candidats.enums import Parcours, VoieInscription
from cqpm.candidats.services import annuler_inscription
from cqpm.core.errors import AccesRefuse, Introuvable, RegleViolee
from cqpm.core.models import CourrielEnvoye
from cqpm.vae.enums import NaturePiece, Phase
from cqpm.vae.models import DossierVAE
from cqpm.vae.services import capacites_visees
from tests.contraintes import contrainte_violee
from tests.factories import CandidatFactory
from tests.vae.outils import EN_2021, a_la_date, compte_candidat, pieces

pytestmark = pytest.mark.django_db


def test_the_candidate_files_his_request_with_its_file_R_VAE_01(vae):
    with a_la_date(EN_2021):
        dossier = vae.deposer()
    assert dossier.phase == Phase.RECEPTION and dossier.recu_le == EN_2021 and dossier.annee == 2021
    assert dossier.avis_du_le == datetime.date(2021, 6, 15)
    inscription = dossier.inscription
    assert inscription.parcours == Parcours.VAE and inscription.voie == VoieInscription.DIRECTE
    assert sorted(dossier.pieces.values_list("nature", flat=True)) == sorted(
        [NaturePiece.CV, NaturePiece.IDENTITE, NaturePiece.MOTIVATION, NaturePiece.JUSTIFICATIF]
    )
    assert dossier.experiences.get().poste == "Technicien de maintenance"
    (depot,) = historique(dossier)
    assert depot.action == "vae.depot" and depot.acteur == vae.compte and depot.regle == "R-VAE-01"
    assert CourrielEnvoye.objects.get().destinataires == ["vae@uimm-rhone.example"]


@pytest.mark.parametrize(
    ("changement", "champ"),
    [
        ({"pieces": pieces(NaturePiece.CV)}, "piece_cv"),
        ({"pieces": pieces(NaturePiece.IDENTITE)}, "piece_identite"),
        ({"pieces": pieces(NaturePiece.MOTIVATION)}, "piece_motivation"),
        ({"pieces": pieces(NaturePiece.JUSTIFICATIF)}, "piece_justificatif"),
        ({"declaration_honneur": False}, "declaration_honneur"),
        ({"experiences": []}, "experiences"),
    ],
)
def test_an_incomplete_recevability_file_is_refused_R_VAE_01(vae, changement, champ):
    with a_la_date(EN_2021), pytest.raises(RegleViolee) as exc:
        vae.deposer(**changement)
    assert exc.value.rule == "R-VAE-01" and exc.value.champ == champ
    assert not DossierVAE.objects.exists()


def test_a_file_is_checked_by_its_content_and_size_R_VAE_01(vae, settings):
    faux = [(NaturePiece.CV, SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 pas un pdf"))]
    with a_la_date(EN_2021), pytest.raises(RegleViolee) as exc:
        vae.deposer(pieces=pieces(NaturePiece.CV) + faux)
    assert exc.value.code == "type_piece_refuse" and exc.value.rule == "R-VAE-01"
    settings.PIECE_JOINTE_TAILLE_MAX = 10
    with a_la_date(EN_2021), pytest.raises(RegleViolee) as exc:
        vae.deposer()
    assert exc.value.code == "piece_trop_lourde"


def test_second_request_same_year_refused_from_another_centre_R_VAE_01(vae):
    with a_la_date(EN_2021):
        premier = vae.deposer()
        with pytest.raises(RegleViolee) as exc:
            vae.deposer(centre_examen=vae.autre_centre)  # the candidate himself sees his first file: it is named
    assert exc.value.rule == "R-VAE-01" and exc.value.code == "demande_deja_deposee"
    assert f"n° {premier.pk}" in exc.value.message and "quel que soit le centre d'examen" in exc.value.message
    with a_la_date(EN_2021), pytest.raises(RegleViolee) as exc:
        vae.deposer(acteur=vae.agent)  # the centre that received the first request is told which one
    assert f"(dossier n° {premier.pk}, reçu le 15/03/2021 par « {vae.centre} »)" in exc.value.message
    annuler_inscription(premier.inscription, acteur=vae.agent, motif="Abandon")
    with a_la_date(datetime.date(2022, 1, 3)):  # a new calendar year, still in the RNCP
        vae.deposer(centre_examen=vae.autre_centre)


def test_the_database_refuses_a_second_request_of_the_year_R_VAE_01(vae):
    """Written past the service, on a registration of its own: only the unique constraint stands in the way."""
    with a_la_date(EN_2021):
        premier = vae.deposer()
    inscription = premier.inscription
    inscription.pk = None
    inscription.centre_examen = vae.autre_centre
    inscription.save()
    autre = DossierVAE(
        inscription=inscription,
        candidat=premier.candidat,
        qualification=premier.qualification,
        centre_examen=vae.autre_centre,
        annee=2021,
        recu_le=EN_2021,
        avis_du_le=EN_2021,
        declaration_honneur=True,
        declaration_le=EN_2021,
    )
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        DossierVAE.objects.bulk_create([autre])
    assert contrainte_violee(exc.value, DossierVAE) == "vae_une_demande_par_cqpm_et_par_an"
    autre.annee = 2022
    DossierVAE.objects.bulk_create([autre])  # another calendar year: the same row is accepted


def test_vae_only_on_a_cqpm_registered_in_the_rncp_R_ACC_02(vae):
    with a_la_date(datetime.date(2022, 6, 1)), pytest.raises(RegleViolee) as exc:  # registration ended 21/04/2022
        vae.deposer()
    assert exc.value.rule == "R-ACC-02" and exc.value.code == "vae_hors_rncp"
    assert not DossierVAE.objects.exists()


@pytest.mark.parametrize(("decalage", "ouverte"), [(-1, True), (0, True), (1, False)])
def test_vae_open_until_the_last_day_of_the_rncp_registration_R_ACC_02(vae, decalage, ouverte):
    """The RNCP end date is the registration's last day: a request filed that day is received, the next is not."""
    le = vae.fiche.rncp_fin + datetime.timedelta(days=decalage)
    if ouverte:
        with a_la_date(le):
            assert vae.deposer().recu_le == le
        return
    with a_la_date(le), pytest.raises(RegleViolee) as exc:
        vae.deposer()
    assert exc.value.rule == "R-ACC-02" and exc.value.code == "vae_hors_rncp"
    assert "n'est pas inscrit au RNCP à la date d'inscription" in exc.value.message
    assert not DossierVAE.objects.exists()


def test_a_request_targets_the_whole_cqpm_or_blocs_R_VAE_03(vae):
    bloc1 = vae.fiche.version_courante.blocs.get(numero=1)
    with a_la_date(EN_2021):
        dossier = vae.deposer(blocs=[bloc1])
    assert list(dossier.inscription.blocs.all()) == [bloc1]
    assert {c.bloc_id for c in capacites_visees(dossier)} == {bloc1.pk}


def test_a_candidate_files_only_for_himself_and_a_centre_within_its_scope(vae):
    autre = CandidatFactory(cree_par=vae.agent)
    with a_la_date(EN_2021):
        with pytest.raises(AccesRefuse):
            vae.deposer(candidat=autre)
        with pytest.raises(Introuvable):  # a candidate of territoriale 69: not even named to another one
            vae.deposer(acteur=vae.agent_autre, candidat=autre, centre_examen=vae.autre_centre)
        with pytest.raises(AccesRefuse):
            vae.deposer(acteur=vae.agent_autre, candidat=CandidatFactory(cree_par=vae.agent_autre))  # centre 69
        with pytest.raises(AccesRefuse):
            vae.deposer(acteur=compte_candidat(autre))
        assert vae.deposer(acteur=vae.agent, candidat=autre).deposee_par == vae.agent
