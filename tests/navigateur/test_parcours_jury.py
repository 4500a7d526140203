"""A jury paritaire de délibération from planning to the signed PV, each actor in their own browser session.

Two employees of fiche 28245 have finished their evaluations (built by the services, as in tests/jurys). Three
weeks before the jury the exam centre plans it, presents both candidates (under their code, R-JURY-06), asks every
union's territorial branch for designees (R-JURY-01); each branch contact designates one voting member (R-JURY-03);
the centre names two employer members and the president (R-JURY-02, R-JURY-05), informs the CPREFP (R-JURY-07)
and convenes the members (R-JURY-08). On the jury's day the centre records presence and votes, one A and one NA
(R-JURY-09); the president logs in with his TOTP code and signs (R-JURY-10). The PV and attendance sheet show
codes before the signature and names after. axe-core checks every jury page on the way.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from cqpm.comptes.enums import Role
from cqpm.comptes.management.commands.code_totp import code_du_moment
from cqpm.demo.fiche_28245 import charger_fiche_28245
from cqpm.evaluations.models import AcquisAnterieur
from cqpm.jurys.enums import EtatJury
from cqpm.jurys.models import CandidatJury, InformationCprefp, Jury
from tests.conftest import verifier_accessibilite
from tests.evaluations import outils as ev
from tests.factories import CandidatFactory, TerritorialeFactory, UtilisateurFactory
from tests.jurys.outils import unions
from tests.navigateur.test_demandes import se_connecter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARIS = ZoneInfo("Europe/Paris")
T = datetime.datetime(2026, 6, 1, 9, 30, tzinfo=PARIS)
JOUR_DU_JURY = datetime.datetime(2026, 6, 22, 14, 0, tzinfo=PARIS)
LIEU = "Vénissieux, UIMM Lyon-Rhône"
CANDIDATS = [("ROUSSEL", "Inès", True), ("PERRIN", "Yanis", False)]
MOT_DE_PASSE = "motdepasse-de-test-1"


def texte(chemin: Any) -> str:
    """The PDF's text, whitespace collapsed (as tests/documents read it)."""
    lecteur = PdfReader(io.BytesIO(chemin.read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in lecteur.pages).split())


def telecharger(page: Page, lien: str, chemin: Any) -> str:
    with page.expect_download() as telechargement:
        page.get_by_role("link", name=lien).click()
    telechargement.value.save_as(chemin)
    return texte(chemin)


def preparer() -> dict[str, Any]:
    """Fiche 28245, the exam centre 69 with two unions and its CPREFP, two employees evaluated, the accounts."""
    centre = TerritorialeFactory(departement="69", nom="UIMM Lyon-Rhône")
    fiche = charger_fiche_28245()
    branches = unions(2)
    centre_u = UtilisateurFactory(username="centre", role=Role.TERRITORIALE, role__organisation=centre)
    for nom, prenoms, acquise in CANDIDATS:
        i = ev.inscription(
            candidat=CandidatFactory(nom=nom, prenoms=prenoms),
            version=fiche.version_courante,
            qualification=fiche,
            centre_examen=centre,
        )
        ev.tout_evaluer(i, centre_u, acquise=acquise)
    for n, branche in enumerate(branches):
        UtilisateurFactory(username=f"branche{n}", role=Role.BRANCHE_SYNDICALE, role__organisation=branche)
    president = UtilisateurFactory(username="president", email="claire.fontaine@exemple.fr", role=Role.MEMBRE_JURY)
    TOTPDevice.objects.create(user=president, name="Téléphone", confirmed=True)
    return {"fiche": fiche, "branches": branches, "president": president}


def designer(page: Page, prefixe: str, nom: str, organisme: str, fonction: str, compte: str = "") -> None:
    page.locator(f"#{prefixe}-nom").fill(nom)
    page.locator(f"#{prefixe}-organisme").fill(organisme)
    page.locator(f"#{prefixe}-fonction").fill(fonction)
    page.locator(f"#{prefixe}-courriel").fill(f"{nom.split()[0].lower()}@exemple.fr")
    if compte:
        page.get_by_label("Adresse du compte du membre (pour la signature du président)").fill(compte)


