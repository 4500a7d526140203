"""The whole life of a creation request in a real browser, each actor in their own browser session:

a UIMM territoriale files a creation request with its dossier (rapport d'opportunité, projet de référentiel, an
attachment) and submits it; the secretariat is told the dossier is incomplete, the territoriale completes it, the
secretariat declares it complete and records the CNCP's opinion; a GTP séance decides it favourably in category B;
the new CQPM is then in the public catalogue under its MQ number, and every active UIMM territoriale received the
decision over SMTP (R-LC-CRE-01..05, R-LC-DEC-01, R-ID-01). axe-core checks every page on the way.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from cqpm.cycle_de_vie.models import SECTIONS_RAPPORT, Demande
from cqpm.cycle_de_vie.rules import SECTIONS_CREATION
from cqpm.referentiels.models import Qualification
from tests.conftest import verifier_accessibilite
from tests.cycle_de_vie.outils import ADRESSES_ACTIVES, PDF, reseau
from tests.factories import UtilisateurFactory, verifie_par_otp
from tests.navigateur.test_demandes import se_connecter
from tests.navigateur.test_projet import remplir_capacite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

__all__ = ["reseau"]

TITRE = "Opérateur(trice) de découpe laser"
OUBLIEE = SECTIONS_CREATION[-1]


def deposer_la_demande(page: Page) -> None:
    """The territoriale's request with every part of the rapport but one, and its projet de référentiel."""
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Demandes").click()
    page.get_by_role("link", name="Déposer une demande de création").click()
    page.get_by_label("Titre du CQPM").fill(TITRE)
    for section in SECTIONS_CREATION:
        if section != OUBLIEE:
            page.get_by_label(SECTIONS_RAPPORT[section]).fill(f"Partie « {SECTIONS_RAPPORT[section]} » du rapport.")
    page.get_by_role("button", name="Enregistrer la demande").click()
    expect(page.get_by_role("status")).to_contain_text("enregistrée en brouillon")

    page.get_by_role("link", name="Modifier le projet de référentiel").click()
    page.get_by_label("Mission(s) et activités visées").fill("Le titulaire réalise des pièces par découpe laser.")
    page.get_by_label("Conditions d'admissibilité").fill("Toutes les capacités sont acquises.")
    activite = page.get_by_role("group", name="Activité 1", exact=True)
    activite.get_by_label("Code").fill("A1")
    activite.get_by_label("Libellé de l'activité").fill("Découper les pièces")
    bloc = page.get_by_role("group", name="Bloc 1", exact=True)
    bloc.get_by_label("Numéro du bloc").fill("1")
    bloc.get_by_label("Intitulé du bloc").fill("Réaliser une découpe laser")
    remplir_capacite(page, 1, 1, "Régler la machine", ["Situation professionnelle réelle"])
    page.get_by_role("button", name="Ajouter une ligne de capacité").click()
    remplir_capacite(page, 2, 2, "Contrôler les pièces", ["Situation professionnelle réelle", "Avis de l'entreprise"])
    page.get_by_role("button", name="Enregistrer le projet").last.click()
    expect(page.get_by_role("status")).to_contain_text("Le projet de référentiel est enregistré.")
    page.get_by_role("link", name="Retour à la demande").first.click()

    page.get_by_label("Fichier à joindre").set_input_files(
        files=[{"name": "etude-besoins.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Joindre la pièce").click()
    expect(page.locator("#pieces")).to_contain_text("etude-besoins.pdf")
    verifier_accessibilite(page)
    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_role("status")).to_contain_text("La demande est soumise au secrétariat du GTP.")


def connecter_le_secretariat(page: Page, chemin: str) -> None:
    anne = verifie_par_otp(UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP))
    se_connecter(page, "anne", suite=chemin)
    page.get_by_label("Code à usage unique").fill(code_du_moment(TOTPDevice.objects.get(user=anne)))
    page.get_by_role("button", name="Valider le code").click()


