"""Management commands importer_referentiel / exporter_referentiel, and the synthetic CQPMs of the demo and bench."""

from __future__ import annotations

import datetime
import io
import json
import time
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from cqpm.audit.models import EntreeAudit
from cqpm.demo.fiche_28245 import FICHE_28245
from cqpm.demo.synthetiques import creer_cqpm_synthetiques
from cqpm.referentiels.echange import exporter_version
from cqpm.referentiels.enums import Liste, StatutQualification, StatutVersion
from cqpm.referentiels.models import Capacite, Qualification, VersionReferentiel
from cqpm.referentiels.numeros import parse_mq
from cqpm.referentiels.rules import erreurs_structure
from cqpm.referentiels.services import blocs_saisis, listes_au
from tests.referentiels.outils import dans_une_base_vide


@pytest.mark.django_db
def test_import_command_loads_a_file(territoriales):
    sortie = io.StringIO()
    call_command("importer_referentiel", str(FICHE_28245), stdout=sortie)
    assert "version 1" in sortie.getvalue()
    assert Qualification.objects.filter(code_rncp="28245").exists()


@pytest.mark.django_db
def test_import_command_lists_every_error_with_its_path(territoriales, tmp_path):
    document = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    document["version"]["blocs"][1]["capacites"][0]["intitule"] = ""
    document["qualification"]["numero"] = "MQ 05 12 69 0198"
    fichier = tmp_path / "mauvais.json"
    fichier.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("importer_referentiel", str(fichier))
    assert "version.blocs[1].capacites[0].intitule" in str(exc.value)
    assert "qualification.numero" in str(exc.value) and "[R-ID-05]" in str(exc.value)
    assert not Qualification.objects.exists()
    fichier.write_text("{pas du json", encoding="utf-8")
    with pytest.raises(CommandError, match="n'est pas un JSON valide"):
        call_command("importer_referentiel", str(fichier))


@pytest.mark.django_db
def test_export_command_prints_the_current_or_asked_version(fiche_28245, tmp_path):
    sortie = io.StringIO()
    call_command("exporter_referentiel", "mq 2005 12 69 0198 r", stdout=sortie)
    assert json.loads(sortie.getvalue()) == exporter_version(fiche_28245.version_courante)
    fichier = tmp_path / "export.json"
    call_command("exporter_referentiel", fiche_28245.numero, "--version", "1", "--sortie", str(fichier), stdout=sortie)
    assert json.loads(fichier.read_text(encoding="utf-8"))["version"]["numero"] == 1
    with pytest.raises(CommandError, match="pas de version 7"):
        call_command("exporter_referentiel", fiche_28245.numero, "--version", "7")
    with pytest.raises(CommandError, match="Aucun CQPM"):
        call_command("exporter_referentiel", "MQ 2005 12 69 0001")
    with pytest.raises(CommandError, match="R-ID-05"):
        call_command("exporter_referentiel", "MQ 2005")


@pytest.mark.django_db
def test_synthetic_cqpms_are_varied_numbered_and_valid_R_REF_03():
    qualifications = creer_cqpm_synthetiques(40, versions=3)
    statuts = Counter(q.statut for q in qualifications)
    assert set(statuts) == set(StatutQualification.values)
    assert {v.categorie for v in VersionReferentiel.objects.all()} == {"A", "B", "C", "C*", "D"}
    numeros = [q.numero for q in qualifications if q.numero]
    assert len(set(numeros)) == len(numeros) == 36
    assert all(parse_mq(n).sequence >= 5000 for n in numeros)
    assert any(q.code_rncp and parse_mq(q.numero or "").rncp for q in qualifications)
    for q in qualifications:
        versions = list(q.versions.order_by("numero"))
        if q.statut == StatutQualification.PROJET:
            assert [v.statut for v in versions] == [StatutVersion.BROUILLON] and q.version_courante is None
        else:
            assert [v.statut for v in versions] == [StatutVersion.DECIDEE] * 3
            assert q.version_courante == versions[-1]
        for v in versions:
            assert not erreurs_structure(blocs_saisis(v))
    en_vigueur = [q for q in qualifications if q.statut == StatutQualification.EN_VIGUEUR]
    assert any(Liste.B in listes_au(q, q.date_creation.replace(year=q.date_creation.year + 2)) for q in en_vigueur)
    retirees = [q for q in qualifications if q.statut in (StatutQualification.EN_VEILLE, StatutQualification.SUPPRIMEE)]
    assert all(listes_au(q, q.date_creation) == {Liste.A} for q in retirees)
    assert all(not listes_au(q, datetime.date(2040, 1, 1)) for q in retirees)
    assert any("usinage" in c.intitule.lower() or "soud" in c.intitule.lower() for c in Capacite.objects.all())


@pytest.mark.django_db
def test_synthetic_cqpms_are_deterministic():
    def exporter(graine: int) -> list[dict[str, object]]:
        qualifications = creer_cqpm_synthetiques(6, versions=2, graine=graine)
        return [exporter_version(v) for q in qualifications for v in q.versions.order_by("numero")]

    premier = dans_une_base_vide(lambda: exporter(7))
    assert dans_une_base_vide(lambda: exporter(7)) == premier
    assert dans_une_base_vide(lambda: exporter(8)) != premier


@pytest.mark.django_db
def test_synthetic_cqpms_are_created_once_and_extended():
    premiers = creer_cqpm_synthetiques(5, versions=2)
    entrees = EntreeAudit.objects.count()
    assert creer_cqpm_synthetiques(5, versions=2) == premiers
    assert EntreeAudit.objects.count() == entrees
    plus = creer_cqpm_synthetiques(8, versions=2)
    assert plus[:5] == premiers and Qualification.objects.count() == 8


@pytest.mark.django_db
def test_300_cqpms_with_3_versions_load_in_a_few_seconds():
    debut = time.perf_counter()
    creer_cqpm_synthetiques(300, versions=3)
    duree = time.perf_counter() - debut
    assert Qualification.objects.count() == 300
    assert VersionReferentiel.objects.count() == 270 * 3 + 30
    assert duree < 10, f"{duree:.1f} s"
