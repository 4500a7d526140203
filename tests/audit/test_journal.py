import pytest
from django.db import DatabaseError, transaction

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.audit.services import historique, journaliser
from cqpm.core.acteurs import SYSTEME
from tests.factories import OrganisationFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


def test_journal_records_who_when_what_old_and_new():
    acteur = UtilisateurFactory(first_name="Anne", last_name="Durand")
    organisation = OrganisationFactory(nom="UIMM")
    entree = journaliser(
        acteur=acteur,
        action=EvenementAudit.ORGANISATION_MODIFICATION,
        objet=organisation,
        avant={"nom": "A"},
        apres={"nom": "UIMM"},
        regle="R-X",
    )
    assert entree.acteur == acteur
    assert entree.acteur_libelle == "Anne Durand"
    assert entree.horodatage is not None
    assert list(historique(organisation)) == [entree]
    assert entree.avant == {"nom": "A"} and entree.apres == {"nom": "UIMM"}


def test_journal_without_user_is_the_system():
    entree = journaliser(acteur=SYSTEME, action=EvenementAudit.ORGANISATION_CREATION, objet=OrganisationFactory())
    assert entree.acteur is None and entree.acteur_libelle == "Système"


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_journal_is_append_only_at_database_level(operation):
    """The database itself refuses to rewrite or erase the audit log (R-ARCH-04's archive relies on it)."""
    entree = journaliser(acteur=SYSTEME, action=EvenementAudit.ORGANISATION_CREATION, objet=OrganisationFactory())
    with pytest.raises(DatabaseError), transaction.atomic():
        if operation == "update":
            EntreeAudit.objects.filter(pk=entree.pk).update(action="falsifié")
        else:
            EntreeAudit.objects.filter(pk=entree.pk).delete()
    entree.refresh_from_db()
    assert entree.action == EvenementAudit.ORGANISATION_CREATION
