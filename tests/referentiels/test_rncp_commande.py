"""`manage.py importer_rncp FICHIER [--appliquer]`: a dry run by default, in French, zip accepted."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cqpm.audit.models import EntreeAudit
from cqpm.referentiels.models import Qualification

DONNEES = Path(__file__).resolve().parent / "donnees_rncp"
EXPORT = DONNEES / "export_28245_renouvelee.xml"


def lancer(*args: str) -> str:
    sortie = io.StringIO()
    call_command("importer_rncp", *args, stdout=sortie)
    return sortie.getvalue()


@pytest.mark.django_db
def test_without_appliquer_the_command_prints_the_diff_and_writes_nothing_R_REF_04(fiche_28245):
    audit = EntreeAudit.objects.count()
    sortie = lancer(str(EXPORT))
    assert "3 fiche(s) lue(s) ; 2 fiche(s) d'autres certificateurs ignorée(s)" in sortie
    assert "Opérateur(trice) polyvalent d’équipe autonome (MQ 2005 12 69 0198 R) — fiche RNCP28245" in sortie
    assert "  enregistrement RNCP : fin : 21/04/2022 → 21/04/2027\n" in sortie
    assert "  niveau RNCP (cadre national) : (vide) → 3\n" in sortie
    assert sortie.rstrip().endswith(
        "Simulation : rien n'a été enregistré. 1 qualification(s) à mettre à jour ; relancez avec --appliquer pour "
        "enregistrer ces changements."
    )
    assert Qualification.objects.get(pk=fiche_28245.pk).rncp_fin == datetime.date(2022, 4, 21)
    assert EntreeAudit.objects.count() == audit


@pytest.mark.django_db
def test_with_appliquer_the_command_applies_and_sums_up(fiche_28245):
    sortie = lancer(str(EXPORT), "--appliquer")
    assert sortie.rstrip().endswith("Appliqué : 1 qualification(s) mise(s) à jour, 0 échec(s).")
    assert Qualification.objects.get(pk=fiche_28245.pk).rncp_fin == datetime.date(2027, 4, 21)
    assert "1 qualification(s) déjà à jour." in lancer(str(EXPORT))


@pytest.mark.django_db
def test_the_zipped_export_is_read_without_extracting_it(fiche_28245, tmp_path):
    archive = tmp_path / "export-fiches-rncp-v4-1-2025-01-02.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.write(EXPORT, "export_fiches_RNCP_V4_1_2025-01-02.xml")
    lancer(str(archive), "--appliquer")
    assert Qualification.objects.get(pk=fiche_28245.pk).rncp_fin == datetime.date(2027, 4, 21)
    assert list(tmp_path.iterdir()) == [archive]


@pytest.mark.django_db
def test_malformed_fiches_are_listed_with_their_number(fiche_28245):
    sortie = lancer(str(DONNEES / "mal_formee.xml"), "--appliquer")
    assert "Erreurs (fiches non appliquées) : 2\n" in sortie
    assert (
        "  RNCP28245 — FICHE/STATISTIQUES_PROMOTIONS/STATISTIQUES_PROMOTION[1]/NOMBRE_CERTIFIES : « beaucoup » "
        "n'est pas un nombre entier." in sortie
    )
    assert "1 valeur(s) mal formée(s) dans des fiches d'autres certificateurs." in sortie
    assert "Appliqué : 0 qualification(s) mise(s) à jour, 0 échec(s)." in sortie


@pytest.mark.django_db
def test_a_file_with_a_dtd_is_refused_as_a_whole():
    with pytest.raises(CommandError, match="DOCTYPE"):
        lancer(str(DONNEES / "doctype_entites.xml"))


@pytest.mark.django_db
def test_a_missing_file_is_a_french_error(tmp_path):
    with pytest.raises(CommandError, match="Lecture impossible"):
        lancer(str(tmp_path / "absent.zip"))
