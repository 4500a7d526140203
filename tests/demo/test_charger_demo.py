"""The demo data set (`charger_demo`): idempotent, one login per role, refused in production."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.audit.models import EntreeAudit
from cqpm.comptes.enums import ROLES_A_DOUBLE_FACTEUR, Role
from cqpm.comptes.models import Utilisateur
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.organisations.validators import siret_valide
from cqpm.referentiels.models import Qualification

pytestmark = pytest.mark.django_db


def commande(*args):
    sortie = StringIO()
    call_command(*args, stdout=sortie)
    return sortie.getvalue()


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return commande("charger_demo")


def test_second_run_changes_nothing_and_prints_the_same(demo):
    modeles = (Organisation, Utilisateur, EntreeAudit, Qualification, TOTPDevice)
    avant = [m.objects.count() for m in modeles]
    assert commande("charger_demo") == demo
    assert [m.objects.count() for m in modeles] == avant


def test_organisations_of_the_dispositif_and_the_register(demo):
    territoriales = Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE)
    assert {"2A", "69", "75", "971"} <= set(territoriales.values_list("departement", flat=True))
    assert territoriales.count() >= 12 and not territoriales.filter(region="").exists()
    regions = set(territoriales.values_list("region", flat=True))
    assert set(Organisation.objects.filter(type=TypeOrganisation.CPREFP).values_list("region", flat=True)) == regions
    syndicats = Organisation.objects.filter(type=TypeOrganisation.SYNDICAT)
    sigles = {nom.rsplit("(", 1)[1].rstrip(")") for nom in syndicats.values_list("nom", flat=True)}
    assert sigles == {"CFDT", "CFE-CGC", "CGT", "CGT-FO", "CFTC"}
    assert all(s.antennes.filter(type=TypeOrganisation.BRANCHE_SYNDICALE).exists() for s in syndicats)
    entreprises = Organisation.objects.filter(type=TypeOrganisation.ENTREPRISE)
    assert entreprises.count() >= 3 and all(siret_valide(e.siret) for e in entreprises)
    assert entreprises.filter(secteur="HM").exclude(branche="").exists()
    assert Organisation.objects.filter(type=TypeOrganisation.ORGANISME_FORMATION).exists()
    assert Organisation.objects.filter(type=TypeOrganisation.UIMM).count() == 1
    assert Organisation.objects.filter(type=TypeOrganisation.GTP).count() == 1
    assert Qualification.objects.filter(code_rncp__contains="28245").exists()
    assert Qualification.objects.count() >= 13


def test_three_employees_are_registered_on_28245_and_the_demo_candidate_is_one_of_them(demo):
    from cqpm.candidats.models import Inscription
    from cqpm.demo.management.commands.charger_demo import SALARIES_DEMO
    from cqpm.portail.services import candidat_de

    inscriptions = Inscription.objects.filter(
        qualification__code_rncp__contains="28245", candidat__nom__in=[nom for nom, *_ in SALARIES_DEMO]
    )
    assert inscriptions.count() == 3
    assert {i.entreprise for i in inscriptions} == {Organisation.objects.get(nom="Mécanique de précision du Rhône")}
    candidat = candidat_de(Utilisateur.objects.get(username="demo-candidat"))
    assert candidat is not None and candidat.inscriptions.get(parcours="formation_continue") in inscriptions
    commande("charger_demo")
    assert inscriptions.count() == 3


def test_one_demo_user_per_role_logs_in_with_the_printed_password(demo):
    for role in Role:
        (utilisateur,) = Utilisateur.objects.filter(habilitations__role=role, username__startswith="demo-")
        mot_de_passe = f"{utilisateur.username}-2026"
        ligne = next(ligne for ligne in demo.splitlines() if f" {utilisateur.username} " in ligne)
        assert role.label in ligne and mot_de_passe in ligne
        requete = RequestFactory().post("/comptes/connexion/")
        assert authenticate(requete, username=utilisateur.username, password=mot_de_passe) == utilisateur
        assert utilisateur.is_staff is (role == Role.SECRETARIAT_GTP)


def test_double_factor_demo_users_get_a_fixed_confirmed_device_and_the_secret_is_printed(demo):
    for role in ROLES_A_DOUBLE_FACTEUR:
        appareil = TOTPDevice.objects.get(user__habilitations__role=role, user__username__startswith="demo-")
        assert appareil.confirmed and appareil.config_url in demo
        code = commande("code_totp", appareil.user.username).strip()
        assert len(code) == 6 and appareil.verify_token(code)


def test_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="ne se chargent pas en production"):
        commande("charger_demo")
    assert not Organisation.objects.exists()


def test_demo_juries_planned_convened_and_signed_R_JURY_09(demo):
    from cqpm.jurys.enums import EtatJury
    from cqpm.jurys.models import CandidatJury, Jury

    assert sorted(Jury.objects.values_list("etat", flat=True)) == sorted(
        [EtatJury.PLANIFIE, EtatJury.CONVOQUE, EtatJury.SIGNE]
    )
    signe = Jury.objects.get(etat=EtatJury.SIGNE)
    assert sorted(CandidatJury.objects.filter(jury=signe).values_list("decision", flat=True)) == ["A", "NA"]
