"""The demo shows the candidates' paths too (issue 10): a VAE file in each phase, results of which one partial with
capacities carried over, and for every role a landing page and list pages with real rows — never an empty state."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.comptes.enums import ROLES_A_DOUBLE_FACTEUR, Role
from cqpm.comptes.models import Utilisateur
from cqpm.core.navigation import menu_de
from cqpm.demo.fiche_28245 import assurer_territoriale
from cqpm.demo.management.commands.charger_demo import identifiant
from cqpm.demo.report import NOM, PRENOMS, REPRISES
from cqpm.evaluations.models import ResultatCapacite
from cqpm.evaluations.services import acquis_reportables
from cqpm.organisations.enums import TypeOrganisation
from cqpm.vae.enums import Phase
from cqpm.vae.models import DossierVAE
from tests.factories import (
    BrancheSyndicaleFactory,
    CompteCandidatFactory,
    EntrepriseFactory,
    OrganisationFactory,
    UtilisateurFactory,
)

pytestmark = pytest.mark.django_db

#: The empty states of the pages: « Aucun dossier. », « Aucune inscription ne correspond. », « Rien ne vous attend… ».
VIDE = re.compile(r"<(?:p|li|td)[^>]*>\s*(?:Aucun|Aucune|Rien)\b[^<]*</(?:p|li|td)>")
#: Menu entries that are not lists of the register.
HORS_LISTES = {"/api/docs", "/admin/", "/catalogue/"}


@pytest.fixture
def demo(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("charger_demo", stdout=StringIO())


def connecter(client, utilisateur):  # type: ignore[no-untyped-def]
    """A session past the password and, for the roles that need it, the TOTP code."""
    client.force_login(utilisateur)
    if utilisateur.habilitations.filter(role__in=ROLES_A_DOUBLE_FACTEUR).exists():
        appareil = TOTPDevice.objects.filter(user=utilisateur).first() or TOTPDevice.objects.create(
            user=utilisateur, name="Test", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
        session.save()
    return client


def test_a_vae_file_in_each_phase_each_step_audited_R_VAE_02(demo) -> None:  # type: ignore[no-untyped-def]
    assert set(DossierVAE.objects.values_list("phase", flat=True)) == set(Phase.values)
    conclu = DossierVAE.objects.get(phase=Phase.CONCLUSIONS)
    evenements = set(
        EntreeAudit.objects.filter(objet_type=DossierVAE._meta.label, objet_id=str(conclu.pk)).values_list(
            "action", flat=True
        )
    )
    assert {EvenementAudit.VAE_DEPOT, EvenementAudit.VAE_RECEVABLE, EvenementAudit.VAE_CONCLUSIONS} <= evenements
    assert DossierVAE.objects.get(phase=Phase.CLOS).motif_defavorable


def test_a_partial_result_with_capacities_carried_over_R_EVAL_06(demo) -> None:  # type: ignore[no-untyped-def]
    resultats = ResultatCapacite.objects.filter(dossier__inscription__candidat__nom=NOM)
    inscription = resultats.first().dossier.inscription
    assert inscription.candidat.prenoms == PRENOMS
    assert sum(a.reprise for a in acquis_reportables(inscription)) == REPRISES
    assert set(resultats.values_list("acquise", flat=True)) == {True, False}
    assert not resultats.filter(capacite__numero__lte=REPRISES).exists()  # carried over, not evaluated again


def test_every_role_lands_on_something_to_do(demo, client) -> None:  # type: ignore[no-untyped-def]
    for role in Role:
        utilisateur = Utilisateur.objects.get(username=identifiant(role))
        page = connecter(client, utilisateur).get("/a-traiter/").content.decode()
        assert "Rien ne vous attend" not in page, f"rien à traiter pour {role.label}"
        assert 'class="liste-a-traiter"' in page
        client.logout()


def test_every_list_page_of_every_role_shows_rows(demo, client) -> None:  # type: ignore[no-untyped-def]
    for role in Role:
        utilisateur = Utilisateur.objects.get(username=identifiant(role))
        connecter(client, utilisateur)
        utilisateur.is_verified = lambda: True  # type: ignore[attr-defined]
        for adresse in {e.adresse() for g in menu_de(utilisateur) for e, _, _ in g.entrees} - HORS_LISTES:
            reponse = client.get(adresse)
            assert reponse.status_code == 200, (role, adresse)
            vides = VIDE.findall(reponse.content.decode())
            assert not vides, f"{role.label}, {adresse} : {vides}"
        client.logout()


def test_an_empty_list_says_so_once(client) -> None:  # type: ignore[no-untyped-def]
    comptes = [
        UtilisateurFactory(role=Role.SECRETARIAT_GTP),
        UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=assurer_territoriale("69")),
        UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=EntrepriseFactory()),
        UtilisateurFactory(
            role=Role.ORGANISME_FORMATION,
            role__organisation=OrganisationFactory(type=TypeOrganisation.ORGANISME_FORMATION),
        ),
        UtilisateurFactory(role=Role.BRANCHE_SYNDICALE, role__organisation=BrancheSyndicaleFactory()),
        CompteCandidatFactory().utilisateur,
    ]
    for utilisateur in comptes:
        role = utilisateur.habilitations.get().get_role_display()
        connecter(client, utilisateur)
        utilisateur.is_verified = lambda: True  # type: ignore[attr-defined]
        adresses = {e.adresse() for g in menu_de(utilisateur) for e, _, _ in g.entrees} - HORS_LISTES
        for adresse in adresses | {"/a-traiter/"}:
            vides = VIDE.findall(client.get(adresse).content.decode())
            assert len(vides) <= 1, f"{role}, {adresse} : {vides}"
        client.logout()


def test_second_run_adds_no_file_and_no_audit_row(demo) -> None:  # type: ignore[no-untyped-def]
    avant = (DossierVAE.objects.count(), ResultatCapacite.objects.count(), EntreeAudit.objects.count())
    call_command("charger_demo", stdout=StringIO())
    assert (DossierVAE.objects.count(), ResultatCapacite.objects.count(), EntreeAudit.objects.count()) == avant


def test_the_readme_pages_to_try_first_open_for_their_role(demo, client) -> None:  # type: ignore[no-untyped-def]
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    lignes = [ligne for ligne in readme.splitlines() if re.match(r"^\| .* \| `demo-[a-z-]+` \|", ligne)]
    assert len(lignes) == len(Role)
    for ligne in lignes:
        username = re.search(r"`(demo-[a-z-]+)`", ligne).group(1)  # type: ignore[union-attr]
        connecter(client, Utilisateur.objects.get(username=username))
        for adresse in set(re.findall(r"`(/[^`<]*)`", ligne)) - {"/admin/"}:
            assert client.get(adresse).status_code == 200, (username, adresse)
        client.logout()
