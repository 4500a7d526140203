"""Issue 6 end to end, each actor in their own browser session: a candidate with no account signs up on the real
request page and opens his space from the link the SMTP server received; he files a recevabilité request with its
documents for one bloc of fiche 28245 (clock in 2021, inside its RNCP registration); the exam centre declares it
receivable, receives the dossier de preuves, sets up the commission de validation and records a partial
validation; the candidate then reads his phase and the conclusions per capacity in « Mon espace »
(R-VAE-01, R-VAE-02, R-VAE-03, R-ACC-02). axe-core checks every page on the way."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from cqpm.candidats.enums import Parcours
from cqpm.comptes.enums import Role
from cqpm.demo.fiche_28245 import assurer_territoriale, charger_fiche_28245
from cqpm.vae.enums import Phase, Validation
from cqpm.vae.models import DossierVAE
from tests.conftest import verifier_accessibilite
from tests.factories import UtilisateurFactory
from tests.navigateur.test_demandes import se_connecter
from tests.navigateur.test_portail import choisir_identifiants
from tests.navigateur.test_portail import se_connecter as entrer
from tests.navigateur.test_vae import _pdf, remplir_demande_vae
from tests.portail.outils import MOT_DE_PASSE, liens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COURRIEL = "lea.martin@exemple.fr"


def demander_son_espace(page: Page, serveur_smtp) -> None:  # type: ignore[no-untyped-def]
    """The spontaneous sign-up: the request page, the link received by e-mail, the account, the login."""
    page.goto("/comptes/connexion/")
    page.get_by_role("link", name="Demandez votre espace candidat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demander mon espace candidat")
    verifier_accessibilite(page)
    page.get_by_label("Adresse électronique").fill(COURRIEL)
    page.get_by_label("Nom de naissance").fill("Martin")
    page.get_by_label("Prénoms").fill("Léa")
    page.get_by_label("Date de naissance").fill("1994-03-08")
    page.get_by_label("Commune de naissance").fill("Villeurbanne")
    page.get_by_label("Département de naissance").fill("69")
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("status")).to_contain_text("Demande enregistrée")
    verifier_accessibilite(page)

    (lien,) = liens(serveur_smtp, COURRIEL)
    page.goto(lien)
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer mon espace candidat")
    verifier_accessibilite(page)
    choisir_identifiants(page, "lea.martin")
    expect(page.get_by_role("status")).to_contain_text("Votre espace candidat est créé")
    verifier_accessibilite(page)
    entrer(page, "lea.martin", MOT_DE_PASSE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_text("Vous n'avez encore aucune inscription.")).to_be_visible()
    verifier_accessibilite(page)


def deposer_sa_demande(page: Page, fiche, centre, bloc) -> None:  # type: ignore[no-untyped-def]
    """The recevabilité file for bloc 1: the four documents, one experience, the sworn statement (R-VAE-01)."""
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="VAE").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes demandes de VAE")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Déposer une demande de VAE").click()
    verifier_accessibilite(page)
    remplir_demande_vae(page, fiche, centre, bloc)
    page.get_by_label("Je déclare sur l'honneur", exact=False).check()
    page.get_by_role("button", name="Déposer la demande").click()
    expect(page.get_by_role("status")).to_contain_text("Votre demande de VAE est déposée")
    expect(page.locator("#phase")).to_have_text("Demande reçue (accueil, information-orientation)")
    verifier_accessibilite(page)


def instruire_et_conclure(page: Page, dossier: DossierVAE) -> None:
    """The exam centre: recevabilité, dossier de preuves, commission, partial validation (R-VAE-02, R-VAE-03)."""
    se_connecter(page, "centre", "/vae/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers de VAE : échéances")
    expect(page.get_by_role("table")).to_contain_text("15/06/2021")  # opinion due 3 months after reception
    verifier_accessibilite(page)
    page.get_by_role("link", name=f"n° {dossier.pk}").click()
    page.get_by_role("button", name="Ouvrir l'instruction").click()
    expect(page.locator("#phase")).to_have_text("Recevabilité en instruction")
    verifier_accessibilite(page)
    page.get_by_role("button", name="Déclarer recevable").click()
    expect(page.locator("#phase")).to_have_text("Recevable : rédaction du dossier de preuves")
    verifier_accessibilite(page)
    page.get_by_label("Dossier de preuves", exact=False).set_input_files(_pdf("preuves.pdf"))
    page.get_by_role("button", name="Recevoir le dossier de preuves").click()
    expect(page.locator("#phase")).to_have_text("Dossier de preuves reçu")
    page.get_by_label("Président (représentant du centre d'examen)").fill("M. Roux")
    page.get_by_label("Membres").fill("Mme Lin — Tutrice")
    page.get_by_label("Date de la commission de validation").fill("2021-03-15")
    verifier_accessibilite(page)
    page.get_by_role("button", name="Constituer la commission de validation").click()
    expect(page.locator("#phase")).to_have_text("Commission de validation constituée")
    groupes = page.locator("#actions fieldset")
    assert groupes.count() >= 2  # bloc 1 has several capacities: one acquired, the others not
    for i in range(groupes.count()):
        groupes.nth(i).get_by_label("Acquise" if i == 0 else "Non acquise", exact=True).check()
    verifier_accessibilite(page)
    page.get_by_role("button", name="Enregistrer les conclusions").click()
    expect(page.locator("#validation")).to_contain_text("Validation partielle")
    verifier_accessibilite(page)


def test_candidate_signs_up_files_for_a_bloc_centre_validates_partially_R_VAE_01_R_VAE_02_R_VAE_03_R_ACC_02(  # type: ignore[no-untyped-def]
    page, nouvelle_page, serveur_smtp, taches_immediates
):
    with time_machine.travel(datetime.datetime(2021, 3, 15, 10, tzinfo=ZoneInfo("Europe/Paris")), tick=True):
        fiche = charger_fiche_28245()
        centre = assurer_territoriale("69")
        UtilisateurFactory(username="centre", role=Role.TERRITORIALE, role__organisation=centre)
        bloc = fiche.version_courante.blocs.get(numero=1)

        demander_son_espace(page, serveur_smtp)
        deposer_sa_demande(page, fiche, centre, bloc)
        dossier = DossierVAE.objects.get()
        assert dossier.candidat.courriel == COURRIEL and dossier.pieces.count() == 4
        assert dossier.inscription.parcours == Parcours.VAE and list(dossier.inscription.blocs.all()) == [bloc]

        page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mon espace").click()
        section = page.get_by_role("region", name=f"Dossier de VAE n° {dossier.pk}")
        expect(section).to_contain_text("Demande reçue (accueil, information-orientation)")
        expect(section).to_contain_text("Avis sur la recevabilité dû au plus tard le 15 juin 2021")
        expect(section).to_contain_text("Lettre de motivation : motivation.pdf")
        verifier_accessibilite(page)

        centre_examen = nouvelle_page()
        instruire_et_conclure(centre_examen, dossier)

        page.reload()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
        parcours = page.get_by_role("region", name=re.compile(re.escape(fiche.intitule)))
        expect(parcours).to_contain_text(f"Bloc 1 : {bloc.intitule}")
        expect(section.locator(f"#phase-vae-{dossier.pk}")).to_have_text("Conclusions transmises au jury")
        expect(section).to_contain_text("Fin du parcours de 12 mois (conclusions au jury) au plus tard le 15 mars 2022")
        expect(section).to_contain_text("Dossier de preuves : preuves.pdf")
        expect(section).to_contain_text("Validation partielle, transmise au jury le 15 mars 2021")
        conclusions = section.get_by_role("table", name="Conclusions par capacité")
        expect(conclusions.get_by_role("row")).to_have_count(dossier.conclusions.count() + 1)
        expect(conclusions.get_by_role("row").nth(1)).to_contain_text("Acquise")
        expect(conclusions.get_by_role("row").nth(2)).to_contain_text("Non acquise")
        verifier_accessibilite(page)
        section.get_by_role("link", name=f"Suivre le dossier de VAE n° {dossier.pk}").click()
        expect(page.locator("#validation")).to_contain_text("Validation partielle")
        verifier_accessibilite(page)

    dossier.refresh_from_db()
    assert dossier.phase == Phase.CONCLUSIONS and dossier.validation == Validation.PARTIELLE
    recus = [m.sujet for m in serveur_smtp.messages if COURRIEL in m.destinataires]
    assert "Votre demande de VAE est recevable" in recus
