"""The purge (R-ARCH-01): the dry run lists each expired document with its reason and rule and deletes nothing;
the purge then removes them (an evaluation dossier keeps its row and results, its content is erased), audited;
what is kept indefinitely stays (R-ARCH-02, R-ARCH-03)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from cqpm.archives import services
from cqpm.attributions.enums import NatureCourrier
from cqpm.attributions.models import Courrier
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.core.errors import AccesRefuse
from cqpm.core.quotidien import taches_quotidiennes
from cqpm.evaluations.models import DossierEvaluation, ModaliteChoisie, ResultatCapacite
from cqpm.jurys.models import CandidatJury
from tests.api.conftest import connecter
from tests.archives.outils import acquisition_partielle, premier_jour_de_purge

pytestmark = pytest.mark.django_db

UN_JOUR = datetime.timedelta(days=1)


@pytest.mark.parametrize("rncp", [False, True])
def test_nothing_expires_the_day_before_the_purge_date_R_ARCH_01(rncp):
    demande, _, _ = acquisition_partielle(rncp=rncp)
    premier = premier_jour_de_purge(demande, rncp=rncp)
    assert services.documents_expires(premier - UN_JOUR) == []
    for jour in (premier, premier + UN_JOUR):
        natures = {d.nature for d in services.documents_expires(jour)}
        assert natures == {
            "Dossier d'évaluation (contenu)",
            "Modalités d'évaluation choisies",
            "Copie de la lettre d'acquisition partielle",
        }


def test_the_dry_run_says_what_why_and_which_rule_and_deletes_nothing_R_ARCH_01():
    demande, gtp, _ = acquisition_partielle()
    jour = premier_jour_de_purge(demande)
    rapport = services.simulation(acteur=gtp, le=jour)
    lettre = next(d for d in rapport.documents if d.modele == "attributions.Courrier")
    assert lettre.regle == "R-ARCH-01" and lettre.operation == "Suppression"
    assert f"Jury du {demande.jury.date:%d/%m/%Y}" in lettre.motif
    assert f"31/12/{jour.year - 1}" in lettre.motif and "CQPM non enregistré au RNCP" in lettre.motif
    assert Courrier.objects.filter(nature=NatureCourrier.ACQUISITION_PARTIELLE).exists()
    assert ModaliteChoisie.objects.exists()
    sortie = StringIO()
    call_command("purger_archives", "--simulation", "--date", jour.isoformat(), stdout=sortie)
    assert "Simulation de la purge" in sortie.getvalue() and "Copie de la lettre d'acquisition partielle" in (
        sortie.getvalue()
    )
    assert Courrier.objects.filter(nature=NatureCourrier.ACQUISITION_PARTIELLE).exists()


def test_the_purge_removes_expired_documents_keeps_results_and_is_audited_R_ARCH_01_R_ARCH_02():
    demande, gtp, _ = acquisition_partielle()
    dossier = DossierEvaluation.objects.get()
    assert dossier.avis_entreprise
    resultats = ResultatCapacite.objects.count()
    fait = services.purger(acteur=gtp, le=premier_jour_de_purge(demande))
    assert len(fait.documents) == 3
    assert not Courrier.objects.filter(nature=NatureCourrier.ACQUISITION_PARTIELLE).exists()
    assert not ModaliteChoisie.objects.exists()
    dossier.refresh_from_db()
    assert dossier.avis_entreprise == "" and dossier.avis_le is None  # content erased, row kept
    assert ResultatCapacite.objects.count() == resultats and CandidatJury.objects.exists()
    journal = EntreeAudit.objects.filter(action=EvenementAudit.ARCHIVES_PURGE)
    assert journal.filter(objet_type="attributions.Courrier", regle="R-ARCH-01").count() == 1
    assert journal.filter(objet_type="evaluations.DossierEvaluation").get().apres["operation"] == (
        "Effacement du contenu"
    )
    assert services.documents_expires(premier_jour_de_purge(demande)) == []  # a second run finds nothing


def test_only_the_secretariat_purges_R_ARCH_01():
    demande, _, centre = acquisition_partielle()
    with pytest.raises(AccesRefuse):
        services.purger(acteur=centre, le=premier_jour_de_purge(demande))
    with pytest.raises(AccesRefuse):
        services.simulation(acteur=centre)


def test_the_daily_job_purges_and_reports_in_french_R_ARCH_01():
    demande, _, _ = acquisition_partielle()
    lignes: list[str] = []
    taches_quotidiennes()["archives.purge"](premier_jour_de_purge(demande), lignes.append)
    assert "3 document(s) purgé(s)" in lignes[0]
    assert not ModaliteChoisie.objects.exists()
    entree = EntreeAudit.objects.filter(action=EvenementAudit.ARCHIVES_PURGE).first()
    assert entree is not None and entree.acteur_libelle == "Système"
    sortie = StringIO()
    call_command("purger_archives", "--date", premier_jour_de_purge(demande).isoformat(), stdout=sortie)
    assert "0 document(s) purgé(s)" in sortie.getvalue()


def test_the_purge_report_through_the_api_and_the_page_R_ARCH_01(client, time_machine):
    demande, gtp, centre = acquisition_partielle()
    time_machine.move_to(datetime.datetime.combine(premier_jour_de_purge(demande), datetime.time(12)))
    connecter(client, gtp, verifie=True)
    rapport = client.get("/api/v1/archives/purge")
    assert rapport.status_code == 200, rapport.content
    assert {d["regle"] for d in rapport.json()["documents"]} == {"R-ARCH-01"}
    assert len(rapport.json()["documents"]) == 3
    page = client.get("/archives/").content.decode()
    assert "Copie de la lettre d&#x27;acquisition partielle" in page and "Lancer la purge" in page
    assert client.post("/archives/purge/").status_code == 302
    assert client.get("/api/v1/archives/purge").json()["documents"] == []
    client.logout()
    connecter(client, centre)
    assert client.get("/api/v1/archives/purge").status_code == 403
    assert client.get("/archives/").status_code == 403
