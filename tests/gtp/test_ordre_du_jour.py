"""The agenda of a séance, whatever its subject: one agenda at a time, held by the database (R-GTP-02 will put
award validations on the same séances); the kinds of subject are declared by the apps above."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie.models import Demande
from cqpm.gtp import services as gtp
from cqpm.gtp import sujets
from cqpm.gtp.enums import IssuePoint, NatureSujet, StatutSeance
from cqpm.gtp.models import PointOrdreDuJour, Seance
from cqpm.gtp.sujets import GenreDeSujet, genre_de, type_de
from cqpm.referentiels.models import Qualification
from tests.cycle_de_vie.outils import Reseau, creation_complete, en_seance

pytestmark = pytest.mark.django_db


def seance(secretariat: Any, *, dans: int = 0) -> Seance:
    return gtp.creer_seance(date=timezone.localdate() + datetime.timedelta(days=dans), lieu="Paris", acteur=secretariat)


@pytest.fixture
def validation(monkeypatch: pytest.MonkeyPatch) -> GenreDeSujet:
    """A second kind of subject, as `cqpm.attributions` will declare one (a qualification stands for it here)."""
    genre = GenreDeSujet(
        nature=NatureSujet.ATTRIBUTIONS,
        modele=Qualification,
        cle="validation",
        visibles=lambda utilisateur: Qualification.objects.all(),
        preparer=lambda q: Qualification.objects.select_for_update().get(pk=q.pk),
        intitule=lambda q: f"Validation des attributions — {q.intitule}",
    )
    monkeypatch.setitem(sujets._GENRES, genre.nature, genre)
    return genre


def test_requests_are_the_declared_kind_of_subject() -> None:
    genre = genre_de(Demande)
    assert (genre.nature, genre.cle, genre.modele) == (NatureSujet.DEMANDE, "demande", Demande)
    with pytest.raises(LookupError):
        genre_de(Seance)


def test_an_item_names_its_subject_generically(reseau: Reseau, secretariat: Any) -> None:
    demande = creation_complete(reseau, secretariat)
    une = en_seance(demande, secretariat)
    point = une.points.get()
    assert (point.nature, point.sujet_type, point.sujet_id) == (NatureSujet.DEMANDE, type_de(Demande), demande.pk)
    assert point.sujet == demande and list(demande.points_ordre_du_jour.all()) == [point]
    assert gtp.point_a_examiner(demande) == point == gtp.point_a_examiner(demande, une)
    entree = EntreeAudit.objects.get(action=EvenementAudit.SEANCE_INSCRIPTION)
    assert entree.apres == {"point": 1, "demande": demande.pk}


def test_the_database_keeps_a_subject_on_one_agenda_at_a_time(reseau: Reseau, secretariat: Any) -> None:
    demande = creation_complete(reseau, secretariat)
    point = en_seance(demande, secretariat).points.get()
    autre = seance(secretariat, dans=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        PointOrdreDuJour.objects.create(
            seance=autre,
            ordre=1,
            intitule="x",
            nature=NatureSujet.DEMANDE,
            sujet_type=point.sujet_type,
            sujet_id=demande.pk,
        )
    gtp.reporter(point, acteur=secretariat)
    repris = gtp.inscrire_a_l_ordre_du_jour(autre, demande, acteur=secretariat)
    assert repris.issue == IssuePoint.A_EXAMINER and point.seance != repris.seance


def test_an_item_carries_a_whole_subject_or_none(reseau: Reseau, secretariat: Any) -> None:
    une = seance(secretariat)
    PointOrdreDuJour.objects.create(seance=une, ordre=1, intitule="Questions diverses")
    with pytest.raises(IntegrityError), transaction.atomic():
        PointOrdreDuJour.objects.create(seance=une, ordre=2, intitule="x", nature=NatureSujet.DEMANDE)


def test_another_kind_of_subject_shares_the_seance_R_GTP_02(
    reseau: Reseau, secretariat: Any, validation: GenreDeSujet
) -> None:
    demande = creation_complete(reseau, secretariat)
    une = en_seance(demande, secretariat)
    qualification = Qualification.objects.create(intitule="Soudeur laser")
    point = gtp.inscrire_a_l_ordre_du_jour(une, qualification, acteur=secretariat)
    assert (point.ordre, point.nature, point.intitule) == (
        2,
        NatureSujet.ATTRIBUTIONS,
        "Validation des attributions — Soudeur laser",
    )
    assert [p.sujet for p in gtp.points_visibles(une, secretariat)] == [demande, qualification]
    with pytest.raises(RegleViolee) as refus:
        gtp.inscrire_a_l_ordre_du_jour(seance(secretariat, dans=7), qualification, acteur=secretariat)
    assert refus.value.code == "deja_inscrite"
    gtp.marquer_decide(point)
    une.refresh_from_db()
    assert une.statut == StatutSeance.TENUE
    with pytest.raises(RegleViolee) as refus:
        gtp.inscrire_a_l_ordre_du_jour(une, Qualification.objects.create(intitule="Tuyauteur"), acteur=secretariat)
    assert refus.value.code == "seance_tenue"


def test_an_item_of_an_undeclared_kind_is_not_shown(reseau: Reseau, secretariat: Any) -> None:
    une = seance(secretariat)
    q = Qualification.objects.create(intitule="Soudeur laser")
    PointOrdreDuJour.objects.create(
        seance=une,
        ordre=1,
        intitule="x",
        nature=NatureSujet.ATTRIBUTIONS,
        sujet_type=type_de(Qualification),
        sujet_id=q.pk,
    )
    PointOrdreDuJour.objects.create(seance=une, ordre=2, intitule="Questions diverses")
    assert [p.ordre for p in gtp.points_visibles(une, secretariat)] == [2]


def test_a_withdrawn_subject_withdraws_its_item(reseau: Reseau, secretariat: Any) -> None:
    demande = creation_complete(reseau, secretariat)
    point = en_seance(demande, secretariat).points.get()
    assert gtp.retirer_de_l_ordre_du_jour(demande) == 1
    point.refresh_from_db()
    assert point.issue == IssuePoint.RETIRE and gtp.point_a_examiner(demande) is None


def test_the_system_acts_explicitly() -> None:
    with pytest.raises(TypeError):
        gtp.creer_seance(date=timezone.localdate(), lieu="Paris", acteur=None)  # type: ignore[arg-type]
    cree = gtp.creer_seance(date=timezone.localdate(), lieu="Paris", acteur=SYSTEME)
    assert cree.creee_par is None
