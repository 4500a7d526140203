"""Every kind of document and record has one retention declaration (model, date it counts from, class, rule), and
the database refuses to delete every kind kept indefinitely (R-ARCH-01 to 04)."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from cqpm.archives.enums import ClasseConservation
from cqpm.archives.registre import APPLICATIONS, DECLARATIONS, tables_indefinies
from cqpm.attributions.enums import NatureCourrier

pytestmark = pytest.mark.django_db

INDEFINIE = ClasseConservation.INDEFINIE


def _classe(modele, **filtre):
    trouvees = [d for d in DECLARATIONS if d.modele == modele and all(d.filtre.get(k) == v for k, v in filtre.items())]
    assert len(trouvees) == 1, modele
    return trouvees[0].classe, trouvees[0].regle


def test_every_model_of_the_paths_has_a_retention_declaration():
    declares = {d.modele for d in DECLARATIONS}
    for app in APPLICATIONS:
        for modele in apps.get_app_config(app).get_models():
            assert modele._meta.label in declares, f"{modele._meta.label} n'a pas de durée de conservation"
    for d in DECLARATIONS:
        apps.get_model(d.modele)  # no declaration of a model that does not exist
        assert d.nature and d.depuis and d.regle.startswith("R-ARCH-0")
        assert (d.classe == ClasseConservation.LIMITEE) == (d.regle == "R-ARCH-01")


def test_each_kind_of_letter_has_its_own_retention_R_ARCH_01_R_ARCH_02():
    assert _classe("attributions.Courrier", nature=NatureCourrier.ACQUISITION_PARTIELLE) == (
        ClasseConservation.LIMITEE,
        "R-ARCH-01",
    )
    assert _classe("attributions.Courrier", nature=NatureCourrier.ATTRIBUTION) == (INDEFINIE, "R-ARCH-02")
    assert {d.filtre.get("nature") for d in DECLARATIONS if d.modele == "attributions.Courrier"} == set(
        NatureCourrier.values
    )


def test_evaluation_documents_and_pieces_are_limited_R_ARCH_01():
    for modele in ("evaluations.DossierEvaluation", "evaluations.ModaliteChoisie", "vae.PieceVAE", "vae.Experience"):
        assert _classe(modele) == (ClasseConservation.LIMITEE, "R-ARCH-01")


def test_results_certificates_and_their_letters_are_kept_indefinitely_R_ARCH_02():
    for modele in (
        "evaluations.ResultatCapacite",
        "vae.ConclusionCapacite",
        "attributions.Certificat",
        "attributions.CopieCertifiee",
    ):
        assert _classe(modele) == (INDEFINIE, "R-ARCH-02")


def test_attendance_pv_and_award_requests_are_kept_indefinitely_R_ARCH_03():
    for modele in ("jurys.Jury", "jurys.CandidatJury", "attributions.DemandeAttribution", "attributions.PieceDemande"):
        assert _classe(modele) == (INDEFINIE, "R-ARCH-03")


def test_lifecycle_requests_and_dossiers_are_kept_indefinitely_R_ARCH_04():
    for modele in ("cycle_de_vie.Demande", "cycle_de_vie.PieceJointe", "cycle_de_vie.Decision", "gtp.Seance"):
        assert _classe(modele) == (INDEFINIE, "R-ARCH-04")


def _declencheurs() -> dict[str, str]:
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            curseur.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'archives_indefini_%%' AND t.tgname NOT LIKE '%%_vidage'"
            )
        else:
            curseur.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'archives_%'"
            )
        return dict(curseur.fetchall())


def test_the_database_guards_every_table_kept_indefinitely_R_ARCH_02_R_ARCH_03_R_ARCH_04():
    declencheurs = _declencheurs()
    for table in tables_indefinies():
        assert table in declencheurs, f"{table} : aucun déclencheur ne refuse la suppression"
    limitees = {d.table for d in DECLARATIONS if d.classe == ClasseConservation.LIMITEE} - set(tables_indefinies())
    assert not limitees & set(declencheurs)


def test_the_triggers_refuse_under_the_declared_rule_and_condition_R_ARCH_02_R_ARCH_03_R_ARCH_04():
    migrations = [
        importlib.import_module(f"cqpm.archives.migrations.{nom}")
        for nom in ("0002_conservation_indefinie", "0003_corrections_cibles_du_jury")
    ]
    attendu = {(table, ds[0].regle, ds[0].verrou) for table, ds in tables_indefinies().items()}
    assert all(len({(d.regle, d.verrou) for d in ds}) == 1 for ds in tables_indefinies().values())
    assert set(migrations[0].TABLES) | set(migrations[1].NOUVELLES) == attendu
