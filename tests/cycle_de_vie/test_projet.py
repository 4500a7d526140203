"""Writing the projet de référentiel of a request (cqpm/cycle_de_vie/projet.py): who may, when, what the category
belongs to, refusals gathered with their rule, and a filled projet leaving the dossier's checklist."""

from __future__ import annotations

import pytest

from cqpm.audit.models import EntreeAudit
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.cycle_de_vie.projet import modifier_projet, peut_modifier_projet
from cqpm.referentiels.models import Activite, Bloc
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, CapaciteSaisie
from tests.cycle_de_vie.outils import DOSSIER_CREATION, creation_complete, personnel
from tests.fixtures_referentiels import blocs_complets

pytestmark = pytest.mark.django_db

CHAMPS = {
    "mission": "Le titulaire réalise des pièces par découpe laser.",
    "conditions_admissibilite": "Toutes les capacités sont acquises.",
}
ACTIVITES = [ActiviteSaisie("A1", "Préparation"), ActiviteSaisie("A2", "Découpe")]


@pytest.fixture
def agent(reseau):  # type: ignore[no-untyped-def]
    return personnel(reseau["69"])


@pytest.fixture
def demande(reseau, agent):  # type: ignore[no-untyped-def]
    return services.creer_demande(
        TypeDemande.CREATION, acteur=agent, demandeurs=[reseau["69"]], intitule="Découpe laser", **DOSSIER_CREATION
    )


def _codes(demande):  # type: ignore[no-untyped-def]
    return [e["champ"] for e in services.manques(demande) if e["champ"].startswith("projet.")]


def test_a_filled_projet_leaves_no_gap_in_the_dossier_R_REF_01(demande, agent):  # type: ignore[no-untyped-def]
    assert "projet.referentiel_activites.mission" in _codes(demande)
    version = modifier_projet(demande, acteur=agent, champs=CHAMPS, activites=ACTIVITES, blocs=blocs_complets())
    assert version.mission == CHAMPS["mission"]
    assert _codes(demande) == []
    assert services.manques(demande) == []
    actions = set(EntreeAudit.objects.filter(acteur=agent).values_list("action", flat=True))
    assert {"version.modification", "version.activites", "version.certification"} <= actions


def test_another_territoriale_may_not_write_the_projet_R_LC_CRE_01(demande, reseau):  # type: ignore[no-untyped-def]
    intrus = personnel(reseau["13"])
    assert not peut_modifier_projet(intrus, demande)
    with pytest.raises(AccesRefuse):
        modifier_projet(demande, acteur=intrus, champs=CHAMPS)
    demande.projet.refresh_from_db()
    assert demande.projet.mission == ""


def test_the_secretariat_may_write_the_projet_and_its_category_R_CAT_01(demande, secretariat):  # type: ignore[no-untyped-def]
    assert peut_modifier_projet(secretariat, demande)
    version = modifier_projet(demande, acteur=secretariat, champs={"categorie": "C*"})
    assert version.categorie == "C*"


def test_the_requester_may_not_choose_the_category_R_CAT_01(demande, agent):  # type: ignore[no-untyped-def]
    with pytest.raises(RegleViolee) as refus:
        modifier_projet(demande, acteur=agent, champs={**CHAMPS, "categorie": "A"}, activites=ACTIVITES)
    assert refus.value.rule == "R-CAT-01" and refus.value.code == "projet_invalide"
    assert [d["champ"] for d in refus.value.details] == ["categorie"]
    assert "fixée par le GTP" in refus.value.message
    demande.projet.refresh_from_db()
    assert demande.projet.categorie == "" and demande.projet.mission == ""
    assert not Activite.objects.filter(version=demande.projet).exists()
    # Sending the category it already has is no choice: a read-then-write round trip is accepted.
    modifier_projet(demande, acteur=agent, champs={"categorie": ""})


def test_a_complete_request_no_longer_changes_its_projet_R_LC_CRE_02(reseau, secretariat):  # type: ignore[no-untyped-def]
    demande = creation_complete(reseau, secretariat, avis=False)
    agent = demande.signataires.get().signe_par
    assert not peut_modifier_projet(agent, demande)
    with pytest.raises(RegleViolee) as refus:
        modifier_projet(demande, acteur=agent, champs=CHAMPS)
    assert refus.value.rule == "R-LC-CRE-02" and "brouillon" in refus.value.message
    with pytest.raises(RegleViolee):
        modifier_projet(demande, acteur=secretariat, activites=ACTIVITES)


