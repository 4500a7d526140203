"""Duplicate candidates: same surname (case, accents and hyphens ignored) and birth date; merged by the staff,
the inscriptions follow, the duplicate stays on record pointing at the one kept; audited."""

from __future__ import annotations

import datetime

import pytest

from cqpm.audit.services import historique
from cqpm.candidats import services
from cqpm.candidats.models import Candidat
from cqpm.comptes.enums import Role
from cqpm.core.errors import AccesRefuse, RegleViolee
from tests.candidats.outils import agent
from tests.factories import CandidatFactory, TerritorialeFactory, referentiel_complet

pytestmark = pytest.mark.django_db

NE_LE = datetime.date(1990, 5, 17)


def test_duplicates_ignore_case_accents_and_hyphens():
    original = CandidatFactory(nom="Lefèvre-Dupré", date_naissance=NE_LE)
    memes = [CandidatFactory(nom=n, date_naissance=NE_LE) for n in ("LEFEVRE DUPRE", "lefèvre  dupré ")]
    CandidatFactory(nom="Lefèvre-Dupré", date_naissance=NE_LE + datetime.timedelta(days=1))
    CandidatFactory(nom="Lefebvre-Dupré", date_naissance=NE_LE)
    assert set(services.doublons_de(original)) == set(memes)
    assert set(services.candidats_en_double("lefevre-dupre", NE_LE)) == {original, *memes}


def test_the_secretariat_merges_a_duplicate_and_his_inscriptions_follow(cadre, secretariat):
    doublon = CandidatFactory(nom="DUPONT", prenoms="Jeanne", courriel="jeanne@exemple.fr")
    deja_absorbe = CandidatFactory(nom="Dupont", fusionne_dans=doublon)
    inscription = cadre.inscrire(doublon)
    conserve = services.fusionner_candidats(cadre.candidat, doublon, acteur=secretariat)
    inscription.refresh_from_db()
    doublon.refresh_from_db()
    deja_absorbe.refresh_from_db()
    assert inscription.candidat == conserve == cadre.candidat
    assert doublon.fusionne_dans == conserve and deja_absorbe.fusionne_dans == conserve  # no chain
    assert conserve.courriel == "jeanne@exemple.fr"
    assert Candidat.objects.filter(pk=doublon.pk).exists()  # kept on record
    assert doublon not in services.doublons_de(conserve)
    (entree,) = historique(conserve)
    assert entree.action == "candidat.fusion" and entree.apres["inscriptions_reprises"] == [inscription.pk]
    assert [e.action for e in historique(doublon)] == ["candidat.fusionne"]


def test_a_merge_is_refused_on_itself_or_on_a_merged_candidate(secretariat):
    a, b, c = (CandidatFactory(nom="Martin") for _ in range(3))
    with pytest.raises(RegleViolee):
        services.fusionner_candidats(a, a, acteur=secretariat)
    services.fusionner_candidats(a, b, acteur=secretariat)
    for conserve, doublon in ((c, b), (b, c)):
        with pytest.raises(RegleViolee) as exc:
            services.fusionner_candidats(conserve, doublon, acteur=secretariat)
        assert exc.value.code == "deja_fusionne"


def test_only_staff_merges_and_a_territoriale_within_its_scope_ACCES(cadre):
    doublon = CandidatFactory(nom="Dupont", prenoms="Jeanne")
    cadre.inscrire(doublon)
    with pytest.raises(AccesRefuse):
        services.fusionner_candidats(cadre.candidat, doublon, acteur=agent(cadre.entreprise, Role.ENTREPRISE))
    with pytest.raises(AccesRefuse):  # neither candidate is registered with it
        services.fusionner_candidats(cadre.candidat, doublon, acteur=agent(TerritorialeFactory(departement="13")))
    with pytest.raises(AccesRefuse):  # the kept one has no inscription with the territoriale 69
        services.fusionner_candidats(cadre.candidat, doublon, acteur=cadre.personnel)
    cadre.inscrire(qualification=referentiel_complet().qualification)  # another CQPM: no R-REG-01 overlap
    assert services.fusionner_candidats(cadre.candidat, doublon, acteur=cadre.personnel) == cadre.candidat


def test_merging_a_group_is_all_or_nothing_R_REG_04(cadre):
    naissance = datetime.date(1990, 4, 12)
    garde = cadre.inscrire(CandidatFactory(nom="Lefèvre", date_naissance=naissance)).candidat
    autre_cqpm = referentiel_complet().qualification
    mien = cadre.inscrire(CandidatFactory(nom="LEFEVRE", date_naissance=naissance), qualification=autre_cqpm).candidat
    ailleurs = CandidatFactory(nom="Le Fèvre", date_naissance=naissance)  # created by nobody: out of scope
    with pytest.raises(AccesRefuse):
        services.fusionner_groupe(garde, [garde, mien, ailleurs], acteur=cadre.personnel)
    mien.refresh_from_db()
    assert mien.fusionne_dans is None
