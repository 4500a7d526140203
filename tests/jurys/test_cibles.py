"""The jury's A or NA per target (R-GTP-02, decision): the whole CQPM when every capacity is acquired, otherwise
each complete bloc of an RNCP CQPM; set when the decisions are arrêtées, adjustable until the signature (sovereign
after), and what the GTP is asked to award."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from cqpm.attributions import services as attributions
from cqpm.attributions.enums import NatureCible
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.core.errors import RegleViolee
from cqpm.documents.jury import rendre_pv
from cqpm.jurys import rules, services
from cqpm.jurys.documents import proces_verbal
from cqpm.jurys.models import CibleJury
from tests.api.conftest import connecter
from tests.attributions import outils
from tests.jurys import outils as jo

pytestmark = pytest.mark.django_db

BLOC_1_SEUL = (True, True, True, True, False, True)  # capacities 1–3 (bloc 1) acquired, bloc 2 incomplete


def test_the_pure_rule_whole_cqpm_complete_blocs_or_nothing_R_GTP_02():
    blocs = {1: {1, 2, 3}, 2: {4, 5, 6}}
    assert rules.cibles(capacites_par_bloc=blocs, acquises={1, 2, 3, 4, 5, 6}, rncp=False) == (None,)
    assert rules.cibles(capacites_par_bloc=blocs, acquises={1, 2, 3, 4}, rncp=True) == (1,)
    assert rules.cibles(capacites_par_bloc=blocs, acquises={1, 2, 3, 4}, rncp=False) == ()
    assert rules.cibles(capacites_par_bloc=blocs, acquises={1, 2, 4, 5}, rncp=True) == ()


def test_a_whole_cqpm_is_one_target_with_the_candidates_decision_R_GTP_02():
    _, candidat, _, _ = outils.jury_delibere()
    assert list(CibleJury.objects.filter(candidat=candidat).values_list("bloc", "decision")) == [(None, "A")]
    _, non_admis, _, _ = outils.jury_delibere(decision="NA")
    assert list(CibleJury.objects.filter(candidat=non_admis).values_list("bloc", "decision")) == [(None, "NA")]


def test_a_complete_bloc_of_an_rncp_cqpm_is_a_target_and_the_jury_may_declare_it_NA_R_GTP_02():
    jury, candidat, acteur, membres = outils.jury_delibere(BLOC_1_SEUL, rncp=True)
    (cible,) = CibleJury.objects.filter(candidat=candidat)
    assert cible.bloc is not None and cible.bloc.numero == 1 and cible.decision == "A"
    services.declarer_cible(cible, decision="NA", acteur=acteur)
    services.declarer_cible(cible, decision="A", acteur=acteur)  # until the signature, the jury may reconsider
    services.declarer_cible(cible, decision="NA", acteur=acteur)
    assert EntreeAudit.objects.filter(action=EvenementAudit.JURY_DECISION_CIBLE).count() == 3
    texte = PdfReader(io.BytesIO(rendre_pv(proces_verbal(jury)))).pages[0].extract_text()
    assert "bloc 1 : NA" in " ".join(texte.split())
    services.signer(jury, acteur=jo.president_verifie(membres))
    demande = attributions.creer_demande(jury, acteur=acteur)
    assert not demande.cibles.exists()  # the jury's NA on the bloc: nothing to award


def test_the_gtp_is_asked_only_what_the_jury_declared_A_R_GTP_02():
    jury, candidat, acteur, membres = outils.jury_delibere(BLOC_1_SEUL, rncp=True)
    services.signer(jury, acteur=jo.president_verifie(membres))
    demande = attributions.creer_demande(jury, acteur=acteur)
    (cible,) = demande.cibles.all()
    assert cible.nature == NatureCible.BLOC and cible.bloc.numero == 1 and cible.candidat == candidat


def test_a_target_is_A_only_for_a_candidate_declared_A_R_JURY_09():
    _, candidat, acteur, _ = outils.jury_delibere(decision="NA")
    cible = CibleJury.objects.get(candidat=candidat)
    with pytest.raises(RegleViolee, match="non admissible"):
        services.declarer_cible(cible, decision="A", acteur=acteur)
    with pytest.raises(RegleViolee, match="aucune autre valeur"):
        services.declarer_cible(cible, decision="Ajourné", acteur=acteur)


def test_after_the_signature_a_target_decision_is_refused_and_logged_R_JURY_09():
    jury, candidat, acteur, membres = outils.jury_delibere(BLOC_1_SEUL, rncp=True)
    services.signer(jury, acteur=jo.president_verifie(membres))
    cible = CibleJury.objects.get(candidat=candidat)
    with pytest.raises(RegleViolee, match="souveraine"):
        services.declarer_cible(cible, decision="NA", acteur=acteur)
    assert EntreeAudit.objects.filter(action=EvenementAudit.JURY_TENTATIVE_REFUSEE).exists()
    cible.refresh_from_db()
    assert cible.decision == "A"


def test_the_page_and_the_api_declare_a_target(client: Client):
    jury, candidat, acteur, _ = outils.jury_delibere(BLOC_1_SEUL, rncp=True)
    cible = CibleJury.objects.get(candidat=candidat)
    connecter(client, acteur)
    page = client.get(f"/jurys/{jury.pk}/").content.decode()
    assert "Décision du jury par certification" in page and f"Décision de {candidat.code} pour le bloc 1" in page
    reponse = client.post(f"/jurys/{jury.pk}/candidats/{candidat.pk}/cible/", {"cible": cible.pk, "decision": "NA"})
    assert reponse.status_code == 302
    cible.refresh_from_db()
    assert cible.decision == "NA"
    url = f"/api/v1/jurys/{jury.pk}/candidats/{candidat.pk}/cibles/{cible.pk}"
    assert client.post(url, {"decision": "A"}, content_type="application/json").json()["decision"] == "A"
    lu = client.get(f"/api/v1/jurys/{jury.pk}").json()
    assert lu["candidats"][0]["cibles"] == [
        {"id": cible.pk, "bloc_id": cible.bloc_id, "bloc_numero": 1, "decision": "A"}
    ]
