"""The one write path (cqpm/core/transitions.py): permission, transaction, row lock, guard, audit, after-commit."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.audit.services import historique
from cqpm.comptes.enums import Role
from cqpm.comptes.permissions import Action
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.core.models import CourrielEnvoye, StatutCourriel
from cqpm.core.transitions import PUBLIQUE, operation, transition
from tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def courriel() -> CourrielEnvoye:
    return CourrielEnvoye.objects.create(destinataires=["a@uimm.example"], sujet="Sujet", corps="Corps")


def envoyer(courriel: CourrielEnvoye, acteur=SYSTEME, **options):  # type: ignore[no-untyped-def]
    reglages = {
        "permission": Action.ADMINISTRER,
        "evenement": EvenementAudit.COURRIEL_RELANCE,
        "regle": "COURRIEL",
        "depuis": [StatutCourriel.PROGRAMME],
        "vers": StatutCourriel.ENVOYE,
        "quoi": "envoyer ce courriel",
        **options,
    }
    return transition(courriel, acteur=acteur, **reglages)


def test_a_transition_saves_the_new_state_and_logs_old_to_new_with_its_rule(courriel):
    with envoyer(courriel) as t:
        t.objet.tentatives = 1
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ENVOYE and courriel.tentatives == 1
    entree = historique(courriel).get()
    assert entree.action == EvenementAudit.COURRIEL_RELANCE and entree.regle == "COURRIEL"
    assert entree.avant == {"statut": "programme", "tentatives": 0}
    assert entree.apres == {"statut": "envoye", "tentatives": 1}
    assert entree.acteur is None and entree.acteur_libelle == "Système"


def test_the_log_names_the_acting_user_and_adds_the_details(courriel):
    secretaire = UtilisateurFactory(role=Role.SECRETARIAT_GTP, first_name="Anne", last_name="Martin")
    secretaire.is_verified = lambda: True  # the OTP middleware's mark of a verified second factor
    with envoyer(courriel, acteur=secretaire) as t:
        t.details["motif"] = "relance manuelle"
    entree = historique(courriel).get()
    assert entree.acteur == secretaire and entree.acteur_libelle == "Anne Martin"
    assert entree.apres == {"statut": "envoye", "motif": "relance manuelle"}


def test_a_wrong_state_is_refused_in_french_and_writes_nothing(courriel):
    CourrielEnvoye.objects.filter(pk=courriel.pk).update(statut=StatutCourriel.ENVOYE)
    motif = r"Impossible d'envoyer ce courriel : .* est à l'état « envoyé »"
    with pytest.raises(RegleViolee, match=motif) as refus, envoyer(courriel):
        pytest.fail("the body must not run")
    assert refus.value.rule == "COURRIEL" and refus.value.code == "transition_refusee"
    assert "« programmé »" in refus.value.message
    assert not EntreeAudit.objects.exists()


def test_a_guard_raising_in_the_body_rolls_everything_back(courriel):
    with pytest.raises(RegleViolee), envoyer(courriel) as t:
        t.objet.tentatives = 7
        raise RegleViolee("COURRIEL", "Refus de la garde.")
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.PROGRAMME and courriel.tentatives == 0
    assert not EntreeAudit.objects.exists()


def test_the_permission_is_checked_before_anything_is_read_or_written(courriel):
    jure = UtilisateurFactory(role=Role.MEMBRE_JURY)
    with CaptureQueriesContext(connection) as requetes, pytest.raises(AccesRefuse), envoyer(courriel, acteur=jure):
        pytest.fail("the body must not run")
    assert not [q for q in requetes.captured_queries if "core_courrielenvoye" in q["sql"]]
    assert not EntreeAudit.objects.exists()


def test_a_custom_check_and_the_public_marker_are_explicit(courriel):
    def refuser() -> None:
        raise AccesRefuse("Accès refusé : contrôle propre au service.")

    with pytest.raises(AccesRefuse, match="contrôle propre"), envoyer(courriel, permission=refuser):
        pass
    with envoyer(courriel, permission=PUBLIQUE):
        pass
    with pytest.raises(TypeError, match="Permission inconnue"), envoyer(courriel, permission=None):
        pass


def test_none_is_not_an_actor_the_system_is_SYSTEME(courriel):
    with pytest.raises(TypeError, match="acteur=SYSTEME"), envoyer(courriel, acteur=None):
        pass


def test_the_row_is_locked_for_the_transition(courriel):
    with CaptureQueriesContext(connection) as requetes, envoyer(courriel):
        pass
    lecture = next(q["sql"] for q in requetes.captured_queries if q["sql"].lstrip().upper().startswith("SELECT"))
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in lecture.upper()
    else:  # SQLite: the IMMEDIATE transaction mode takes the database's write lock at BEGIN (config/settings.py)
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_side_effects_run_after_commit_only(courriel, django_capture_on_commit_callbacks):
    effets: list[str] = []
    with django_capture_on_commit_callbacks(execute=True), envoyer(courriel) as t:
        t.apres_commit(lambda: effets.append("envoyé"))
        assert effets == []
    assert effets == ["envoyé"]

    autre = CourrielEnvoye.objects.create(destinataires=["b@uimm.example"], sujet="S", corps="C")
    with django_capture_on_commit_callbacks(execute=True) as rappels, pytest.raises(RegleViolee), envoyer(autre) as t:
        t.apres_commit(lambda: effets.append("jamais"))
        raise RegleViolee("COURRIEL", "Refus.")
    assert rappels == [] and effets == ["envoyé"]


def test_an_unknown_audit_event_is_refused(courriel):
    with pytest.raises(ValueError), operation(acteur=SYSTEME, permission=PUBLIQUE) as op:
        op.journaliser("courriel.inconnu", courriel)  # type: ignore[arg-type]
    assert not EntreeAudit.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_outer_action_is_durable_and_nested_actions_are_savepoints():
    courriel = CourrielEnvoye.objects.create(destinataires=["a@uimm.example"], sujet="S", corps="C")
    with operation(acteur=SYSTEME, permission=PUBLIQUE) as op:
        with pytest.raises(RegleViolee), envoyer(courriel):
            raise RegleViolee("COURRIEL", "Refus de l'action imbriquée.")
        op.journaliser(EvenementAudit.COURRIEL_RELANCE, courriel)
    assert historique(courriel).count() == 1  # the inner action rolled back to its savepoint, the outer committed
    # An action called inside a bare transaction is refused: its caller must be an action too.
    with (
        pytest.raises(RuntimeError, match="durable"),
        transaction.atomic(),
        operation(acteur=SYSTEME, permission=PUBLIQUE),
    ):
        pass
