"""A merge joins two records of one person only (R-REG-04): same duplicate key and birth date, or a secretariat
override with its reason (audited); within the caller's perimeter; never two inscriptions in progress on one
target afterwards (R-REG-01). Service and API."""

from __future__ import annotations

import datetime

import pytest

from cqpm.audit.services import historique
from cqpm.candidats import services
from cqpm.core.errors import RegleViolee
from tests.api.conftest import connecter
from tests.factories import CandidatFactory, InscriptionFactory, TerritorialeFactory, referentiel_complet

pytestmark = pytest.mark.django_db

NAISSANCE = datetime.date(1990, 4, 12)


def _deux(cadre, *, nom: str = "LEFEVRE", naissance: datetime.date = NAISSANCE):  # type: ignore[no-untyped-def]
    """Two records registered with territoriale 69 on two different CQPM (no R-REG-01 overlap)."""
    garde = cadre.inscrire(CandidatFactory(nom="Lefèvre", date_naissance=NAISSANCE)).candidat
    autre = CandidatFactory(nom=nom, date_naissance=naissance)
    cadre.inscrire(autre, qualification=referentiel_complet().qualification)
    return garde, autre


@pytest.mark.parametrize(
    ("nom", "naissance"),
    [("Martin", NAISSANCE), ("LEFEVRE", NAISSANCE - datetime.timedelta(days=1))],
    ids=["autre_nom", "veille_de_la_naissance"],
)
def test_two_different_people_are_not_merged_R_REG_04(cadre, nom, naissance):
    garde, autre = _deux(cadre, nom=nom, naissance=naissance)
    with pytest.raises(RegleViolee) as exc:
        services.fusionner_candidats(garde, autre, acteur=cadre.personnel)
    assert exc.value.code == "fusion_sans_doublon" and "(R-REG-04)" in exc.value.message
    autre.refresh_from_db()
    assert autre.fusionne_dans is None


def test_same_key_and_birth_date_merge_R_REG_04(cadre):
    garde, autre = _deux(cadre)
    assert services.fusionner_candidats(garde, autre, acteur=cadre.personnel) == garde


def test_only_the_secretariat_overrides_with_an_audited_reason_R_REG_04(cadre, secretariat):
    garde, autre = _deux(cadre, nom="Martin")
    with pytest.raises(RegleViolee):  # a territoriale cannot override
        services.fusionner_candidats(garde, autre, acteur=cadre.personnel, derogation="Changement de nom")
    with pytest.raises(RegleViolee):  # nor the secretariat without a reason
        services.fusionner_candidats(garde, autre, acteur=secretariat, derogation="  ")
    services.fusionner_candidats(garde, autre, acteur=secretariat, derogation="Nom d'usage saisi comme nom")
    (entree,) = historique(garde)
    assert entree.apres["derogation"] == "Nom d'usage saisi comme nom" and entree.regle == "R-REG-04"


def test_a_merge_never_rewrites_another_centres_inscriptions_R_REG_04(cadre):
    garde, autre = _deux(cadre)
    treize = InscriptionFactory(candidat=autre, centre_examen=TerritorialeFactory(departement="13"))
    with pytest.raises(RegleViolee) as exc:
        services.fusionner_candidats(garde, autre, acteur=cadre.personnel)
    assert exc.value.code == "fusion_hors_perimetre" and f"n° {treize.pk}" not in exc.value.message
    treize.refresh_from_db()
    assert treize.candidat == autre


def test_two_inscriptions_in_progress_on_one_target_refuse_the_merge_R_REG_01(cadre):
    garde = cadre.inscrire(CandidatFactory(nom="Lefèvre", date_naissance=NAISSANCE)).candidat
    autre = cadre.inscrire(CandidatFactory(nom="LEFEVRE", date_naissance=NAISSANCE), financement="CP").candidat
    with pytest.raises(RegleViolee) as exc:
        services.fusionner_candidats(garde, autre, acteur=cadre.personnel)
    assert exc.value.rule == "R-REG-01" and exc.value.code == "fusion_inscriptions_en_double"
    services.annuler_inscription(autre.inscriptions.get(), acteur=cadre.personnel, motif="Doublon")
    assert services.fusionner_candidats(garde, autre, acteur=cadre.personnel) == garde


def test_the_api_merges_only_the_same_person_and_the_secretariat_overrides_R_REG_04(cadre, client, secretariat):
    garde, autre = _deux(cadre, nom="Martin")
    connecter(client, cadre.personnel)
    refus = client.post(
        f"/api/v1/candidats/{garde.pk}/fusion",
        {"doublon_id": autre.pk, "derogation": "Même personne"},
        content_type="application/json",
    )
    assert refus.status_code == 422 and refus.json()["code"] == "fusion_sans_doublon"
    connecter(client, secretariat, verifie=True)
    fusion = client.post(
        f"/api/v1/candidats/{garde.pk}/fusion",
        {"doublon_id": autre.pk, "derogation": "Même personne, nom mal saisi"},
        content_type="application/json",
    )
    assert fusion.status_code == 200, fusion.content
    assert historique(garde)[0].apres["derogation"] == "Même personne, nom mal saisi"
