"""« À traiter »: where every role lands after login, listing what waits for it in its perimeter, each item a link
to the page where it acts, overdue items first."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cqpm.comptes.enums import Role
from cqpm.core.navigation import a_traiter
from cqpm.cycle_de_vie import services as demandes
from cqpm.cycle_de_vie.enums import TypeDemande
from tests.api.conftest import connecter
from tests.cycle_de_vie.outils import (
    DOSSIER_CREATION,
    Reseau,
    a_la_date,
    creation_complete,
    en_seance,
    personnel,
    reseau,
    secretariat,
)
from tests.factories import CompteCandidatFactory, InscriptionFactory, UtilisateurFactory
from tests.vae.outils import EN_2021, Cadre, vae

__all__ = ["reseau", "secretariat", "vae"]

pytestmark = pytest.mark.django_db


def rubriques(utilisateur: Any) -> dict[str, list[tuple[str, str, bool]]]:
    return {r.titre: [(e.libelle, e.url, e.en_retard) for e in r.elements] for r in a_traiter(utilisateur)}


def test_the_secretariat_puts_complete_requests_on_an_agenda_then_holds_the_seance(
    reseau: Reseau, secretariat: Any
) -> None:
    demande = creation_complete(reseau, secretariat)
    attente = rubriques(secretariat)
    assert attente["Dossiers complets à inscrire à l'ordre du jour"] == [
        (str(demande), reverse("cycle_de_vie:detail", args=[demande.pk]), False)
    ]
    seance = en_seance(demande, secretariat)
    attente = rubriques(secretariat)
    assert "Dossiers complets à inscrire à l'ordre du jour" not in attente
    [(libelle, url, _)] = attente["Séances du GTP à tenir"]
    assert url == reverse("seances:detail", args=[seance.pk]) and seance.lieu in libelle
    assert [e.detail for r in a_traiter(secretariat) for e in r.elements] == ["1 point à examiner"]


def test_a_territoriale_finishes_its_own_drafts_not_another_ones(reseau: Reseau) -> None:
    agent, autre = personnel(reseau["69"]), personnel(reseau["13"])
    brouillon = demandes.creer_demande(
        TypeDemande.CREATION, acteur=agent, demandeurs=[reseau["69"]], intitule="Soudeur laser", **DOSSIER_CREATION
    )
    assert rubriques(agent)["Demandes en brouillon à compléter et soumettre"][0][1] == reverse(
        "cycle_de_vie:detail", args=[brouillon.pk]
    )
    assert rubriques(autre) == {}


def test_a_vae_admissibility_is_overdue_the_day_after_its_three_months_R_VAE_02(vae: Cadre) -> None:
    with a_la_date(EN_2021):
        dossier = vae.deposer()
    titre = "Recevabilité des demandes de VAE à décider (3 mois, R-VAE-02)"
    with a_la_date(dossier.avis_du_le - datetime.timedelta(days=1)):
        assert rubriques(vae.agent)[titre][0][2] is False
    with a_la_date(dossier.avis_du_le):
        assert rubriques(vae.agent)[titre][0][2] is False
    with a_la_date(dossier.avis_du_le + datetime.timedelta(days=1)):
        assert rubriques(vae.agent)[titre] == [
            (f"{dossier.candidat} — {dossier.qualification}", reverse("vae:dossier", args=[dossier.pk]), True)
        ]
        assert titre not in rubriques(vae.agent_autre)


def test_the_exam_centre_opens_evaluation_files_of_its_own_registrations() -> None:
    inscription = InscriptionFactory()
    agent = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=inscription.centre_examen)
    assert rubriques(agent)["Dossiers d'évaluation à ouvrir"] == [
        (
            f"{inscription.candidat} — {inscription.qualification}",
            reverse("evaluations:dossier", args=[inscription.pk]),
            False,
        )
    ]
    ailleurs = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=InscriptionFactory().centre_examen)
    assert [e for e, _, _ in rubriques(ailleurs)["Dossiers d'évaluation à ouvrir"]] != [
        f"{inscription.candidat} — {inscription.qualification}"
    ]


def test_a_candidate_follows_his_paths_in_his_space() -> None:
    inscription = InscriptionFactory()
    compte = CompteCandidatFactory(candidat=inscription.candidat)
    assert rubriques(compte.utilisateur) == {
        "Vos parcours en cours": [(str(inscription.qualification), reverse("portail:espace"), False)]
    }


def test_the_page_lists_each_item_as_a_link_and_asks_to_log_in_first(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    reponse = client.get(reverse("core:a_traiter"))
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("comptes:connexion"))
    demande = creation_complete(reseau, secretariat)
    connecter(client, secretariat, verifie=True)
    page = client.get(reverse("core:a_traiter")).content.decode()
    assert f'<a href="{reverse("cycle_de_vie:detail", args=[demande.pk])}">' in page
    assert 'aria-current="page">À traiter</a>' in page


def test_a_role_with_nothing_waiting_is_told_so_once(client: Client) -> None:
    connecter(client, UtilisateurFactory(role=Role.MEMBRE_JURY))
    page = client.get(reverse("core:a_traiter")).content.decode()
    assert page.count("Rien ne vous attend pour l'instant.") == 1


def test_the_page_query_count_does_not_grow_with_the_items(client: Client, reseau: Reseau, secretariat: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connecter(client, secretariat, verifie=True)
    comptes = []
    for intitule in ("Soudeur", "Chaudronnier", "Usineur"):
        creation_complete(reseau, secretariat, intitule=intitule)
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(reverse("core:a_traiter")).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[-1] <= 16, comptes  # one query per provider at most
