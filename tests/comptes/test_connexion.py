"""Login: password throttled by django-axes, then a TOTP code for the staff who validate or sign."""

import html

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.audit.models import EntreeAudit
from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from tests.factories import TerritorialeFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db

MOT_DE_PASSE = "motdepasse-de-test-1"
CONNEXION = reverse("comptes:connexion")


def connexion(client, username, password=MOT_DE_PASSE, suite=""):
    url = f"{CONNEXION}?next={suite}" if suite else CONNEXION
    return client.post(url, {"username": username, "password": password, "next": suite})


def code_faux(appareil):
    return f"{(int(code_du_moment(appareil)) + 1) % 1_000_000:06d}"


@pytest.fixture
def secretariat():
    u = UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP)
    TOTPDevice.objects.create(user=u, name="Téléphone", confirmed=True)
    return u


def test_login_page_is_french_and_accessible(client):
    page = client.get(CONNEXION).content.decode()
    assert "<h1>Connexion</h1>" in page
    assert '<label for="id_username">Identifiant</label>' in page
    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page


def test_wrong_password_error_is_linked_to_the_fields(client):
    UtilisateurFactory(username="paul")
    page = connexion(client, "paul", "mauvais-mot-de-passe").content.decode()
    assert 'id="erreurs-formulaire" role="alert"' in page
    assert "Identifiant ou mot de passe incorrect" in page
    assert 'aria-describedby="erreurs-formulaire"' in page and 'aria-invalid="true"' in page


def test_user_without_double_factor_role_is_logged_in_by_password(client):
    UtilisateurFactory(username="terr", role=Role.TERRITORIALE, role__organisation=TerritorialeFactory())
    reponse = connexion(client, "terr", suite="/catalogue/")
    assert reponse.status_code == 302 and reponse["Location"] == "/catalogue/"


def test_next_pointing_to_another_site_is_ignored(client):
    """The outside address is dropped: the user lands where everyone lands, on what waits for him."""
    UtilisateurFactory(username="paul")
    assert connexion(client, "paul", suite="https://pirate.example/")["Location"] == reverse("core:a_traiter")


def test_sixth_attempt_is_locked_out_even_with_the_right_password(client):
    UtilisateurFactory(username="paul")
    for _ in range(5):
        connexion(client, "paul", "mauvais-mot-de-passe")
    reponse = connexion(client, "paul")
    assert reponse.status_code == 429
    assert "Compte temporairement verrouillé" in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(client):
    UtilisateurFactory(username="paul")
    UtilisateurFactory(username="lea")
    for _ in range(5):
        connexion(client, "paul", "mauvais-mot-de-passe")
    assert connexion(client, "lea").status_code == 302


def test_staff_without_device_must_enrol_and_sees_qr_code_and_secret(client):
    u = UtilisateurFactory(username="marc", role=Role.MEMBRE_GTP)
    reponse = connexion(client, "marc", suite="/admin/")
    assert reponse["Location"] == f"{reverse('comptes:enrolement')}?next=%2Fadmin%2F"
    page = client.get(reponse["Location"]).content.decode()
    appareil = TOTPDevice.objects.get(user=u, confirmed=False)
    assert "<svg" in page and "Code QR de configuration" in page
    assert appareil.config_url.split("secret=")[1][:4] in page.replace(" ", "")
    assert 'autocomplete="one-time-code"' in page


def test_enrolment_confirms_the_device_with_a_right_code_and_is_audited(client):
    u = UtilisateurFactory(username="marc", role=Role.MEMBRE_GTP)
    connexion(client, "marc")
    client.get(reverse("comptes:enrolement"))
    appareil = TOTPDevice.objects.get(user=u)
    faux = client.post(reverse("comptes:enrolement"), {"code": code_faux(appareil)})
    assert "Code incorrect" in faux.content.decode()
    appareil.refresh_from_db()
    appareil.throttle_reset()
    reponse = client.post(reverse("comptes:enrolement"), {"code": code_du_moment(appareil), "next": "/catalogue/"})
    assert reponse["Location"] == "/catalogue/"
    appareil.refresh_from_db()
    assert appareil.confirmed
    assert EntreeAudit.objects.filter(action="double_facteur.activation", objet_id=str(u.pk)).exists()


def test_staff_with_device_is_asked_the_code_and_is_not_logged_in_for_protected_pages_until_then(client, secretariat):
    reponse = connexion(client, "anne", suite="/admin/")
    assert reponse["Location"] == f"{reverse('comptes:verification')}?next=%2Fadmin%2F"
    admin = client.get("/admin/", follow=True)
    assert admin.redirect_chain[-1][0].startswith(reverse("comptes:verification"))
    assert reverse("comptes:enrolement") not in client.get(reverse("comptes:verification")).content.decode()


def test_right_code_opens_the_admin_for_the_secretariat(client, secretariat):
    connexion(client, "anne", suite="/admin/")
    appareil = TOTPDevice.objects.get(user=secretariat)
    reponse = client.post(reverse("comptes:verification"), {"code": code_du_moment(appareil), "next": "/admin/"})
    assert reponse["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200 and "Référentiels et catalogue" in index.content.decode()


def test_wrong_code_is_refused_then_throttled(client, secretariat, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    connexion(client, "anne")
    appareil = TOTPDevice.objects.get(user=secretariat)
    premier = client.post(reverse("comptes:verification"), {"code": code_faux(appareil)}).content.decode()
    assert "Code incorrect ou expiré" in premier and 'id="id_code_erreurs"' in premier
    second = client.post(reverse("comptes:verification"), {"code": code_du_moment(appareil)}).content.decode()
    assert "Trop d'essais infructueux : patientez 30 secondes avant" in html.unescape(second)
    assert client.get("/admin/").status_code == 302


def test_enrolment_page_is_closed_once_a_device_is_confirmed(client, secretariat):
    connexion(client, "anne")
    reponse = client.get(reverse("comptes:enrolement"))
    assert reponse["Location"].startswith(reverse("comptes:verification"))
    assert not TOTPDevice.objects.filter(user=secretariat, confirmed=False).exists()


def test_second_step_pages_need_the_password_step_first(client):
    assert client.get(reverse("comptes:verification"))["Location"].startswith(CONNEXION)


def test_territoriale_staff_cannot_open_the_admin(client):
    UtilisateurFactory(username="terr", role=Role.TERRITORIALE, role__organisation=TerritorialeFactory())
    connexion(client, "terr")
    reponse = client.get("/admin/", follow=True)
    assert reponse.status_code == 403
    assert "« Personnel d'une UIMM territoriale » ne permet pas l'action « Administrer le site »" in html.unescape(
        reponse.content.decode()
    )


def test_staff_flag_alone_does_not_open_the_admin(client):
    UtilisateurFactory(username="ancien", is_staff=True, is_superuser=True)
    connexion(client, "ancien")
    assert client.get("/admin/", follow=True).status_code == 403


def test_anonymous_admin_visit_leads_to_the_site_login(client):
    reponse = client.get("/admin/", follow=True)
    assert reponse.redirect_chain[-1][0] == f"{CONNEXION}?next=/admin/"


def test_logout_is_post_only(client):
    UtilisateurFactory(username="paul")
    connexion(client, "paul")
    assert client.get(reverse("comptes:deconnexion")).status_code == 405
    client.post(reverse("comptes:deconnexion"))
    assert "_auth_user_id" not in client.session