def planifier(centre: Page, fiche: Any) -> None:
    """The exam centre plans the jury, presents both candidates and asks the unions for designees."""
    se_connecter(centre, "centre")
    centre.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Jurys").click()
    expect(centre.get_by_role("heading", level=1)).to_have_text("Jurys paritaires de délibération")
    verifier_accessibilite(centre)
    centre.get_by_label("Qualification", exact=True).select_option(label=f"{fiche.intitule} ({fiche.numero})")
    centre.get_by_label("Date du jury").fill(JOUR_DU_JURY.date().isoformat())
    centre.get_by_label("Lieu", exact=True).fill(LIEU)
    centre.get_by_label("Calendrier", exact=True).select_option(label="Trimestrielle")
    centre.get_by_role("button", name="Planifier le jury").click()
    expect(centre.get_by_role("heading", level=1)).to_have_text(f"Jury du 22 juin 2026 — {LIEU}")
    verifier_accessibilite(centre)
    for nom, prenoms, _ in CANDIDATS:
        choix = centre.get_by_label("Présenter un candidat aux évaluations terminées")
        choix.select_option(choix.locator("option", has_text=f"{nom} {prenoms} ").get_attribute("value"))
        centre.get_by_role("button", name="Présenter").click()
        expect(centre.get_by_role("status")).to_contain_text("Enregistré.")
    candidats = centre.get_by_role("table", name="Candidats présentés au jury")
    for nom, _, _ in CANDIDATS:
        expect(candidats).not_to_contain_text(nom)
    expect(candidats).to_contain_text(re.compile(r"J\d+-01.*J\d+-02", re.S))
    centre.get_by_role("button", name="Demander les désignations à chaque organisation").click()
    expect(centre.locator("#composition")).to_contain_text("envoyée le 1 juin 2026")
    verifier_accessibilite(centre)


def designer_syndical(page: Page, n: int) -> None:
    """A union branch contact answers its request with one voting member (R-JURY-03)."""
    se_connecter(page, f"branche{n}")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Désignations aux jurys"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Désignations aux jurys paritaires de délibération")
    verifier_accessibilite(page)
    demande = page.get_by_role("region", name=re.compile("Jury du 22 juin 2026"))
    demande.get_by_label("Nom et prénom").fill(f"Délégué {n}")
    demande.get_by_label("Entreprise, UIMM ou organisation syndicale").fill(f"Fonderies du Rhône {n}")
    demande.get_by_label("Fonction").fill("Technicien de maintenance")
    demande.get_by_label("Adresse électronique (convocation)").fill(f"delegue{n}@exemple.fr")
    demande.get_by_label("Siège avec voix délibérative").check()
    page.get_by_role("button", name="Désigner ce membre").click()
    expect(page.get_by_role("status")).to_contain_text("Membre désigné.")
    verifier_accessibilite(page)


def composer_et_convoquer(centre: Page, dossier: Any) -> None:
    """Employer members and president, CPREFP informed (its dated notice in the extract for the GTP), members
    convened (R-JURY-02, 05, 07, 08)."""
    centre.reload()
    for nom, compte in (("Claire Fontaine", "claire.fontaine@exemple.fr"), ("Marc Lefort", "")):
        centre.get_by_text("Désigner un membre patronal (R-JURY-02)").click()
        designer(centre, "patronal", nom, "Mécanique de précision du Rhône", "Directrice industrielle", compte)
        centre.get_by_role("button", name="Désigner", exact=True).click()
        expect(centre.get_by_role("status")).to_contain_text("Enregistré.")
    centre.get_by_label("Président (délégation patronale, R-JURY-05)").select_option(label="Claire Fontaine")
    centre.get_by_role("button", name="Désigner le président").click()
    membres = centre.get_by_role("table", name=re.compile("Membres du jury"))
    expect(membres).to_contain_text("Claire Fontaine (président)")
    for n in range(2):
        expect(membres).to_contain_text(f"Délégué {n}")
    verifier_accessibilite(centre)

    centre.get_by_role("button", name="Informer la CPREFP").click()
    expect(centre.locator("#cprefp")).to_contain_text("1 juin 2026")
    expect(centre.locator("#cprefp")).to_contain_text("Composition et calendrier prévisionnel")
    verifier_accessibilite(centre)
    extrait = telecharger(centre, "Extrait des informations de la CPREFP (PDF, pour le GTP)", dossier / "cprefp.pdf")
    assert re.search(r"Information n° 1 du 1er juin 2026 à 09:\d\d — Composition et calendrier prévisionnel", extrait)
    assert "Claire Fontaine (président)" in extrait and "Délégué 1" in extrait and "22 juin 2026" in extrait
    centre.get_by_role("button", name="Convoquer les membres").click()
    expect(centre.locator(".entete-fiche")).to_contain_text("Membres convoqués")
    verifier_accessibilite(centre)


