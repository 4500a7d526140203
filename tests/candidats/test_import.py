"""Bulk import of a cohort: the template read back, all or nothing, each error placed on its row and column with
its rule, CSV with « ; » or « , » and accents, an identical candidate reused within the actor's scope, limits."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from cqpm.candidats import import_masse
from cqpm.candidats.enums import Financement, Origine, Parcours, TypeBeneficiaire, VoieInscription
from cqpm.candidats.models import Candidat, Inscription
from cqpm.comptes.enums import Role
from cqpm.core.errors import RegleViolee
from tests.candidats.outils import agent
from tests.factories import CandidatFactory, EntrepriseFactory, referentiel_complet

pytestmark = pytest.mark.django_db

ENTETES = {c.cle: c.entete for c in import_masse.COLONNES}


def rangee(qualification: Any, entreprise: Any = None, /, **changements: Any) -> dict[str, Any]:
    """One valid row: an employee of `entreprise` registered by it on the whole CQPM, exam centre 69."""
    valeurs: dict[str, Any] = {
        "nom": "Martin",
        "prenoms": "Léa",
        "date_naissance": "14/03/1990",
        "commune_naissance": "Lyon",
        "departement_naissance": "69",
        "qualification": qualification.numero,
        "centre_examen": "69",
        "parcours": Parcours.FORMATION_CONTINUE.label,
        "voie": VoieInscription.ENTREPRISE.label,
        "type_beneficiaire": TypeBeneficiaire.SALARIE_METALLURGIE.label,
        "origine": Origine.SALARIE.label,
        "financement": Financement.PF.label,
        "entreprise": entreprise.siret if entreprise else "",
    }
    valeurs.update(changements)
    return valeurs


def xlsx(rangees: list[dict[str, Any]]) -> io.BytesIO:
    classeur = Workbook()
    feuille = classeur.active
    cles = list(ENTETES)
    feuille.append([ENTETES[c] for c in cles])
    for r in rangees:
        feuille.append([r.get(c, "") for c in cles])
    tampon = io.BytesIO()
    classeur.save(tampon)
    tampon.seek(0)
    return tampon


def csv_(rangees: list[dict[str, Any]], separateur: str = ";", bom: bool = False) -> io.BytesIO:
    cles = list(ENTETES)
    lignes = [separateur.join(ENTETES[c] for c in cles)]
    lignes += [separateur.join(str(r.get(c, "")) for c in cles) for r in rangees]
    return io.BytesIO(("\ufeff" if bom else "").encode() + "\r\n".join(lignes).encode("utf-8"))


def salaries(qualification: Any, entreprise: Any, n: int = 3) -> list[dict[str, Any]]:
    prenoms = ["Léa", "Hugo", "Chloé", "Noé", "Inès"]
    return [rangee(qualification, entreprise, nom=f"Lefèvre{i}", prenoms=prenoms[i]) for i in range(n)]


@pytest.fixture
def rh(cadre: Any) -> Any:
    cadre.entreprise.siret = "73282932000074"
    cadre.entreprise.save()
    return agent(cadre.entreprise, Role.ENTREPRISE)


def test_the_template_is_read_back_by_the_import_and_the_preview_writes_nothing(fiche_28245, cadre, rh):
    contenu = import_masse.modele_xlsx(exemple_siret=cadre.entreprise.siret)
    classeur = load_workbook(io.BytesIO(contenu))
    assert classeur.sheetnames == ["Inscriptions", "Listes", "Aide"]
    feuille = classeur["Inscriptions"]
    assert [c.value for c in feuille[1]] == list(ENTETES.values())
    assert len(feuille.data_validations.dataValidation) == sum(1 for c in import_masse.COLONNES if c.choix)
    aide = " ".join(str(c.value) for r in classeur["Aide"].iter_rows() for c in r if c.value)
    for regle in ("R-REG-04", "R-ACC-02", "R-REG-01", "R-ACC-01", "R-REG-03"):
        assert regle in aide
    rapport = import_masse.importer(io.BytesIO(contenu), acteur=rh, apercu=True)
    assert rapport.valide and [ligne.numero for ligne in rapport.lignes] == [2]
    assert not Inscription.objects.exists() and Candidat.objects.count() == 1  # only the cadre's own candidate


def test_a_cohort_is_imported_in_one_go_R_REG_01(cadre, rh):
    rapport = import_masse.importer(xlsx(salaries(cadre.qualification, cadre.entreprise)), acteur=rh, apercu=False)
    assert rapport.importe and all(ligne.inscription_id for ligne in rapport.lignes)
    inscriptions = Inscription.objects.filter(entreprise=cadre.entreprise, cree_par=rh)
    assert sorted(i.candidat.prenoms for i in inscriptions) == ["Chloé", "Hugo", "Léa"]
    assert {i.version_id for i in inscriptions} == {cadre.qualification.version_courante_id}


def test_one_wrong_row_imports_nothing_and_is_located_R_ACC_02(cadre, rh):
    rangees = salaries(cadre.qualification, cadre.entreprise)
    rangees[1]["apprenti"] = "Oui"  # spreadsheet row 3: an apprentice financed by the plan de formation
    for apercu in (True, False):
        rapport = import_masse.importer(xlsx(rangees), acteur=rh, apercu=apercu)
        assert not rapport.importe and not rapport.valide
        (erreur,) = rapport.erreurs
        assert (erreur.ligne, erreur.colonne, erreur.regle) == (3, "Dispositif de financement", "R-ACC-02")
        assert "apprenti" in erreur.message
    assert not Inscription.objects.exists()
    assert list(Candidat.objects.all()) == [cadre.candidat]  # the valid rows' candidates are rolled back too


@pytest.mark.parametrize(
    ("cle", "valeur", "colonne", "regle"),
    [
        ("origine", "XX", "Origine du candidat", "R-REG-04"),
        ("parcours", "Formation initiale", "Parcours", "R-ACC-02"),
        ("date_naissance", "31/02/1990", "Date de naissance", "R-REG-04"),
        ("centre_examen", "", "Centre d'examen (département)", "R-REG-01"),
        ("qualification", "MQ 2001 01 69 9999", "N° du CQPM", "R-REG-03"),
        ("nom", "", "Nom de naissance", "R-REG-04"),
        ("origine", Origine.DEMANDEUR_EMPLOI.label, "Origine du candidat", "R-REG-04"),
    ],
)
def test_each_error_names_row_column_and_rule(cadre, rh, cle, valeur, colonne, regle):
    rapport = import_masse.importer(
        xlsx([rangee(cadre.qualification, cadre.entreprise, **{cle: valeur})]), acteur=rh, apercu=True
    )
    assert [(e.ligne, e.colonne, e.regle) for e in rapport.erreurs] == [(2, colonne, regle)]
    assert f"({regle})" in rapport.erreurs[0].message


def test_an_impossible_birth_date_is_said_not_to_exist_R_REG_04(cadre, rh):
    fichier = xlsx([rangee(cadre.qualification, cadre.entreprise, date_naissance="31/02/1990")])
    (erreur,) = import_masse.importer(fichier, acteur=rh, apercu=True).erreurs
    assert erreur.message == "La date « 31/02/1990 » n'existe pas : ce mois-là compte 28 jours (R-REG-04)."


@pytest.mark.parametrize(("separateur", "bom"), [(";", True), (",", False)])
def test_csv_with_semicolon_or_comma_keeps_accents(cadre, rh, separateur, bom):
    rangees = [
        rangee(cadre.qualification, cadre.entreprise, nom="Lefèvre-Dupré", prenoms="Émilie Hélène"),
        rangee(cadre.qualification, cadre.entreprise, nom="Nguyễn", prenoms="Zoë", commune_naissance="Besançon"),
    ]
    rapport = import_masse.importer(csv_(rangees, separateur, bom), acteur=rh, apercu=False)
    assert rapport.importe, rapport.erreurs
    noms = {(i.candidat.nom, i.candidat.prenoms, i.candidat.commune_naissance) for i in Inscription.objects.all()}
    assert noms == {("Lefèvre-Dupré", "Émilie Hélène", "Lyon"), ("Nguyễn", "Zoë", "Besançon")}


def test_an_identical_candidate_in_scope_is_reused_a_homonym_is_not_R_REG_04(cadre):
    autre_cqpm = referentiel_complet().qualification
    cadre.inscrire(qualification=autre_cqpm)  # Jeanne Dupont is in the territoriale's scope
    hors_perimetre = CandidatFactory(nom="Durand", prenoms="Paul")  # nobody's inscription: not visible
    jeanne = {"nom": "DUPONT", "prenoms": "jeanne", "date_naissance": "17/05/1990"}
    rangees = [
        rangee(cadre.qualification, cadre.entreprise, **jeanne),
        rangee(cadre.qualification, cadre.entreprise, **{**jeanne, "prenoms": "Jeanne Marie"}),
        rangee(cadre.qualification, cadre.entreprise, nom="Durand", prenoms="Paul", date_naissance="17/05/1990"),
    ]
    avant = Candidat.objects.count()
    rapport = import_masse.importer(xlsx(rangees), acteur=cadre.personnel, apercu=False)
    assert rapport.importe, rapport.erreurs
    assert [ligne.candidat_reutilise for ligne in rapport.lignes] == [True, False, False]
    assert Candidat.objects.count() == avant + 2
    reprise = Inscription.objects.get(pk=rapport.lignes[0].inscription_id)
    assert reprise.candidat == cadre.candidat
    assert Inscription.objects.get(pk=rapport.lignes[2].inscription_id).candidat != hors_perimetre


def test_the_same_person_twice_in_a_file_is_refused_R_REG_01(cadre, rh):
    rangees = [rangee(cadre.qualification, cadre.entreprise)] * 2
    rapport = import_masse.importer(csv_(rangees), acteur=rh, apercu=True)
    assert [(e.ligne, e.regle) for e in rapport.erreurs] == [(3, "R-REG-01")]
    assert rapport.lignes[1].erreurs[0].code == "deja_inscrit"


def test_a_company_registers_only_its_own_employees_ACCES(cadre, rh):
    concurrente = EntrepriseFactory(nom="Aciéries du Nord", siret="55210055400013")
    rangees = [rangee(cadre.qualification, cadre.entreprise), rangee(cadre.qualification, concurrente, nom="Roux")]
    rapport = import_masse.importer(xlsx(rangees), acteur=rh, apercu=False)
    assert [(e.ligne, e.regle) for e in rapport.erreurs] == [(3, "ACCES")]
    assert not Inscription.objects.exists()


def test_a_company_may_leave_its_siret_empty_R_REG_04(cadre, rh):
    rapport = import_masse.importer(xlsx([rangee(cadre.qualification, None)]), acteur=rh, apercu=False)
    assert rapport.importe and Inscription.objects.get().entreprise == cadre.entreprise


def test_blocs_and_excel_dates_are_read_R_VAE_03_R_LC_CRE_06(cadre):
    ligne = rangee(cadre.qualification, cadre.entreprise, date_naissance=datetime.date(1990, 3, 14))
    rapport = import_masse.importer(xlsx([ligne]), acteur=cadre.personnel, apercu=False)
    assert rapport.importe, rapport.erreurs
    assert Inscription.objects.get().candidat.date_naissance == datetime.date(1990, 3, 14)
    rangees = [
        rangee(cadre.qualification, cadre.entreprise, nom="Autre", blocs="7"),
        rangee(cadre.qualification, cadre.entreprise, nom="Bloc", blocs="2"),  # CQPM not in the RNCP: no bloc
    ]
    rapport = import_masse.importer(xlsx(rangees), acteur=cadre.personnel, apercu=True)
    assert [(e.ligne, e.colonne, e.regle) for e in rapport.erreurs] == [
        (2, "Blocs visés", "R-VAE-03"),
        (3, None, "R-LC-CRE-06"),
    ]


def _refus(fichier: io.BytesIO, acteur: Any) -> RegleViolee:
    with pytest.raises(RegleViolee) as exc:
        import_masse.importer(fichier, acteur=acteur, apercu=True)
    return exc.value


def test_the_file_is_capped_and_recognised_by_its_content(cadre, rh, monkeypatch):
    monkeypatch.setattr(import_masse, "LIGNES_MAX", 2)
    assert _refus(xlsx(salaries(cadre.qualification, cadre.entreprise)), rh).code == "trop_de_lignes"
    monkeypatch.setattr(import_masse, "TAILLE_MAX", 100)
    assert _refus(xlsx([]), rh).code == "trop_gros"
    monkeypatch.undo()
    assert _refus(io.BytesIO(b"%PDF-1.7\x00\x01binaire"), rh).code == "fichier_invalide"
    assert _refus(io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1xls"), rh).code == "fichier_invalide"
    latin1 = io.BytesIO(csv_([rangee(cadre.qualification, cadre.entreprise)]).getvalue().decode().encode("latin-1"))
    assert _refus(latin1, rh).code == "encodage_invalide"
    assert _refus(io.BytesIO(b"Nom;Couleur preferee\nMartin;bleu\n"), rh).code == "entetes"
    assert not Inscription.objects.exists()


def test_who_may_not_register_may_not_import_ACCES(cadre):
    jury = agent(cadre.centre, Role.MEMBRE_JURY)
    assert _refus(xlsx([rangee(cadre.qualification, cadre.entreprise)]), jury).code == "acces_refuse"


def test_too_many_rows_are_refused_before_any_row_is_checked(cadre, rh, monkeypatch):
    monkeypatch.setattr(import_masse, "LIGNES_MAX", 2)
    verifiees: list[int] = []
    monkeypatch.setattr(import_masse, "interpreter", lambda *a, **k: verifiees.append(1))
    assert _refus(xlsx(salaries(cadre.qualification, cadre.entreprise)), rh).code == "trop_de_lignes"
    assert verifiees == []


def test_the_preview_checks_every_row_without_any_write_nor_lock(cadre, rh):
    """The preview holds no write lock (SQLite's is the whole database): no INSERT, UPDATE, DELETE, savepoint or
    row lock while a cohort is checked; the same person twice in the file is still found (R-REG-01)."""
    from django.db import connection

    ecritures: list[str] = []

    def espionner(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if re.match(r"\s*(INSERT|UPDATE|DELETE|SAVEPOINT)", sql, re.I) or "FOR UPDATE" in sql.upper():
            ecritures.append(sql[:60])
        return execute(sql, params, many, context)

    rangees = [*salaries(cadre.qualification, cadre.entreprise), rangee(cadre.qualification, cadre.entreprise)]
    rangees.append(rangee(cadre.qualification, cadre.entreprise))  # Martin Léa twice
    with connection.execute_wrapper(espionner):
        rapport = import_masse.importer(xlsx(rangees), acteur=rh, apercu=True)
    assert ecritures == []
    assert [(e.ligne, e.regle, e.code) for e in rapport.erreurs] == [(6, "R-REG-01", "deja_inscrit")]
