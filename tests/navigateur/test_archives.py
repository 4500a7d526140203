"""The archive in a real browser: the GTP secretariat opens the purge report (a dry run), sees an expired document
with its rule, runs the purge and sees it gone (R-ARCH-01); the exam centre downloads a candidate's personal data
export. Every page is checked with axe-core."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from cqpm.candidats.models import Inscription
from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from cqpm.evaluations import services as evaluations
from cqpm.evaluations.models import ModaliteChoisie
from tests.conftest import verifier_accessibilite
from tests.evaluations import outils as ev
from tests.factories import UtilisateurFactory, verifie_par_otp
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _abandonnee_il_y_a_4_ans() -> Inscription:
    i = ev.inscription()
    agent = UtilisateurFactory(username="agent", role=Role.TERRITORIALE, role__organisation=i.centre_examen)
    d = ev.dossier_choisi(i, agent)
    evaluations.saisir_avis_entreprise(d, avis="Assidu.", auteur="M. Tuteur", le=ev.aujourdhui(), acteur=agent)
    Inscription.objects.filter(pk=i.pk).update(
        statut="annulee", annulee_le=timezone.now() - datetime.timedelta(days=4 * 366)
    )
    return i


def test_the_secretariat_runs_the_purge_from_its_report_R_ARCH_01(page):  # type: ignore[no-untyped-def]
    _abandonnee_il_y_a_4_ans()
    anne = verifie_par_otp(UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP))
    se_connecter(page, "anne", suite="/archives/")
    page.get_by_label("Code à usage unique").fill(code_du_moment(TOTPDevice.objects.get(user=anne)))
    page.get_by_role("button", name="Valider le code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Purge des archives")
    rapport = page.get_by_role("table", name=re.compile("Documents dont la conservation a expiré"))
    ligne = rapport.get_by_role("row", name=re.compile("modalité"))
    expect(ligne).to_contain_text("Modalités d'évaluation choisies")
    expect(ligne).to_contain_text("R-ARCH-01")
    expect(ligne).to_contain_text("Inscription annulée")
    verifier_accessibilite(page)
    assert ModaliteChoisie.objects.exists()  # the report deleted nothing
    page.get_by_role("button", name="Lancer la purge").click()
    expect(page.get_by_text(re.compile("Purge effectuée : 2 document"))).to_be_visible()
    expect(page.get_by_text("Aucun document dont la conservation a expiré.")).to_be_visible()
    verifier_accessibilite(page)
    assert not ModaliteChoisie.objects.exists()


def test_the_exam_centre_downloads_a_candidate_export(page, tmp_path: Path):  # type: ignore[no-untyped-def]
    i = ev.inscription()
    UtilisateurFactory(username="centre", role=Role.TERRITORIALE, role__organisation=i.centre_examen)
    se_connecter(page, "centre", suite=f"/inscriptions/{i.pk}/")
    page.get_by_role("link", name="Données personnelles (export, rectification)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(i.candidat.nom.upper())
    verifier_accessibilite(page)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger les données du candidat (JSON)").click()
    chemin = tmp_path / "export.json"
    telechargement.value.save_as(chemin)
    donnees = json.loads(chemin.read_text(encoding="utf-8"))
    assert donnees["candidat"]["nom"] == i.candidat.nom and donnees["inscriptions"][0]["id"] == i.pk
