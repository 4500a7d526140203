"""Nobody holding only the application's credentials may erase the audit log (R-ARCH-04).

The old switch — a session variable `cqpm.audit_purge` any connection could set — opens nothing any more. On
PostgreSQL the test flush's bypass (`session_replication_role = replica`) needs a superuser: a role like the
production application's one (no superuser, not the owner) is refused it.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from cqpm.audit.base_de_donnees import purge_autorisee
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.audit.services import journaliser
from cqpm.core.acteurs import SYSTEME
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _entree() -> EntreeAudit:
    return journaliser(acteur=SYSTEME, action=EvenementAudit.ORGANISATION_CREATION, objet=OrganisationFactory())


def test_the_old_purge_switch_no_longer_deletes_audit_rows_R_ARCH_04():
    entree = _entree()
    with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic(), connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            curseur.execute("SELECT set_config('cqpm.audit_purge', 'on', true)")
        curseur.execute("DELETE FROM audit_entreeaudit WHERE id = %s", [entree.pk])
    assert EntreeAudit.objects.filter(pk=entree.pk).exists()


def test_the_application_role_cannot_take_the_test_flush_bypass_R_ARCH_04():
    """On PostgreSQL: a role with the application's rights (read and append the log, no superuser, not owner) is
    refused `session_replication_role`, and its DELETE hits the trigger. On SQLite the bypass is a function of the
    test process, off outside the flush."""
    entree = _entree()
    if connection.vendor != "postgresql":
        with connection.cursor() as curseur:
            curseur.execute("SELECT cqpm_audit_purge_autorisee()")
            assert curseur.fetchone() == (0,)
        return
    role = f"cqpm_application_{uuid.uuid4().hex[:8]}"
    with transaction.atomic(), connection.cursor() as curseur:
        curseur.execute(f"CREATE ROLE {role} NOSUPERUSER NOLOGIN")
        curseur.execute(f"GRANT SELECT, INSERT, DELETE ON audit_entreeaudit TO {role}")
        curseur.execute(f"SET LOCAL ROLE {role}")
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            curseur.execute("SET session_replication_role = replica")
        with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic():
            curseur.execute("SELECT set_config('cqpm.audit_purge', 'on', true)")
            curseur.execute("DELETE FROM audit_entreeaudit WHERE id = %s", [entree.pk])
        curseur.execute("RESET ROLE")
        transaction.set_rollback(True)  # the role was only for this test
    assert EntreeAudit.objects.filter(pk=entree.pk).exists()


def test_the_test_flush_alone_may_empty_the_log():
    entree = _entree()
    with purge_autorisee(), connection.cursor() as curseur:
        curseur.execute("DELETE FROM audit_entreeaudit WHERE id = %s", [entree.pk])
    assert not EntreeAudit.objects.filter(pk=entree.pk).exists()
    with pytest.raises(DatabaseError), transaction.atomic():
        EntreeAudit.objects.filter(pk=_entree().pk).delete()
