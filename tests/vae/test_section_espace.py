"""The VAE file in « Mon espace » (cqpm.vae.apps.section_espace): under his VAE inscription the candidate reads the
phase, the limits of R-VAE-02 (dated at a frozen clock, across month ends), the documents he filed and, once
given, the commission's conclusions per capacity; never another candidate's file."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cqpm.portail.sections import fournisseurs
from cqpm.vae import services
from tests.factories import CandidatFactory, InscriptionFactory
from tests.portail.outils import texte
from tests.vae.outils import a_la_date, compte_candidat, pdf

pytestmark = pytest.mark.django_db


def espace(client, compte, le: datetime.date) -> str:  # type: ignore[no-untyped-def]
    client.force_login(compte)
    with a_la_date(le):
        reponse = client.get(reverse("portail:espace"))
    assert reponse.status_code == 200
    return " ".join(texte(reponse).split())


def test_the_vae_app_registers_its_section():
    assert "vae.dossier" in fournisseurs()


def test_the_candidate_reads_his_file_and_never_another_candidates_R_VAE_01_R_VAE_02(vae, client):
    autre = CandidatFactory(nom="Bernard", prenoms="Paul", cree_par=vae.agent)
    with a_la_date(datetime.date(2021, 3, 1)):
        dossier = vae.deposer()
        sien = vae.deposer(acteur=vae.agent, candidat=autre)
    InscriptionFactory(candidat=vae.candidat)  # a training inscription: no VAE section under it
    html = espace(client, vae.compte, datetime.date(2021, 3, 10))
    assert f"Dossier de VAE n° {dossier.pk}" in html and html.count("Dossier de VAE n°") == 1
    assert "Demande reçue (accueil, information-orientation)" in html
    assert "Avis sur la recevabilité dû au plus tard le 1 juin 2021 : dans 83 jours" in html
    assert "Fin du parcours de 12 mois" not in html  # not receivable yet
    for piece in ("CV synthétique : cv.pdf", "Copie d'une pièce d'identité : identite.pdf"):
        assert piece in html
    assert f'href="{reverse("vae:dossier", args=[dossier.pk])}"' in html
    assert f"n° {sien.pk}" not in html and "Bernard" not in html
    assert f'href="{reverse("vae:dossier", args=[sien.pk])}"' not in html
    html_autre = espace(client, compte_candidat(autre), datetime.date(2021, 3, 10))
    assert f"Dossier de VAE n° {sien.pk}" in html_autre and f"Dossier de VAE n° {dossier.pk}" not in html_autre


def test_an_overdue_opinion_across_a_month_end_is_signalled_R_VAE_02(vae, client):
    with a_la_date(datetime.date(2020, 11, 30)):
        vae.deposer()  # opinion due 28/02/2021 (3 months, end of February)
    html = espace(client, vae.compte, datetime.date(2021, 2, 28))
    assert "dû au plus tard le 28 février 2021 : c'est aujourd'hui" in html and "en retard" not in html
    html = espace(client, vae.compte, datetime.date(2021, 3, 1))
    assert "dû au plus tard le 28 février 2021" in html and "en retard</strong>, l'échéance est dépassée" in html


def test_the_twelve_month_limit_and_the_conclusions_per_capacity_R_VAE_02_R_VAE_03(vae, client):
    bloc = vae.fiche.version_courante.blocs.get(numero=1)
    with a_la_date(datetime.date(2021, 1, 4)):
        dossier = services.ouvrir_instruction(vae.deposer(blocs=[bloc]), acteur=vae.agent)
    with a_la_date(datetime.date(2021, 1, 31)):
        dossier = services.declarer_recevable(dossier, acteur=vae.agent)
    html = espace(client, vae.compte, datetime.date(2022, 1, 31))
    assert "Recevable : rédaction du dossier de preuves" in html
    assert "Avis sur la recevabilité dû au plus tard le 4 avril 2021 : tenue le 31 janvier 2021" in html
    assert (
        "Fin du parcours de 12 mois (conclusions au jury) au plus tard le 31 janvier 2022 : c'est aujourd'hui" in html
    )
    assert "en retard" not in html
    assert "en retard</strong>, l'échéance est dépassée" in espace(client, vae.compte, datetime.date(2022, 2, 1))
    assert "Conclusions par capacité" not in html

    with a_la_date(datetime.date(2021, 5, 3)):
        dossier = services.recevoir_preuves(dossier, acteur=vae.agent, fichier=pdf("preuves.pdf"))
        dossier = services.constituer_commission(
            dossier, acteur=vae.agent, president="M. Roux", membres=[("Mme Lin", "")], date=datetime.date(2021, 5, 3)
        )
        capacites = list(services.capacites_visees(dossier))
        acquises = {c.pk: i == 0 for i, c in enumerate(capacites)}
        services.enregistrer_conclusions(dossier, acteur=vae.agent, acquises=acquises)
    html = espace(client, vae.compte, datetime.date(2021, 5, 4))
    assert "Conclusions transmises au jury" in html and "Dossier de preuves : preuves.pdf" in html
    assert "Validation partielle</strong>, transmise au jury le 3 mai 2021" in html
    assert "Conclusions par capacité" in html
    premiere, *autres = capacites
    assert f"C{premiere.numero} {premiere.intitule}</th><td>{bloc.numero}</td><td>Acquise" in html
    for c in autres:
        assert f"C{c.numero} {c.intitule}</th><td>{bloc.numero}</td><td>Non acquise" in html
