"""The demo shows the archive: a registration abandoned four years ago whose evaluation documents have outlived
their retention, so that the secretariat's purge report is not empty (R-ARCH-01); the record of processing
documents every retention rule."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cqpm.archives import services
from cqpm.archives.registre import DECLARATIONS
from cqpm.core.acteurs import SYSTEME

pytestmark = pytest.mark.django_db

RACINE = Path(__file__).resolve().parents[2]


def test_the_demo_has_expired_documents_to_purge_R_ARCH_01(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("charger_demo", stdout=StringIO())
    rapport = services.simulation(acteur=SYSTEME)
    natures = {d.nature for d in rapport.documents}
    assert {"Dossier d'évaluation (contenu)", "Modalités d'évaluation choisies"} <= natures
    assert all(d.regle == "R-ARCH-01" for d in rapport.documents)
    assert [c.nom for c in rapport.a_pseudonymiser] == ["Moreau"]


def test_the_record_of_processing_states_every_retention_rule():
    registre = (RACINE / "docs" / "registre-des-traitements.md").read_text(encoding="utf-8")
    assert "article 30" in registre
    for regle in {d.regle for d in DECLARATIONS}:
        assert regle in registre
