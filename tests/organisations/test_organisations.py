"""Organisations: each constraint of the model, reached through the services (French errors, rule ORG, audit)."""

import pytest
from django.db import IntegrityError, transaction

from cqpm.audit.models import EntreeAudit
from cqpm.audit.services import historique
from cqpm.comptes.enums import Role
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.organisations.enums import Secteur, TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.organisations.services import creer_organisation, modifier_organisation
from cqpm.organisations.validators import completer_siret, siret_valide
from tests.factories import SyndicatFactory, TerritorialeFactory, UtilisateurFactory, verifie_par_otp

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"


def creer(**champs):
    return creer_organisation(acteur=SYSTEME, **champs)


def entreprise(**champs):
    valeurs = {"type": TypeOrganisation.ENTREPRISE, "nom": "Forges", "siret": SIRET, "secteur": Secteur.METAUX}
    return creer(**{**valeurs, **champs})


@pytest.mark.parametrize("departement", ["2A", "2B", "971", "974", "01", "69", "95"])
def test_territoriale_accepts_corsica_and_overseas_departements_R_ID_01(departement):
    org = creer(type=TypeOrganisation.TERRITORIALE, nom="UIMM", departement=departement)
    assert org.departement == departement


def test_territoriale_departement_is_normalised_2a_to_2A():
    assert creer(type=TypeOrganisation.TERRITORIALE, nom="UIMM Corse", departement="2a").departement == "2A"


@pytest.mark.parametrize("departement", ["20", "00", "96", "989", "7"])
def test_territoriale_refuses_a_departement_that_does_not_exist_R_ID_05(departement):
    with pytest.raises(RegleViolee) as exc:
        creer(type=TypeOrganisation.TERRITORIALE, nom="UIMM", departement=departement)
    assert exc.value.rule == "ORG" and exc.value.champ == "departement"
    assert f"« {departement} » n'existe pas" in exc.value.message
    assert not Organisation.objects.exists()


def test_territoriale_needs_a_departement():
    with pytest.raises(RegleViolee, match="identifiée par son département"):
        creer(type=TypeOrganisation.TERRITORIALE, nom="UIMM sans département")


def test_one_territoriale_per_departement():
    creer(type=TypeOrganisation.TERRITORIALE, nom="UIMM Rhône", departement="69")
    with pytest.raises(RegleViolee, match="existe déjà pour ce département"):
        creer(type=TypeOrganisation.TERRITORIALE, nom="Autre UIMM Rhône", departement="69")
    assert Organisation.objects.count() == 1


def test_one_territoriale_per_departement_also_in_the_database():
    TerritorialeFactory(departement="75")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(type=TypeOrganisation.TERRITORIALE, nom="Doublon", departement="75")


def test_other_kinds_may_share_a_departement():
    creer(type=TypeOrganisation.TERRITORIALE, nom="UIMM Rhône", departement="69")
    assert entreprise(departement="69").departement == "69"


def test_cprefp_needs_its_region():
    with pytest.raises(RegleViolee, match="rattachée à une région"):
        creer(type=TypeOrganisation.CPREFP, nom="CPREFP")
    assert creer(type=TypeOrganisation.CPREFP, nom="CPREFP Bretagne", region="Bretagne").region == "Bretagne"


def test_company_siret_with_a_wrong_key_is_refused_R_REG_04():
    mauvais = SIRET[:-1] + "5"
    assert not siret_valide(mauvais)
    with pytest.raises(RegleViolee) as exc:
        entreprise(siret=mauvais)
    assert exc.value.champ == "siret" and "clé de contrôle" in exc.value.message


def test_company_siret_spaces_are_ignored_and_the_key_is_computed():
    assert entreprise(siret="732 829 320 00074").siret == SIRET
    assert completer_siret("7328293200007") == SIRET


def test_company_needs_siret_and_sector_R_REG_04():
    with pytest.raises(RegleViolee, match="un SIRET et un secteur"):
        creer(type=TypeOrganisation.ENTREPRISE, nom="Sans SIRET", secteur=Secteur.METAUX)
    with pytest.raises(RegleViolee, match="un SIRET et un secteur"):
        creer(type=TypeOrganisation.ENTREPRISE, nom="Sans secteur", siret=SIRET)


