"""VAE in a real browser: a candidate with his own account files a recevabilité request with its documents for one
bloc of fiche 28245 (clock in 2021, inside its RNCP registration); the exam centre finds it first on its dashboard,
declares it receivable, receives the dossier de preuves, sets up the commission de validation and records a partial
validation. Every page is checked with axe-core."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from cqpm.comptes.enums import Role
from cqpm.demo.fiche_28245 import assurer_territoriale, charger_fiche_28245
from cqpm.portail.models import CompteCandidat
from cqpm.vae.enums import Phase, Validation
from cqpm.vae.models import DossierVAE
from tests.conftest import verifier_accessibilite
from tests.cycle_de_vie.outils import PDF
from tests.factories import CandidatFactory, UtilisateurFactory
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(nom: str) -> dict[str, object]:
    return {"name": nom, "mimeType": "application/pdf", "buffer": PDF}


def remplir_demande_vae(page, fiche, centre, bloc) -> None:  # type: ignore[no-untyped-def]
    """The recevabilité form for bloc 1 of `fiche`: the four documents and one experience (R-VAE-01, R-VAE-03)."""
    page.get_by_label("CQPM visé").select_option(str(fiche.pk))
    page.get_by_label(f"bloc 1 : {bloc.intitule}").check()
    page.get_by_label("UIMM territoriale centre d'examen").select_option(str(centre.pk))
    page.get_by_label("Vous êtes").select_option("demandeur_emploi")
    page.get_by_label("Origine").select_option("DE")
    page.get_by_label("CV synthétique").set_input_files(_pdf("cv.pdf"))
    page.get_by_label("Copie d'une pièce d'identité").set_input_files(_pdf("identite.pdf"))
    page.get_by_label("Lettre de motivation").set_input_files(_pdf("motivation.pdf"))
    page.get_by_label("Justificatif d'activité").set_input_files(_pdf("contrat.pdf"))
    experience = page.get_by_role("group", name="Expérience 1")
    experience.get_by_label("Poste occupé").fill("Opératrice de production")
    experience.get_by_label("Entreprise ou structure").fill("Forges de Vénissieux")
    experience.get_by_label("Activité principale de l'entreprise").fill("Forge")
    experience.get_by_label("Type de contrat").select_option("cdi")
    experience.get_by_label("Début").fill("2012-09-01")
    experience.get_by_label("Fin (vide : en cours)").fill("2020-06-30")
    experience.get_by_label("Activités en rapport avec le CQPM ou les blocs visés").fill("Conduite de ligne.")


def test_candidate_files_and_centre_records_a_partial_validation_R_VAE_01_R_VAE_02_R_VAE_03(page):  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2021, 3, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=True):
        fiche = charger_fiche_28245()
        centre = assurer_territoriale("69")
        UtilisateurFactory(username="centre", role=Role.TERRITORIALE, role__organisation=centre)
        candidat = CandidatFactory(nom="Martin", prenoms="Léa")
        compte = UtilisateurFactory(username="lea", role=Role.CANDIDAT)
        CompteCandidat.objects.create(utilisateur=compte, candidat=candidat)
        bloc = fiche.version_courante.blocs.get(numero=1)

        se_connecter(page, "lea", "/vae/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Mes demandes de VAE")
        verifier_accessibilite(page)
        page.get_by_role("link", name="Déposer une demande de VAE").click()
        verifier_accessibilite(page)
        remplir_demande_vae(page, fiche, centre, bloc)
        page.get_by_role("button", name="Déposer la demande").click()
        declaration = page.get_by_label("Je déclare sur l'honneur", exact=False)
        expect(declaration).to_have_attribute("aria-invalid", "true")  # R-VAE-01
        expect(declaration).to_have_accessible_description(re.compile(r"déclaration sur l'honneur"))
        verifier_accessibilite(page)
        for nom, libelle in (("cv", "CV synthétique"), ("identite", "Copie d'une pièce d'identité")):
            page.get_by_label(libelle).set_input_files(_pdf(f"{nom}.pdf"))
        page.get_by_label("Lettre de motivation").set_input_files(_pdf("motivation.pdf"))
        page.get_by_label("Justificatif d'activité").set_input_files(_pdf("contrat.pdf"))
        declaration.check()
        page.get_by_role("button", name="Déposer la demande").click()
        expect(page.get_by_role("status")).to_contain_text("Votre demande de VAE est déposée")
        expect(page.locator("#phase")).to_have_text("Demande reçue (accueil, information-orientation)")
        verifier_accessibilite(page)
        dossier = DossierVAE.objects.get()
        assert list(dossier.inscription.blocs.all()) == [bloc] and dossier.pieces.count() == 4

        page.context.clear_cookies()
        se_connecter(page, "centre", "/vae/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers de VAE : échéances")
        expect(page.get_by_role("table")).to_contain_text("15/06/2021")
        verifier_accessibilite(page)
        page.get_by_role("link", name=f"n° {dossier.pk}").click()
        page.get_by_role("button", name="Ouvrir l'instruction").click()
        verifier_accessibilite(page)
        page.get_by_role("button", name="Déclarer recevable").click()
        expect(page.locator("#phase")).to_have_text("Recevable : rédaction du dossier de preuves")
        verifier_accessibilite(page)
        page.get_by_label("Dossier de preuves", exact=False).set_input_files(_pdf("preuves.pdf"))
        page.get_by_role("button", name="Recevoir le dossier de preuves").click()
        page.get_by_label("Président (représentant du centre d'examen)").fill("M. Roux")
        page.get_by_label("Membres").fill("Mme Lin — Tutrice")
        page.get_by_label("Date de la commission de validation").fill("2021-03-15")
        verifier_accessibilite(page)
        page.get_by_role("button", name="Constituer la commission de validation").click()
        groupes = page.locator("#actions fieldset")
        for i in range(groupes.count()):
            groupes.nth(i).get_by_label("Acquise" if i == 0 else "Non acquise", exact=True).check()
        verifier_accessibilite(page)
        page.get_by_role("button", name="Enregistrer les conclusions").click()
        expect(page.locator("#validation")).to_contain_text("Validation partielle")
        verifier_accessibilite(page)
    dossier.refresh_from_db()
    assert dossier.phase == Phase.CONCLUSIONS and dossier.validation == Validation.PARTIELLE