def deliberer(centre: Page) -> None:
    """Both candidates present; the four voting members vote A for the first, NA for the second (R-JURY-09)."""
    for rang, decision in ((0, "A (Admis)"), (1, "NA (Non admis)")):
        ligne = centre.get_by_role("table", name="Candidats présentés au jury").get_by_role("row").nth(rang + 1)
        ligne.get_by_role("combobox", name=re.compile("Présence de")).select_option(label="Présent")
        ligne.get_by_role("button", name="Enregistrer").click()
        expect(centre.get_by_role("status")).to_contain_text("Enregistré.")
        ligne = centre.get_by_role("table", name="Candidats présentés au jury").get_by_role("row").nth(rang + 1)
        votants = ligne.get_by_label("Membre votant").locator("option").all_text_contents()
        assert len(votants) == 4 and "Théo" not in " ".join(votants)
        for votant in votants:
            ligne = centre.get_by_role("table", name="Candidats présentés au jury").get_by_role("row").nth(rang + 1)
            ligne.get_by_label("Membre votant").select_option(label=votant)
            ligne.get_by_label("Vote").select_option(label=decision)
            ligne.get_by_role("button", name="Voter").click()
            expect(centre.get_by_role("status")).to_contain_text("Enregistré.")
    verifier_accessibilite(centre)
    centre.get_by_role("button", name="Arrêter les décisions du jury").click()
    expect(centre.locator(".entete-fiche")).to_contain_text("Délibéré")
    verifier_accessibilite(centre)
    # R-GTP-02: the A or NA per certification (here the whole CQPM), adjustable until the signature.
    par_cible = re.compile("Décision du jury par certification")
    for decision in ("NA", "A"):
        premiere = centre.get_by_role("table", name=par_cible).get_by_role("row").nth(1)
        premiere.get_by_role("combobox").select_option(decision)
        premiere.get_by_role("button", name=re.compile("Enregistrer")).click()
        expect(centre.get_by_role("status")).to_contain_text("Enregistré.")
        expect(centre.get_by_role("table", name=par_cible).get_by_role("row").nth(1)).to_contain_text(decision)


def test_centre_unions_cprefp_jury_and_president_from_plan_to_signed_pv_R_JURY_01_to_R_JURY_10(  # type: ignore[no-untyped-def]
    page, nouvelle_page, tmp_path
):
    with time_machine.travel(T, tick=True):
        donnees = preparer()
        planifier(page, donnees["fiche"])
        jury = Jury.objects.get()
        for n in range(2):
            designer_syndical(nouvelle_page(), n)
        composer_et_convoquer(page, tmp_path)
        assert InformationCprefp.objects.filter(jury=jury).count() == 1
        codes = list(CandidatJury.objects.filter(jury=jury).order_by("code").values_list("code", flat=True))

    with time_machine.travel(JOUR_DU_JURY, tick=True):
        centre = nouvelle_page()
        se_connecter(centre, "centre", f"/jurys/{jury.pk}/")
        expect(centre.get_by_role("heading", level=1)).to_have_text(f"Jury du 22 juin 2026 — {LIEU}")
        deliberer(centre)
        avant = telecharger(centre, "Procès-verbal (PDF)", tmp_path / "pv-avant.pdf")
        assert all(code in avant for code in codes)
        assert not any(nom in avant for nom, _, _ in CANDIDATS)
        assert f"{codes[0]} " in avant and " A " in avant and " NA " in avant
        emargement = telecharger(centre, "Feuille d'émargement (PDF)", tmp_path / "emargement-avant.pdf")
        assert "Claire Fontaine" in emargement and "Délégué 0" in emargement and "Délégué 1" in emargement
        assert not any(nom in emargement for nom, _, _ in CANDIDATS)

        president = nouvelle_page()
        se_connecter(president, "president", f"/jurys/{jury.pk}/")
        president.get_by_label("Code à usage unique").fill(
            code_du_moment(TOTPDevice.objects.get(user__username="president"))
        )
        president.get_by_role("button", name="Valider le code").click()
        expect(president.get_by_role("heading", level=1)).to_have_text(f"Jury du 22 juin 2026 — {LIEU}")
        verifier_accessibilite(president)
        president.get_by_role("button", name="Signer le procès-verbal (définitif)").click()
        expect(president.locator(".entete-fiche")).to_contain_text("Procès-verbal signé")
        candidats = president.get_by_role("table", name="Candidats présentés au jury")
        expect(candidats).to_contain_text("ROUSSEL Inès")
        expect(candidats).to_contain_text("PERRIN Yanis")
        verifier_accessibilite(president)
        apres = telecharger(president, "Procès-verbal (PDF)", tmp_path / "pv-apres.pdf")
        assert f"ROUSSEL Inès ({codes[0]})" in apres and f"PERRIN Yanis ({codes[1]})" in apres
        assert "22 juin 2026" in apres
        emargement = telecharger(president, "Feuille d'émargement (PDF)", tmp_path / "emargement-apres.pdf")
        assert "Président Claire Fontaine" in emargement

    jury.refresh_from_db()
    assert jury.etat == EtatJury.SIGNE and jury.signe_par.username == "president"
    decisions = dict(CandidatJury.objects.filter(jury=jury).values_list("code", "decision"))
    assert decisions == {codes[0]: "A", codes[1]: "NA"}
    assert AcquisAnterieur.objects.filter(candidat__nom="ROUSSEL").exists()