def test_company_nace_code_format_R_REG_04():
    with pytest.raises(RegleViolee, match="code NACE « 2562 » est invalide"):
        entreprise(code_nace="2562")
    assert entreprise(code_nace="25.62a").code_nace == "25.62A"


def test_hors_metaux_company_must_name_its_branch_R_REG_04():
    with pytest.raises(RegleViolee, match="hors métaux doit préciser sa branche"):
        entreprise(secteur=Secteur.HORS_METAUX)
    assert entreprise(secteur=Secteur.HORS_METAUX, branche="Plasturgie").branche == "Plasturgie"


def test_union_branch_needs_its_union():
    with pytest.raises(RegleViolee, match="rattachée à une organisation syndicale"):
        creer(type=TypeOrganisation.BRANCHE_SYNDICALE, nom="CGT Rhône", departement="69")
    syndicat = SyndicatFactory(nom="CGT")
    branche = creer(type=TypeOrganisation.BRANCHE_SYNDICALE, nom="CGT Rhône", departement="69", parent=syndicat)
    assert branche.parent == syndicat and list(syndicat.antennes.all()) == [branche]


def test_union_branch_parent_must_be_a_union():
    territoriale = TerritorialeFactory(departement="69")
    with pytest.raises(RegleViolee) as exc:
        creer(type=TypeOrganisation.BRANCHE_SYNDICALE, nom="Branche", parent=territoriale)
    assert exc.value.champ == "parent" and "pas à « UIMM territoriale 69 (69) »" in exc.value.message


def test_creation_is_audited_with_the_new_values():
    org = creer(type=TypeOrganisation.TERRITORIALE, nom="UIMM Guadeloupe", departement="971")
    (entree,) = historique(org)
    assert entree.action == "organisation.creation" and entree.regle == "ORG"
    assert entree.avant is None and entree.apres["departement"] == "971"
    assert entree.acteur_libelle == "Système"


def test_change_is_audited_old_to_new_only_for_changed_fields():
    org = creer(type=TypeOrganisation.TERRITORIALE, nom="UIMM Rhône", departement="69", region="Rhône-Alpes")
    secretariat = verifie_par_otp(UtilisateurFactory(role=Role.SECRETARIAT_GTP))
    modifier_organisation(org, acteur=secretariat, region="Auvergne-Rhône-Alpes", nom="UIMM Rhône")
    entree = historique(org).get(action="organisation.modification")
    assert entree.avant == {"region": "Rhône-Alpes"} and entree.apres == {"region": "Auvergne-Rhône-Alpes"}
    assert entree.acteur == secretariat
    org.refresh_from_db()
    assert org.region == "Auvergne-Rhône-Alpes"


def test_change_without_difference_writes_no_audit_row():
    org = creer(type=TypeOrganisation.TERRITORIALE, nom="UIMM Rhône", departement="69")
    modifier_organisation(org, acteur=SYSTEME, nom="UIMM Rhône")
    assert historique(org).count() == 1


def test_refused_change_leaves_the_organisation_and_the_log_untouched():
    org = entreprise()
    with pytest.raises(RegleViolee, match="préciser sa branche"):
        modifier_organisation(org, acteur=SYSTEME, secteur=Secteur.HORS_METAUX)
    org.refresh_from_db()
    assert org.secteur == Secteur.METAUX
    assert EntreeAudit.objects.filter(action="organisation.modification").count() == 0


def test_only_the_secretariat_manages_organisations():
    territoriale = TerritorialeFactory(departement="69")
    personnel = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=territoriale)
    with pytest.raises(AccesRefuse, match="« Gérer les organisations »"):
        modifier_organisation(territoriale, acteur=personnel, nom="Pirate")
    with pytest.raises(AccesRefuse):
        creer_organisation(acteur=personnel, type=TypeOrganisation.SYNDICAT, nom="CGT")


def test_unknown_field_is_a_programming_error():
    with pytest.raises(TypeError, match="inconnus : couleur"):
        creer(type=TypeOrganisation.SYNDICAT, nom="CGT", couleur="rouge")