def test_a_submitted_request_still_changes_its_projet_R_LC_CRE_02(demande, agent):  # type: ignore[no-untyped-def]
    services.soumettre(demande, acteur=agent)
    modifier_projet(demande, acteur=agent, activites=ACTIVITES)
    assert list(demande.projet.activites.values_list("code", flat=True)) == ["A1", "A2"]


def test_refusals_are_gathered_and_nothing_is_written_R_REF_03(demande, agent):  # type: ignore[no-untyped-def]
    vide = BlocSaisi(numero=3, intitule="Bloc sans capacité")
    with pytest.raises(RegleViolee) as refus:
        modifier_projet(
            demande,
            acteur=agent,
            champs=CHAMPS,
            activites=[ActiviteSaisie("A1", "Préparation"), ActiviteSaisie("A1", "Doublon")],
            blocs=[*blocs_complets(), vide],
        )
    regles = {d["rule"] for d in refus.value.details}
    assert {"R-REF-01", "R-REF-03"} <= regles
    champs = [d["champ"] for d in refus.value.details]
    assert "activites" in champs and "blocs[2].capacites" in champs
    demande.projet.refresh_from_db()
    assert demande.projet.mission == "" and not Bloc.objects.filter(version=demande.projet).exists()


def test_a_modality_that_only_completes_is_refused_R_REF_02(demande, agent):  # type: ignore[no-untyped-def]
    bloc = BlocSaisi(1, "Bloc 1", (CapaciteSaisie(1, "Régler", "Atelier", "Cotes", ("d_avis_entreprise",)),))
    with pytest.raises(RegleViolee) as refus:
        modifier_projet(demande, acteur=agent, blocs=[bloc])
    assert [d["rule"] for d in refus.value.details] == ["R-REF-02"]


def test_too_long_values_are_refused_not_cut_R_REF_01(demande, agent):  # type: ignore[no-untyped-def]
    with pytest.raises(RegleViolee) as refus:
        modifier_projet(
            demande,
            acteur=agent,
            champs={"intitule": "x" * 301},
            activites=[ActiviteSaisie("A" * 11, "Trop long")],
            blocs=[BlocSaisi(1, "y" * 301)],
        )
    assert sorted(d["champ"] for d in refus.value.details) == ["activites[0].code", "blocs[0].intitule", "intitule"]


def test_a_request_without_projet_has_nothing_to_write_R_LC_CRE_02(reseau, fiche_28245, secretariat):  # type: ignore[no-untyped-def]
    agent = personnel(fiche_28245.centres_ressources.get())
    veille = services.creer_demande(
        TypeDemande.MISE_EN_VEILLE,
        acteur=agent,
        demandeurs=[fiche_28245.centres_ressources.get()],
        qualification=fiche_28245,
        motif="Plus aucun candidat depuis cinq ans.",
    )
    with pytest.raises(RegleViolee) as refus:
        modifier_projet(veille, acteur=agent, champs=CHAMPS)
    assert refus.value.code == "sans_projet"


def test_a_revision_keeps_the_rncp_registration_of_its_blocs_R_REF_03(reseau, fiche_28245):  # type: ignore[no-untyped-def]
    territoriale = fiche_28245.centres_ressources.get()
    agent = personnel(territoriale)
    revision = services.creer_demande(
        TypeDemande.REVISION, acteur=agent, demandeurs=[territoriale], qualification=fiche_28245
    )
    avant = Bloc.objects.get(version=revision.projet, numero=1)
    assert avant.code_rncp
    blocs = [BlocSaisi(b.numero, f"{b.intitule} (révisé)", b.capacites) for b in services.blocs_saisis(revision.projet)]
    modifier_projet(revision, acteur=agent, blocs=blocs)
    apres = Bloc.objects.get(version=revision.projet, numero=1)
    assert apres.intitule.endswith("(révisé)") and apres.code_rncp == avant.code_rncp
    assert apres.numero_bdc == avant.numero_bdc