def test_creation_from_filing_to_catalogue_and_every_territoriale_mailbox_R_LC_CRE_01_R_LC_CRE_05_R_LC_DEC_01(  # type: ignore[no-untyped-def]
    page, nouvelle_page, reseau, serveur_smtp, taches_immediates, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    UtilisateurFactory(username="terr", role=Role.TERRITORIALE, role__organisation=reseau["69"])
    se_connecter(page, "terr")
    deposer_la_demande(page)
    chemin_demande = page.url.removeprefix(page.url.split("/demandes/")[0])

    secretariat = nouvelle_page()
    connecter_le_secretariat(secretariat, chemin_demande)
    expect(secretariat.get_by_role("heading", level=1)).to_have_text(TITRE)
    secretariat.get_by_role("button", name="Déclarer complète").click()
    refus = secretariat.get_by_role("alert")
    expect(refus).to_contain_text("est incomplet")
    expect(refus).to_contain_text(SECTIONS_RAPPORT[OUBLIEE])
    verifier_accessibilite(secretariat)

    page.reload()
    page.get_by_role("link", name="Modifier le dossier").click()
    page.get_by_label(SECTIONS_RAPPORT[OUBLIEE]).fill("Partie complétée à la demande du secrétariat.")
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    expect(page.get_by_role("status")).to_contain_text("Le dossier est enregistré.")

    secretariat.goto(chemin_demande)
    secretariat.get_by_role("button", name="Déclarer complète").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Le dossier est déclaré complet")
    aujourdhui = timezone.localdate().isoformat()
    secretariat.get_by_label("Date de l'avis").fill(aujourdhui)
    secretariat.get_by_label("Sens de l'avis").select_option(label="Avis favorable")
    secretariat.get_by_role("button", name="Enregistrer l'avis de la CNCP").click()
    expect(secretariat.get_by_role("status")).to_contain_text("L'avis de la CNCP est enregistré.")
    verifier_accessibilite(secretariat)

    menu = secretariat.get_by_role("navigation", name="Navigation principale")
    menu.get_by_role("link", name="Séances du GTP").click()
    secretariat.get_by_role("link", name="Nouvelle séance").click()
    secretariat.get_by_label("Date de la séance").fill(aujourdhui)
    secretariat.get_by_label("Lieu").fill("56 avenue de Wagram, Paris")
    secretariat.get_by_role("button", name="Planifier la séance").click()
    secretariat.get_by_label("Demande à inscrire").select_option(
        str(Demande.objects.get(qualification__intitule=TITRE).pk)
    )
    secretariat.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    expect(secretariat.get_by_role("status")).to_contain_text("inscrite au point 1")
    secretariat.get_by_label("Favorable", exact=True).check()
    secretariat.get_by_label("Catégorie").select_option("B")
    secretariat.get_by_role("button", name="Enregistrer la décision sur le point 1").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Décision favorable enregistrée")
    verifier_accessibilite(secretariat)
    numero = Qualification.objects.get(intitule=TITRE).numero
    assert numero and numero.startswith("MQ ")
    expect(secretariat.get_by_role("status")).to_contain_text(f"en catégorie B, sous le numéro {numero}")

    public = nouvelle_page()
    public.goto("/catalogue/")
    public.wait_for_load_state()
    public.get_by_label("Rechercher une qualification").fill("découpe laser")
    resultats = public.locator("#resultats")
    expect(resultats).to_contain_text(numero)
    resultats.get_by_role("link", name=re.compile(re.escape(TITRE))).click()
    expect(public.get_by_role("heading", level=1)).to_contain_text(TITRE)
    expect(public.get_by_role("main")).to_contain_text(numero)
    expect(public.get_by_role("main")).to_contain_text("Catégorie B")
    verifier_accessibilite(public)

    decisions = [m for m in serveur_smtp.messages if m.sujet.startswith("Décision favorable") and TITRE in m.sujet]
    assert {d for m in decisions for d in m.destinataires} == ADRESSES_ACTIVES
    assert all(numero in m.corps for m in decisions)
    notices_cncp = [m for m in serveur_smtp.messages if settings.CNCP_EMAIL in m.destinataires]
    assert notices_cncp and all(numero in m.corps for m in notices_cncp)
