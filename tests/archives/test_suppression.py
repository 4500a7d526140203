"""What is kept indefinitely can be deleted by no path (R-ARCH-02 to 04): the service refuses citing the rule, the
admin offers no deletion, the API has no DELETE, and the database refuses a raw `.delete()`."""

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from cqpm.archives import services
from cqpm.archives.registre import DECLARATIONS, INDEFINIE
from cqpm.attributions.enums import NatureCourrier
from cqpm.attributions.models import Courrier, DemandeAttribution, PieceDemande
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.core.errors import RegleViolee
from cqpm.evaluations.models import ModaliteChoisie, ResultatCapacite
from cqpm.jurys.models import CandidatJury, Jury, MembreJury, Vote
from tests.archives.outils import acquisition_partielle
from tests.attributions import outils
from tests.cycle_de_vie.outils import creation_complete, reseau, secretariat  # noqa: F401 — fixtures

pytestmark = pytest.mark.django_db


def test_the_service_refuses_citing_the_rule_and_audits_the_attempt_R_ARCH_02_R_ARCH_03():
    demande, gtp, _ = acquisition_partielle()
    for objet, regle in ((ResultatCapacite.objects.first(), "R-ARCH-02"), (demande, "R-ARCH-03")):
        with pytest.raises(RegleViolee, match="durée indéterminée") as exc:
            services.supprimer(objet, acteur=gtp)
        assert exc.value.rule == regle
    partielle = Courrier.objects.get(nature=NatureCourrier.ACQUISITION_PARTIELLE)
    with pytest.raises(RegleViolee, match="c'est la purge") as exc:
        services.supprimer(partielle, acteur=gtp)
    assert exc.value.rule == "R-ARCH-01"
    assert EntreeAudit.objects.filter(action=EvenementAudit.ARCHIVES_SUPPRESSION_REFUSEE).count() == 3


@pytest.mark.parametrize(
    ("requete", "regle"),
    [
        (lambda: ResultatCapacite.objects.all(), "R-ARCH-02"),
        (lambda: Courrier.objects.exclude(nature=NatureCourrier.ACQUISITION_PARTIELLE), "R-ARCH-02"),
        (lambda: CandidatJury.objects.all(), "R-ARCH-03"),
        (lambda: Vote.objects.all(), "R-ARCH-03"),
        (lambda: MembreJury.objects.all(), "R-ARCH-03"),
        (lambda: PieceDemande.objects.all(), "R-ARCH-03"),
        (lambda: Jury.objects.all(), "R-ARCH-03"),
        (lambda: DemandeAttribution.objects.all(), "R-ARCH-03"),
    ],
    ids=["resultats", "lettres", "presence", "votes", "membres", "pieces", "pv", "demandes"],
)
def test_the_database_refuses_a_raw_delete_R_ARCH_02_R_ARCH_03(requete, regle):
    acquisition_partielle()
    if not requete().exists():
        Courrier.objects.create(
            demande=DemandeAttribution.objects.get(),
            candidat=CandidatJury.objects.get(),
            nature=NatureCourrier.ATTRIBUTION,
            destinataire="candidat",
            date=outils.jour_seance(),
        )
    avant = requete().count()
    assert avant
    with pytest.raises(DatabaseError, match=regle), transaction.atomic():
        requete()._raw_delete(requete().db)  # one DELETE statement: neither the model nor the collector intervene
    if requete().model in (ResultatCapacite, Courrier, Vote):  # nothing PROTECTs them: the ORM's delete reaches SQL
        with pytest.raises(DatabaseError, match=regle), transaction.atomic():
            requete().delete()
    assert requete().count() == avant


def test_the_database_lets_the_purge_delete_a_partial_letter_R_ARCH_01():
    acquisition_partielle()
    with transaction.atomic():
        Courrier.objects.filter(nature=NatureCourrier.ACQUISITION_PARTIELLE).delete()
        ModaliteChoisie.objects.all().delete()
    assert not Courrier.objects.filter(nature=NatureCourrier.ACQUISITION_PARTIELLE).exists()
    assert not ModaliteChoisie.objects.exists()


def test_the_database_refuses_deleting_a_lifecycle_request_even_past_the_model_R_ARCH_04(reseau, secretariat):  # noqa: F811
    creation_complete(reseau, secretariat)
    for table in ("cycle_de_vie_demande", "cycle_de_vie_demandeur"):
        with pytest.raises(DatabaseError, match="R-ARCH-04"), transaction.atomic(), connection.cursor() as curseur:
            curseur.execute(f"DELETE FROM {table}")


def test_the_admin_offers_no_deletion_of_what_is_kept_R_ARCH_02_R_ARCH_03_R_ARCH_04(admin_user):
    requete = RequestFactory().get("/admin/")
    requete.user = admin_user
    vus = 0
    for d in DECLARATIONS:
        if d.classe != INDEFINIE:
            continue
        from django.apps import apps

        modele = apps.get_model(d.modele)
        modele_admin = admin.site._registry.get(modele)
        if modele_admin is None:
            continue  # not in the admin at all: no deletion there either
        vus += 1
        assert not modele_admin.has_delete_permission(requete), d.modele
        assert "delete_selected" not in modele_admin.get_actions(requete), d.modele
    assert vus >= 5


def test_the_api_has_no_delete_of_a_stored_document_R_ARCH_02_R_ARCH_03_R_ARCH_04():
    from config.api import api

    schema = api.get_openapi_schema()
    suppressions = [chemin for chemin, operations in schema["paths"].items() if "delete" in operations]
    assert suppressions == ["/api/v1/jetons/{id}"]  # revoking one's API token: no document
