"""A candidate's timeline (issue 15): read from the audit log, every path's events, within the caller's perimeter."""

from __future__ import annotations

import pytest
from django.test import Client

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.candidats.chronologie import chronologie
from cqpm.candidats.services import annuler_inscription
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import Introuvable
from cqpm.evaluations import services as evaluations
from cqpm.jurys import services as jurys
from cqpm.referentiels.models import Capacite
from tests.api.conftest import connecter, jeton_de
from tests.evaluations import outils as ev
from tests.factories import CandidatFactory, TerritorialeFactory
from tests.jurys.outils import convoque, deliberer, evaluee, jours, president_verifie, territoriale, unions

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcours():
    """A candidate evaluated, presented to a jury that deliberated (A) and signed its PV."""
    unions(1)
    i, acteur = evaluee()
    j, m = convoque(acteur, i)
    c = j.candidats.get()
    deliberer(j, m, acteur, {c.code: "A"})
    jurys.signer(j, acteur=president_verifie(m))
    return i, acteur


def evenements(candidat_id, acteur):
    return chronologie(candidat_id, acteur=acteur)[1]


def test_every_path_event_is_listed_oldest_first_from_the_audit_log(parcours):
    i, acteur = parcours
    lus = evenements(i.candidat_id, acteur)
    codes = [e.evenement for e in lus]
    for attendu in (
        EvenementAudit.EVALUATION_OUVERTURE,
        EvenementAudit.EVALUATION_RESULTATS,
        EvenementAudit.JURY_CANDIDAT,
        EvenementAudit.JURY_PRESENCE,
        EvenementAudit.JURY_SIGNATURE,
    ):
        assert attendu in codes, attendu
    assert [e.horodatage for e in lus] == sorted(e.horodatage for e in lus)
    assert all(e.acteur for e in lus)


def test_jury_wide_events_show_no_values_his_own_show_them(parcours):
    i, acteur = parcours
    (signature,) = [e for e in evenements(i.candidat_id, acteur) if e.evenement == EvenementAudit.JURY_SIGNATURE]
    assert signature.regle == "R-JURY-10" and signature.changements == ()
    presence = next(e for e in evenements(i.candidat_id, acteur) if e.evenement == EvenementAudit.JURY_PRESENCE)
    assert presence.changements  # his own passage: old → new shown


def test_another_centre_sees_only_its_own_path_of_the_candidate(parcours):
    i, acteur = parcours
    autre_centre = TerritorialeFactory(departement="13")
    autre = ev.inscription(candidat=i.candidat, centre_examen=autre_centre)
    agent13 = territoriale(autre_centre)
    annuler_inscription(autre, acteur=agent13, motif="Déménagement")
    vus_13 = {e.evenement for e in evenements(i.candidat_id, agent13)}
    assert EvenementAudit.INSCRIPTION_ANNULATION in vus_13
    assert not vus_13 & {EvenementAudit.EVALUATION_OUVERTURE, EvenementAudit.JURY_SIGNATURE}
    assert EvenementAudit.INSCRIPTION_ANNULATION not in {e.evenement for e in evenements(i.candidat_id, acteur)}


def test_a_centre_without_any_path_of_the_candidate_learns_nothing(parcours, client: Client):
    i, _ = parcours
    etranger = territoriale(TerritorialeFactory(departement="33"))
    with pytest.raises(Introuvable):
        chronologie(i.candidat_id, acteur=etranger)
    assert connecter(client, etranger).get(f"/inscriptions/candidats/{i.candidat_id}/chronologie/").status_code == 404
    api = Client().get(f"/api/v1/candidats/{i.candidat_id}/chronologie", headers=jeton_de(etranger))
    assert api.status_code == 404 and i.candidat.nom not in api.content.decode()


def test_a_merged_duplicate_brings_his_events(parcours):
    i, acteur = parcours
    doublon = CandidatFactory()
    capacite = Capacite.objects.filter(version=i.version).first()
    evaluations.saisir_acquis_anterieur(doublon, capacite, date_jury=jours(-400), acteur=SYSTEME)

    def acquis():
        return [
            e for e in evenements(i.candidat_id, acteur) if e.evenement == EvenementAudit.EVALUATION_ACQUIS_ANTERIEUR
        ]

    avant = len(acquis())
    doublon.fusionne_dans = i.candidat
    doublon.save()
    assert len(acquis()) == avant + 1


def test_page_and_api_list_the_events_with_a_constant_number_of_queries(
    parcours, client: Client, django_assert_max_num_queries
):
    i, acteur = parcours
    connecter(client, acteur)
    with django_assert_max_num_queries(25):
        page = client.get(f"/inscriptions/candidats/{i.candidat_id}/chronologie/")
    contenu = page.content.decode()
    assert page.status_code == 200 and "Procès-verbal du jury signé" in contenu
    assert (
        f"/inscriptions/candidats/{i.candidat_id}/chronologie/" in client.get(f"/inscriptions/{i.pk}/").content.decode()
    )
    api = client.get(f"/api/v1/candidats/{i.candidat_id}/chronologie").json()
    assert {"evenement", "libelle", "objet", "acteur", "regle", "changements", "horodatage"} <= set(api[0])
    assert len(api) == len(evenements(i.candidat_id, acteur))


def test_another_candidates_event_on_the_same_jury_is_not_shown(parcours):
    i, acteur = parcours
    jury = i.passages_jury.get().jury
    avant = len(evenements(i.candidat_id, acteur))
    journaliser(
        acteur=SYSTEME,
        action=EvenementAudit.JURY_PRESENCE,
        objet=jury,
        apres={"candidat": f"J{jury.pk}-02", "presence": "absent"},
        regle="R-JURY-09",
    )
    assert len(evenements(i.candidat_id, acteur)) == avant
