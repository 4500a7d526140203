"""The GTP séance pages: the list, planning a séance, its agenda, putting a request on it and postponing it. Every
refusal shown is the service's, unchanged."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cqpm.comptes.enums import Role
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import IssuePoint, StatutSeance
from cqpm.gtp import services as gtp
from cqpm.gtp.models import PointOrdreDuJour, Seance
from tests.cycle_de_vie.outils import Reseau, creation_complete, en_seance, personnel
from tests.cycle_de_vie.test_pages import brouillon, connecter, texte
from tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

LIEU = "56 avenue de Wagram, Paris"


def seance(secretariat: Any, *, dans: int = 0, **options: Any) -> Seance:
    return gtp.creer_seance(
        date=timezone.localdate() + datetime.timedelta(days=dans), lieu=LIEU, acteur=secretariat, **options
    )


def test_list_shows_each_seance_with_its_number_of_points(client: Client, reseau: Reseau, secretariat: Any) -> None:
    tenue = en_seance(creation_complete(reseau, secretariat), secretariat)
    seance(secretariat, dans=30, intitule="Séance extraordinaire")
    contenu = texte(connecter(client, secretariat).get("/seances/"))
    assert "Séance extraordinaire" in contenu and LIEU in contenu and "Planifiée" in contenu
    assert f'href="/seances/{tenue.pk}/"' in contenu
    assert "<td>1</td>" in contenu and "<td>0</td>" in contenu
    assert 'href="/seances/nouvelle/"' in contenu


def test_gtp_member_reads_the_seances_but_does_not_manage_them(client: Client, secretariat: Any) -> None:
    une = seance(secretariat)
    client = connecter(client, UtilisateurFactory(role=Role.MEMBRE_GTP))
    assert "Nouvelle séance" not in texte(client.get("/seances/"))
    assert client.get(f"/seances/{une.pk}/").status_code == 200
    assert client.get("/seances/nouvelle/").status_code == 403
    assert client.post("/seances/nouvelle/", {"date": "2026-01-15", "lieu": LIEU}).status_code == 403
    assert not Seance.objects.exclude(pk=une.pk).exists()


def test_anonymous_is_sent_to_login_and_roles_without_the_right_refused(client: Client, reseau: Reseau) -> None:
    reponse = client.get("/seances/")
    assert reponse.status_code == 302 and "/comptes/connexion/" in reponse["Location"]
    entreprise = UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=reseau.entreprise)
    assert connecter(client, entreprise).get("/seances/").status_code == 403


def test_menu_shows_seances_only_to_those_who_may_see_them(client: Client, reseau: Reseau, secretariat: Any) -> None:
    entreprise = UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=reseau.entreprise)
    assert 'href="/seances/"' not in connecter(client, entreprise).get("/").content.decode()
    accueil = connecter(client, secretariat).get("/").content.decode()
    assert '<a href="/seances/">Séances du GTP</a>' in accueil
    assert 'href="/seances/" aria-current="page"' in client.get("/seances/").content.decode()


def test_secretariat_plans_a_seance(client: Client, secretariat: Any) -> None:
    reponse = connecter(client, secretariat).post(
        "/seances/nouvelle/", {"date": "2026-03-12", "lieu": LIEU, "intitule": ""}
    )
    cree = Seance.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == f"/seances/{cree.pk}/"
    assert (cree.date, cree.lieu, cree.statut) == (datetime.date(2026, 3, 12), LIEU, StatutSeance.PLANIFIEE)
    assert cree.intitule == "Séance du GTP « Qualifications »"
    assert "La séance du 12 mars 2026 est planifiée." in texte(client.get(reponse["Location"]))


def test_a_seance_without_a_place_is_refused_next_to_the_field(client: Client, secretariat: Any) -> None:
    reponse = connecter(client, secretariat).post("/seances/nouvelle/", {"date": "2026-03-12", "lieu": "  "})
    assert reponse.status_code == 422
    assert "Indiquez le lieu de la séance." in texte(reponse)
    assert 'aria-invalid="true"' in reponse.content.decode()
    assert not Seance.objects.exists()


def test_agenda_offers_only_complete_requests_not_yet_on_an_agenda_R_LC_CRE_02(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    inscrite = creation_complete(reseau, secretariat, departements=("13",), intitule="Chaudronnier naval")
    en_seance(inscrite, secretariat)
    libre = creation_complete(reseau, secretariat, intitule="Soudeur laser")
    brouillon(reseau, "75", "Tuyauteur industriel")
    a_venir = seance(secretariat, dans=14)
    contenu = texte(connecter(client, secretariat).get(f"/seances/{a_venir.pk}/"))
    assert f'<option value="{libre.pk}">{libre}</option>' in contenu
    assert "Chaudronnier naval" not in contenu and "Tuyauteur industriel" not in contenu

    reponse = client.post(f"/seances/{a_venir.pk}/ordre-du-jour/", {"demande": libre.pk})
    assert reponse.status_code == 302
    point = PointOrdreDuJour.objects.get(seance=a_venir)
    assert (point.ordre, point.sujet, point.issue) == (1, libre, IssuePoint.A_EXAMINER)
    contenu = texte(client.get(f"/seances/{a_venir.pk}/"))
    assert "inscrite au point 1" in contenu
    assert f'href="/demandes/{libre.pk}/"' in contenu and "Soudeur laser" in contenu and "À examiner" in contenu
    assert "Aucune demande au dossier complet n'attend" in contenu


def test_a_request_already_on_an_agenda_is_refused_with_the_service_message(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande = creation_complete(reseau, secretariat)
    premiere = en_seance(demande, secretariat)
    seconde = seance(secretariat, dans=14)
    reponse = connecter(client, secretariat).post(f"/seances/{seconde.pk}/ordre-du-jour/", {"demande": demande.pk})
    assert reponse.status_code == 422
    assert f"est déjà inscrite à l'ordre du jour de la {str(premiere)[0].lower()}" in texte(reponse)
    assert "reportez-la d'abord" in texte(reponse)
    assert not seconde.points.exists()


def test_postponing_an_item_frees_the_request_for_a_later_seance(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande = creation_complete(reseau, secretariat)
    une = en_seance(demande, secretariat)
    point = une.points.get()
    client = connecter(client, secretariat)
    assert "Reporter" in texte(client.get(f"/seances/{une.pk}/"))
    reponse = client.post(f"/seances/{une.pk}/points/{point.pk}/reporter/")
    assert reponse.status_code == 302
    point.refresh_from_db()
    assert point.issue == IssuePoint.REPORTE
    contenu = texte(client.get(f"/seances/{une.pk}/"))
    assert "Le point 1 est reporté" in contenu and "Reporté" in contenu
    assert f'<option value="{demande.pk}">' in contenu

    refus = client.post(f"/seances/{une.pk}/points/{point.pk}/reporter/")
    assert refus.status_code == 422
    assert "est déjà reporté." in texte(refus)


def test_gtp_member_may_neither_put_on_the_agenda_nor_postpone(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande = creation_complete(reseau, secretariat)
    une = en_seance(demande, secretariat)
    point = une.points.get()
    client = connecter(client, UtilisateurFactory(role=Role.MEMBRE_GTP))
    contenu = texte(client.get(f"/seances/{une.pk}/"))
    assert "Reporter" not in contenu and "Inscrire à l'ordre du jour" not in contenu
    assert "Enregistrer la décision" not in contenu
    assert client.post(f"/seances/{une.pk}/points/{point.pk}/reporter/").status_code == 403
    assert client.post(f"/seances/{une.pk}/ordre-du-jour/", {"demande": demande.pk}).status_code == 403
    point.refresh_from_db()
    assert point.issue == IssuePoint.A_EXAMINER


def test_territoriale_sees_only_the_items_on_its_own_requests(client: Client, reseau: Reseau, secretariat: Any) -> None:
    a_elle = creation_complete(reseau, secretariat, intitule="Soudeur laser")
    autre = creation_complete(reseau, secretariat, departements=("13",), intitule="Chaudronnier naval")
    une = en_seance(a_elle, secretariat)
    services.inscrire_a_l_ordre_du_jour(une, autre, acteur=secretariat)
    contenu = texte(connecter(client, personnel(reseau["69"])).get(f"/seances/{une.pk}/"))
    assert "Soudeur laser" in contenu and "Chaudronnier naval" not in contenu
    point_autre = une.points.get(demande=autre)
    assert client.post(f"/seances/{une.pk}/points/{point_autre.pk}/decision/").status_code == 403


def test_list_and_agenda_query_counts_do_not_grow(
    client: Client, reseau: Reseau, secretariat: Any, django_assert_max_num_queries: Any
) -> None:
    une = en_seance(creation_complete(reseau, secretariat, intitule="Soudeur laser"), secretariat)
    for i, departement in enumerate(("13", "75", "59")):
        demande = creation_complete(reseau, secretariat, departements=(departement,), intitule=f"Qualification {i}")
        services.inscrire_a_l_ordre_du_jour(une, demande, acteur=secretariat)
        seance(secretariat, dans=i + 1)
    creation_complete(reseau, secretariat, departements=("33",), intitule="À inscrire")
    client = connecter(client, secretariat)
    with django_assert_max_num_queries(5):
        assert texte(client.get("/seances/")).count('href="/seances/') >= 5
    with django_assert_max_num_queries(7):
        reponse = client.get(f"/seances/{une.pk}/")
    assert texte(reponse).count("Enregistrer la décision") == 4
