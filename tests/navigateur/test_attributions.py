"""The award in a real browser: the exam centre prepares the request of a signed jury, joins its four pieces and
sends it; the GTP secretariat puts it on a séance and validates the award, which shows the MC number; the holder
downloads his certificate from his space; anybody types the printed code on the public verification page, which
says « valide », then « révoqué » once the secretariat has revoked it. Every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cqpm.attributions.enums import NaturePiece
from cqpm.attributions.models import Certificat
from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from tests.attributions import outils
from tests.conftest import verifier_accessibilite
from tests.factories import CompteCandidatFactory, UtilisateurFactory, verifie_par_otp
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_sent_validated_numbered_and_verified_R_GTP_01_R_GTP_02_R_ID_04(page, nouvelle_page):  # type: ignore[no-untyped-def]
    jury, candidat_jury, centre = outils.jury_signe()
    titulaire = CompteCandidatFactory(candidat=candidat_jury.inscription.candidat, utilisateur__username="titulaire")
    seance = outils.seance(outils.jour_seance())
    se_connecter(page, centre.username)
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Attributions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes d'attribution")
    verifier_accessibilite(page)
    page.get_by_label("Jury au procès-verbal signé").select_option(str(jury.pk))
    page.get_by_role("button", name="Préparer la demande d'attribution").click()
    expect(page.get_by_role("table", name=re.compile("demande incomplète"))).to_be_visible()
    verifier_accessibilite(page)
    page.get_by_role("button", name="Envoyer au secrétariat du GTP").click()
    expect(page.get_by_role("alert")).to_contain_text("R-GTP-01")
    for nature in NaturePiece:
        page.locator(f"#fichier-{nature.value}").set_input_files(
            {"name": f"{nature.value}.pdf", "mimeType": "application/pdf", "buffer": outils.PDF}
        )
        page.locator(f"#fichier-{nature.value}").locator("xpath=..").get_by_role("button", name="Joindre").click()
    page.get_by_role("button", name="Envoyer au secrétariat du GTP").click()
    expect(page.locator(".surtitre")).to_contain_text("Envoyée au secrétariat du GTP")
    page.context.clear_cookies()

    anne = verifie_par_otp(UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP))
    se_connecter(page, "anne", suite="/attributions/")
    page.get_by_label("Code à usage unique").fill(code_du_moment(TOTPDevice.objects.get(user=anne)))
    page.get_by_role("button", name="Valider le code").click()
    page.get_by_role("link", name=re.compile("Jury du")).first.click()
    page.get_by_label("Séance", exact=True).select_option(str(seance.pk))
    page.get_by_role("button", name="Inscrire à la séance").click()
    verifier_accessibilite(page)
    page.get_by_role("link", name=str(seance)).click()
    expect(page.get_by_text("0 sur 1 attribution décidée")).to_be_visible()
    verifier_accessibilite(page)
    page.go_back()
    page.get_by_role("button", name="Valider", exact=True).click()
    certificat = Certificat.objects.get()
    expect(page.get_by_role("table", name="Certificats attribués")).to_contain_text(certificat.numero)
    verifier_accessibilite(page)
    page.get_by_role("link", name=f"Fiche du certificat {certificat.numero}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Certificat {certificat.numero}")
    expect(page.locator("dl")).to_contain_text(certificat.code_verification)
    verifier_accessibilite(page)

    candidat = nouvelle_page()
    se_connecter(candidat, titulaire.utilisateur.username, suite="/espace/")
    lien = candidat.get_by_role("link", name=f"Télécharger (PDF) le certificat {certificat.numero}")
    expect(lien).to_be_visible()
    verifier_accessibilite(candidat)
    pdf = candidat.context.request.get(lien.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")

    public = nouvelle_page()
    public.goto("/verification/")
    public.get_by_label("Code de vérification").fill(certificat.code_verification.lower().replace("-", " "))
    public.get_by_role("button", name="Vérifier").click()
    expect(public.get_by_role("status")).to_contain_text("Certificat valide")
    expect(public.locator("dl")).to_contain_text(certificat.numero)
    verifier_accessibilite(public)

    page.get_by_role("link", name=re.compile("Jury du")).last.click()
    page.get_by_label(f"Motif de la révocation de {certificat.numero}").fill("Fraude constatée après le jury.")
    page.get_by_role("button", name="Révoquer le certificat").click()
    public.reload()
    expect(public.get_by_role("status")).to_contain_text("Certificat révoqué")
    expect(public.get_by_role("status")).to_contain_text("Fraude constatée après le jury.")
    candidat.reload()
    expect(candidat.get_by_text("Fraude constatée après le jury.")).to_be_visible()
