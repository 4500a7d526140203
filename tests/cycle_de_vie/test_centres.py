"""A change of resource centre: a joint request (R-LC-REV-02) that renumbers the CQPM while its old number stays
findable (R-ID-03)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from cqpm.audit.services import historique
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.referentiels import catalogue
from cqpm.referentiels.models import AncienNumero
from cqpm.referentiels.services import definir_certification
from tests.cycle_de_vie.outils import (
    DOSSIER_REVISION,
    decider_en_seance,
    informer_les_cprefp,
    personnel,
    referentiel_revise,
)

pytestmark = pytest.mark.django_db


def changement(reseau, q, demandeurs, nouveaux):
    return services.creer_demande(
        TypeDemande.REVISION,
        acteur=personnel(reseau[demandeurs[0]]),
        demandeurs=[reseau[d] for d in demandeurs],
        qualification=q,
        nouveaux_centres=[reseau[d] for d in nouveaux],
        **DOSSIER_REVISION,
    )


@pytest.mark.parametrize(
    ("demandeurs", "nouveaux", "manque"),
    [
        (("69",), ("13",), "il y manque « UIMM territoriale 13 (13) »"),
        (("13",), ("13",), "il y manque « UIMM territoriale 69 (69) »"),
        (("13",), ("69", "13"), "avec un centre de ressources actuel"),
    ],
)
def test_a_change_of_resource_centre_is_a_joint_request_R_LC_REV_02(reseau, fiche_28245, demandeurs, nouveaux, manque):
    with pytest.raises(RegleViolee, match=re.escape(manque)) as exc:
        changement(reseau, fiche_28245, demandeurs, nouveaux)
    assert exc.value.rule == "R-LC-REV-02"


def test_a_third_territoriale_cannot_join_a_change_R_LC_REV_02(reseau, fiche_28245):
    with pytest.raises(RegleViolee, match="ni centre de ressources de ce CQPM ni candidat") as exc:
        changement(reseau, fiche_28245, ("69", "13", "75"), ("13",))
    assert exc.value.rule == "R-LC-REV-02"


def test_the_gtp_cannot_change_the_resource_centre_by_itself_R_LC_REV_02(reseau, fiche_28245, secretariat):
    with pytest.raises(RegleViolee) as exc:
        services.creer_demande(
            TypeDemande.REVISION,
            acteur=secretariat,
            par_le_gtp=True,
            qualification=fiche_28245,
            nouveaux_centres=[reseau["13"]],
        )
    assert exc.value.rule == "R-LC-REV-02"


def test_resource_centre_change_renumbers_and_keeps_the_old_number_findable_R_LC_REV_02_R_ID_03(
    reseau, fiche_28245, secretariat, serveur_smtp, taches_immediates, django_capture_on_commit_callbacks
):
    ancien = fiche_28245.numero
    demande = changement(reseau, fiche_28245, ("69", "13"), ("13",))
    for d in ("69", "13"):
        demande = services.soumettre(demande, acteur=personnel(reseau[d]))
    # Both regions' CPREFPs are to be informed (R-LC-REV-01).
    assert {i.cprefp.region for i in demande.informations_cprefp.all()} == {
        "Auvergne-Rhône-Alpes",
        "Provence-Alpes-Côte d'Azur",
    }
    definir_certification(demande.projet, referentiel_revise(fiche_28245.version_courante), acteur=secretariat)
    informer_les_cprefp(demande, secretariat)
    services.declarer_complete(demande, acteur=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        decider_en_seance(demande, secretariat)

    q = fiche_28245
    q.refresh_from_db()
    assert q.numero == "MQ 2005 12 13 0198 R" and ancien == "MQ 2005 12 69 0198 R"
    assert list(q.centres_ressources.all()) == [reseau["13"]]
    assert AncienNumero.objects.get(qualification=q).remplace_le == timezone.localdate()
    # The old number still leads to the CQPM, in the catalogue and in its search (R-ID-03).
    assert catalogue.trouver_par_numero(ancien) == q
    assert catalogue.trouver_par_numero("MQ200512690198R") == q
    assert list(catalogue.rechercher(texte=ancien)) == [q]
    assert catalogue.trouver_par_numero(q.numero) == q
    assert historique(q).filter(action="cqpm.changement_centres", regle="R-LC-REV-02").exists()
    assert historique(q).filter(action="cqpm.renumerotation", regle="R-ID-03").exists()
    mail = next(m for m in serveur_smtp.messages if "révision" in m.sujet)
    assert f"Ancien numéro : {ancien}" in mail.corps and "UIMM territoriale 13 (13)" in mail.corps


def test_adding_a_co_centre_appends_its_departement(reseau, fiche_28245, secretariat):
    demande = changement(reseau, fiche_28245, ("69", "75"), ("69", "75"))
    for d in ("69", "75"):
        services.soumettre(demande, acteur=personnel(reseau[d]))
    definir_certification(demande.projet, referentiel_revise(fiche_28245.version_courante), acteur=secretariat)
    informer_les_cprefp(demande, secretariat)
    services.declarer_complete(demande, acteur=secretariat)
    decider_en_seance(demande, secretariat)
    fiche_28245.refresh_from_db()
    assert fiche_28245.numero == "MQ 2005 12 69 75 0198 R"
