"""Evaluation pages: the dossier of an inscription for its exam centre, forms that call the services and show their
refusal, the état récapitulatif downloaded as a PDF (R-EVAL-04), and the cost of the page."""

from __future__ import annotations

import html
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from cqpm.comptes.enums import Role
from cqpm.evaluations import services
from cqpm.evaluations.models import CommissionEvaluation, DossierEvaluation, ModaliteChoisie, ResultatCapacite
from tests.evaluations.outils import (
    aujourdhui,
    autoriser,
    capacites,
    commission,
    dossier_choisi,
    inscription,
    territoriale,
    tout_evaluer,
)
from tests.factories import TerritorialeFactory, UtilisateurFactory, referentiel_complet

pytestmark = pytest.mark.django_db


def url(i, nom="dossier"):
    return reverse(f"evaluations:{nom}", args=[i.pk])


def test_exam_centre_opens_the_dossier_and_chooses_modalities_R_EVAL_01(client):
    i = inscription()
    client.force_login(territoriale(i))
    page = client.get(url(i))
    assert page.status_code == 200 and "Ouvrir le dossier d'évaluation" in html.unescape(page.text)
    client.post(url(i, "ouvrir"))
    c1, c2 = capacites(i)[:2]
    reponse = client.post(
        url(i, "modalites"), {f"c{c1.pk}_modalites": ["a_reelle"], f"c{c2.pk}_modalites": ["a_reelle"]}
    )
    assert reponse.status_code == 302
    assert ModaliteChoisie.objects.filter(dossier__inscription=i).count() == 2
    autoriser(c1, "d_avis_entreprise")
    refus = client.post(url(i, "modalites"), {f"c{c1.pk}_modalites": ["d_avis_entreprise"]})
    assert refus.status_code == 422
    assert "l'avis de l'entreprise ne fait que compléter" in html.unescape(refus.text)


def test_commission_page_and_results_R_EVAL_04(client):
    i = inscription()
    u = territoriale(i)
    client.force_login(u)
    dossier_choisi(i, u)
    donnees = {
        "centre_examen": i.centre_examen.pk,
        "date": aujourdhui().isoformat(),
        "lieu": "Lyon",
        "membre_1_nom": "Paul",
        "membre_1_qualite": "Tuteur",
    }
    refus = client.post(reverse("evaluations:nouvelle_commission") + f"?inscription={i.pk}", donnees)
    assert refus.status_code == 422 and "plusieurs membres qualifiés" in html.unescape(refus.text)
    donnees |= {"membre_2_nom": "Léa", "membre_2_qualite": "Formatrice"}
    reponse = client.post(reverse("evaluations:nouvelle_commission") + f"?inscription={i.pk}", donnees)
    assert reponse.status_code == 302 and reponse.url.startswith(url(i))
    c = CommissionEvaluation.objects.get()
    c1, c2 = capacites(i)[:2]
    reponse = client.post(
        url(i, "resultats"),
        {
            "commission": c.pk,
            f"c{c1.pk}_resultat": "acquise",
            f"c{c2.pk}_resultat": "non_acquise",
            f"c{c2.pk}_observations": "Audit incomplet.",
        },
    )
    assert reponse.status_code == 302
    assert dict(ResultatCapacite.objects.values_list("capacite__numero", "acquise")) == {1: True, 2: False}


def test_state_is_downloaded_as_a_pdf_with_the_results_R_EVAL_04(client):
    i = inscription()
    u = territoriale(i)
    tout_evaluer(i, u)
    client.force_login(u)
    page = client.get(url(i))
    assert "Télécharger l'état récapitulatif (PDF)" in html.unescape(page.text)
    reponse = client.get(url(i, "etat_pdf"))
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    texte = "".join(p.extract_text() for p in PdfReader(io.BytesIO(reponse.content)).pages)
    assert i.candidat.nom.upper() in texte
    assert "Acquise" in texte and "Paul Martin" in texte


def test_state_is_refused_while_a_result_is_missing_R_EVAL_04(client):
    i = inscription()
    u = territoriale(i)
    dossier_choisi(i, u)
    client.force_login(u)
    reponse = client.get(url(i, "etat_pdf"))
    assert reponse.status_code == 422
    assert "n'a pas encore enregistré le résultat de : C1, C2" in html.unescape(reponse.text)


def test_state_needs_the_company_opinion_R_EVAL_03():
    i = inscription()
    u = territoriale(i)
    d = dossier_choisi(i, u)
    c = commission(i, u)
    services.enregistrer_resultats(
        d, commission=c, resultats=[services.ResultatSaisi(cap, True) for cap in capacites(i)], acteur=u
    )
    from cqpm.core.errors import RegleViolee
    from cqpm.evaluations.etat import pdf_etat_recapitulatif

    with pytest.raises(RegleViolee, match="avis de l'entreprise") as exc:
        pdf_etat_recapitulatif(i, acteur=u)
    assert exc.value.rule == "R-EVAL-03"


def test_company_enters_its_opinion_on_the_page_R_EVAL_03(client):
    i = inscription()
    services.ouvrir_dossier(i, acteur=territoriale(i))
    client.force_login(UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=i.entreprise))
    assert client.get(url(i)).status_code == 200
    reponse = client.post(
        url(i, "avis"), {"avis-avis": "Autonome.", "avis-auteur": "Mme Tutrice", "avis-le": aujourdhui().isoformat()}
    )
    assert reponse.status_code == 302
    assert DossierEvaluation.objects.get().avis_auteur == "Mme Tutrice"
    assert client.post(url(i, "modalites"), {}).status_code == 403


def test_another_exam_centre_does_not_see_the_dossier(client):
    i = inscription()
    autre = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=TerritorialeFactory(departement="13"))
    client.force_login(autre)
    assert client.get(url(i)).status_code == 404
    assert client.get(url(i, "etat_pdf")).status_code == 404


def _requetes(client, i):
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url(i)).status_code == 200
    return len(requetes)


def test_dossier_page_queries_do_not_grow_with_the_capacities(client):
    petite = inscription(version=referentiel_complet(blocs=1, capacites_par_bloc=2))
    grande = inscription(version=referentiel_complet(blocs=3, capacites_par_bloc=5))
    u = territoriale(petite)
    client.force_login(u)
    for i in (petite, grande):
        tout_evaluer(i, u)
    assert _requetes(client, petite) == _requetes(client, grande) <= 30
