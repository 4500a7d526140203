"""Revision of fiche 28245: who asks (R-LC-REV-01), the computed gap (R-LC-REV-03), the decision that makes the new
version current while the old one stays readable and applies before it (R-LC-REV-04)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cqpm.audit.services import historique
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.applicabilite import version_applicable
from cqpm.cycle_de_vie.enums import OrigineDemande, StatutDemande, TypeDemande
from cqpm.referentiels.enums import Liste, StatutVersion
from cqpm.referentiels.models import InscriptionListe
from cqpm.referentiels.services import definir_certification
from tests.cycle_de_vie.outils import (
    ADRESSES_ACTIVES,
    C3_REFORMULEE,
    C12_NOUVELLE,
    C13_NOUVELLE,
    DOSSIER_REVISION,
    decider_en_seance,
    informer_les_cprefp,
    personnel,
    referentiel_revise,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def revision(reseau, fiche_28245):
    agent = personnel(reseau["69"])
    demande = services.creer_demande(
        TypeDemande.REVISION, acteur=agent, demandeurs=[reseau["69"]], qualification=fiche_28245, **DOSSIER_REVISION
    )
    definir_certification(demande.projet, referentiel_revise(fiche_28245.version_courante), acteur=agent)
    return services.soumettre(demande, acteur=agent)


def test_the_gap_of_a_revision_of_fiche_28245_is_computed_R_LC_REV_03(revision, fiche_28245):
    ecart = services.ecart_demande(revision)
    assert ecart is not None
    assert [(c.code, c.bloc, c.capacite.intitule) for c in ecart.capacites_ajoutees] == [
        ("C12", 2, C12_NOUVELLE),
        ("C13", 2, C13_NOUVELLE),
    ]
    assert [(c.code, c.capacite.intitule) for c in ecart.capacites_supprimees] == [
        ("C12", "Apporter une valeur ajoutée dans un groupe de travail")
    ]
    c3 = next(m for m in ecart.capacites_modifiees if m.ancienne.code == "C3")
    assert "intitule" in c3.champs and c3.nouvelle.capacite.intitule == C3_REFORMULEE
    assert c3.ancienne.capacite.intitule == "Renseigner les documents de suivi de production"
    assert [(d.nouvelle.code, d.ancienne.bloc, d.nouvelle.bloc) for d in ecart.capacites_deplacees] == [("C7", 1, 2)]
    assert not ecart.blocs_ajoutes and not ecart.blocs_supprimes and not ecart.blocs_modifies
    lignes = ecart.lignes()
    assert "Capacité déplacée : C7 passe du bloc 1 au bloc 2" in lignes
    assert f"Capacité ajoutée : C13 « {C13_NOUVELLE} » (bloc 2)" in lignes
    # Computed from the two versions, each left as it is: the decided one is still readable.
    ancienne = fiche_28245.version_courante
    ancienne.refresh_from_db()
    assert ancienne.statut == StatutVersion.DECIDEE and ancienne.capacites.count() == 12
    assert ancienne.capacites.get(numero=3).intitule == "Renseigner les documents de suivi de production"


def test_a_revision_is_decided_and_the_old_version_stays_readable_R_LC_REV_04(
    revision, fiche_28245, reseau, secretariat, serveur_smtp, taches_immediates, django_capture_on_commit_callbacks
):
    informer_les_cprefp(revision, personnel(reseau["69"]))
    services.declarer_complete(revision, acteur=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decider_en_seance(revision, secretariat, categorie="C")
    q = fiche_28245
    q.refresh_from_db()
    aujourdhui = timezone.localdate()
    ancienne, nouvelle = q.versions.order_by("numero")
    assert q.version_courante == nouvelle == decision.version and nouvelle.statut == StatutVersion.DECIDEE
    assert (nouvelle.categorie, nouvelle.date_application) == ("C", aujourdhui)  # reclassed (R-CAT-01)
    assert ancienne.categorie == "B" and ancienne.capacites.count() == 12
    # The old version applies before the decision date, the new one from it.
    assert version_applicable(q, aujourdhui - datetime.timedelta(days=1)) == ancienne
    assert version_applicable(q, aujourdhui) == nouvelle
    # Still on liste A, one stay, unchanged (R-LIST-01); the number does not change.
    assert InscriptionListe.objects.filter(qualification=q, liste=Liste.A).count() == 1
    assert q.numero == "MQ 2005 12 69 0198 R"
    assert historique(q).filter(action="cqpm.revision", regle="R-LC-REV-04").exists()
    assert serveur_smtp.destinataires() >= ADRESSES_ACTIVES
    mail = next(m for m in serveur_smtp.messages if "révision" in m.sujet)
    assert "version 2" in mail.corps and "Catégorie : C" in mail.corps and "MQ 2005 12 69 0198 R" in mail.corps
    # The changed blocs go to the CNCP, which updates the RNCP (R-LC-CRE-05).
    cncp = next(m for m in serveur_smtp.messages if "Création de blocs" in m.sujet)
    assert C13_NOUVELLE in cncp.corps and "Bloc 2 — Contribution à la performance de l'équipe" in cncp.corps


def test_revision_comes_from_the_resource_centre_R_LC_REV_01(reseau, fiche_28245):
    with pytest.raises(RegleViolee, match="n'est pas centre de ressources de ce CQPM") as exc:
        services.creer_demande(
            TypeDemande.REVISION,
            acteur=personnel(reseau["13"]),
            demandeurs=[reseau["13"]],
            qualification=fiche_28245,
        )
    assert exc.value.rule == "R-LC-REV-01"


def test_the_gtp_may_decide_a_revision_itself_R_LC_REV_01(reseau, fiche_28245, secretariat):
    demande = services.creer_demande(
        TypeDemande.REVISION, acteur=secretariat, par_le_gtp=True, qualification=fiche_28245, **DOSSIER_REVISION
    )
    assert demande.origine == OrigineDemande.GTP and not demande.demandeurs.exists()
    demande = services.soumettre(demande, acteur=secretariat)
    # The CPREFP of the resource centre's region is to be informed.
    assert [i.cprefp for i in demande.informations_cprefp.all()] == [reseau.cprefp["Auvergne-Rhône-Alpes"]]
    with pytest.raises(RegleViolee) as exc:
        services.creer_demande(TypeDemande.REACTIVATION, acteur=secretariat, par_le_gtp=True, qualification=fiche_28245)
    assert exc.value.rule in ("R-LC-REV-01", "R-LC-REA-01")


def test_cprefp_must_be_informed_before_the_dossier_is_complete_R_LC_REV_01(revision, reseau, secretariat):
    cprefp = reseau.cprefp["Auvergne-Rhône-Alpes"]
    assert [(i.cprefp, i.informee_le) for i in revision.informations_cprefp.all()] == [(cprefp, None)]
    with pytest.raises(RegleViolee) as exc:
        services.declarer_complete(revision, acteur=secretariat)
    assert exc.value.rule == "R-LC-REV-01" and "CPREFP Auvergne-Rhône-Alpes" in exc.value.message
    with pytest.raises(RegleViolee, match="future"):
        services.informer_cprefp(
            revision, cprefp, le=timezone.localdate() + datetime.timedelta(days=1), acteur=secretariat
        )
    information = services.informer_cprefp(revision, cprefp, le=timezone.localdate(), acteur=personnel(reseau["69"]))
    assert information.informee_le == timezone.localdate()
    assert historique(revision).filter(action="demande.information_cprefp", regle="R-LC-REV-01").exists()
    assert services.declarer_complete(revision, acteur=secretariat).statut == StatutDemande.COMPLETE


def test_submission_needs_a_known_cprefp_for_the_region_R_LC_REV_01(reseau, fiche_28245):
    reseau.cprefp["Auvergne-Rhône-Alpes"].active = False
    reseau.cprefp["Auvergne-Rhône-Alpes"].save()
    agent = personnel(reseau["69"])
    demande = services.creer_demande(
        TypeDemande.REVISION, acteur=agent, demandeurs=[reseau["69"]], qualification=fiche_28245
    )
    with pytest.raises(RegleViolee, match="Aucune CPREFP n'est enregistrée pour la région") as exc:
        services.soumettre(demande, acteur=agent)
    assert exc.value.rule == "R-LC-REV-01"


def test_a_revision_dossier_states_the_history_of_the_qualification_R_LC_REV_03(revision, reseau, secretariat):
    services.modifier_dossier(revision, acteur=secretariat, historique="")
    informer_les_cprefp(revision, secretariat)
    with pytest.raises(RegleViolee) as exc:
        services.declarer_complete(revision, acteur=secretariat)
    assert [(d["champ"], d["rule"]) for d in exc.value.details] == [("historique", "R-LC-REV-03")]
