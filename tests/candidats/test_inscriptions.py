"""An inscription on an open CQPM only (R-REG-03, R-LC-SUP-04), pinned to the version in force on its date
(R-REG-03, R-LC-REV-04), on the whole CQPM or on blocs of that version already in the RNCP (R-VAE-03,
R-LC-CRE-06); cancelled, never deleted; every write in the audit log."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cqpm.audit.services import historique
from cqpm.candidats import services
from cqpm.candidats.enums import StatutInscription
from cqpm.candidats.models import Inscription
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import services as cycle
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.referentiels.enums import StatutQualification
from cqpm.referentiels.services import definir_certification
from tests.cycle_de_vie.outils import (
    DOSSIER_REVISION,
    a_la_date,
    decider_en_seance,
    informer_les_cprefp,
    personnel,
    referentiel_revise,
)
from tests.factories import CandidatFactory, InscriptionFactory, QualificationFactory, referentiel_complet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("statut", [StatutQualification.EN_VEILLE, StatutQualification.SUPPRIMEE])
def test_no_registration_on_a_cqpm_in_veille_or_suppressed_R_REG_03_R_LC_SUP_04(cadre, statut):
    fermee = referentiel_complet(qualification=QualificationFactory(statut=statut)).qualification
    with pytest.raises(RegleViolee) as exc:
        cadre.inscrire(qualification=fermee)
    assert exc.value.rule == "R-REG-03" and exc.value.code == "cqpm_ferme"
    assert "(R-LC-SUP-04)" in exc.value.message and "(R-REG-03)" in exc.value.message
    assert not Inscription.objects.exists()


def test_no_registration_before_the_cqpm_is_created_R_LC_CRE_06(cadre):
    with a_la_date(datetime.date(2015, 6, 10)), pytest.raises(RegleViolee) as exc:  # created on 01/06/2015
        cadre.inscrire(date_inscription=datetime.date(2015, 5, 31), motif_retroactivite="Dossier papier")
    assert exc.value.rule == "R-LC-CRE-06"
    with pytest.raises(RegleViolee) as exc:
        cadre.inscrire(date_inscription=datetime.date.today() + datetime.timedelta(days=1))
    assert exc.value.code == "date_future"


def test_the_pinned_version_stays_after_a_decided_revision_R_LC_REV_04(reseau, secretariat, fiche_28245, cadre):
    ancienne = fiche_28245.version_courante
    avant = cadre.inscrire(qualification=fiche_28245)
    assert avant.version == ancienne and avant.version.numero == 1
    agent = personnel(reseau["69"])
    demande = cycle.creer_demande(
        TypeDemande.REVISION, acteur=agent, demandeurs=[reseau["69"]], qualification=fiche_28245, **DOSSIER_REVISION
    )
    definir_certification(demande.projet, referentiel_revise(ancienne), acteur=agent)
    demande = cycle.soumettre(demande, acteur=agent)
    informer_les_cprefp(demande, agent)
    cycle.declarer_complete(demande, acteur=secretariat)
    nouvelle = decider_en_seance(demande, secretariat, categorie="C").version
    avant.refresh_from_db()
    assert avant.version == ancienne != nouvelle  # engaged before the decision: the old referential (R-LC-REV-04)
    apres = cadre.inscrire(CandidatFactory(), qualification=fiche_28245)
    assert apres.version == nouvelle and apres.version.numero == 2
    anterieure = cadre.inscrire(
        CandidatFactory(),
        qualification=fiche_28245,
        date_inscription=timezone.localdate() - datetime.timedelta(days=1),
        motif_retroactivite="Dossier reçu la veille de la décision, saisi ce jour.",
    )
    assert anterieure.version == ancienne  # recorded late: the version in force on its date
    with pytest.raises(RegleViolee) as exc:  # a bloc of the old version on a new inscription
        cadre.inscrire(CandidatFactory(), qualification=fiche_28245, blocs=[ancienne.blocs.get(numero=1)])
    assert exc.value.rule == "R-REG-03" and exc.value.code == "bloc_autre_version"


def test_blocs_of_fiche_28245_from_their_rncp_registration_R_VAE_03_R_LC_CRE_06(cadre, fiche_28245):
    bloc1, bloc2 = fiche_28245.version_courante.blocs.order_by("numero")
    with a_la_date(datetime.date(2017, 4, 20)), pytest.raises(RegleViolee) as exc:
        cadre.inscrire(qualification=fiche_28245, blocs=[bloc1])
    assert exc.value.rule == "R-LC-CRE-06" and exc.value.code == "bloc_non_applicable"
    premier = cadre.inscrire(qualification=fiche_28245, blocs=[bloc1])
    assert list(premier.blocs.all()) == [bloc1]
    with pytest.raises(RegleViolee) as exc:  # bloc 1 again while in progress
        cadre.inscrire(qualification=fiche_28245, blocs=[bloc1, bloc2])
    assert exc.value.code == "deja_inscrit"
    assert list(cadre.inscrire(qualification=fiche_28245, blocs=[bloc2]).blocs.all()) == [bloc2]
    with pytest.raises(RegleViolee) as exc:  # the whole CQPM overlaps both
        cadre.inscrire(qualification=fiche_28245)
    assert exc.value.code == "deja_inscrit"


def test_a_bloc_not_in_the_rncp_is_not_applicable_R_LC_CRE_06(cadre):
    bloc = cadre.qualification.version_courante.blocs.first()
    with pytest.raises(RegleViolee) as exc:
        cadre.inscrire(blocs=[bloc])
    assert exc.value.rule == "R-LC-CRE-06"


def test_cancelled_inscription_stays_on_record_and_frees_the_target(cadre):
    inscription = cadre.inscrire()
    annulee = services.annuler_inscription(inscription, acteur=cadre.personnel, motif="Départ de l'entreprise")
    assert annulee.statut == StatutInscription.ANNULEE and annulee.annulee_par == cadre.personnel
    assert annulee.annulee_le is not None and annulee.motif_annulation == "Départ de l'entreprise"
    with pytest.raises(RegleViolee) as exc:
        services.annuler_inscription(annulee, acteur=cadre.personnel)
    assert exc.value.code == "deja_annulee"
    assert cadre.inscrire().statut == StatutInscription.EN_COURS
    actions = [e.action for e in historique(inscription).order_by("pk")]
    assert actions == ["inscription.creation", "inscription.annulation"]


def test_every_write_is_audited_with_its_actor_and_rule(cadre):
    candidat = services.creer_candidat(
        acteur=cadre.personnel,
        nom="Nguyen",
        prenoms="Anh",
        date_naissance=datetime.date(1988, 11, 2),
        commune_naissance="Villeurbanne",
        departement_naissance="69",
    )
    inscription = cadre.inscrire(candidat)
    (creation,) = historique(candidat)
    assert creation.action == "candidat.creation" and creation.acteur == cadre.personnel
    (entree,) = historique(inscription)
    assert entree.regle == "R-REG-01" and entree.apres["version"] == inscription.version_id
    assert entree.apres["financement"] == "PF" and entree.apres["blocs"] == []


def test_a_merged_candidate_cannot_be_registered(cadre, secretariat):
    doublon = CandidatFactory(nom="DUPONT", prenoms="Jeanne")
    services.fusionner_candidats(cadre.candidat, doublon, acteur=secretariat)
    with pytest.raises(RegleViolee) as exc:
        cadre.inscrire(doublon, acteur=secretariat)
    assert exc.value.code == "candidat_fusionne"


def test_the_database_holds_the_invariants_without_the_services(cadre):
    """Last line under the rules: a job seeker with a company, an apprentice outside the CPF, a company
    registration without company are refused by the database itself (R-REG-04, R-ACC-02, R-REG-01)."""
    for changements in (
        {"type_beneficiaire": "demandeur_emploi", "origine": "DE"},
        {"apprenti": True},
        {"voie": "directe"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            InscriptionFactory(**changements)
    with pytest.raises(IntegrityError), transaction.atomic():
        InscriptionFactory(entreprise=None)
    assert InscriptionFactory().statut == StatutInscription.EN_COURS
