"""Presence, deliberation (R-JURY-09), casting vote (R-JURY-05), invitees (R-JURY-04), signature after the second
factor (R-JURY-10), sovereignty of the signed PV, carry-over of acquired capacities (R-EVAL-06, R-LET-04)."""

from __future__ import annotations

import pytest

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.core.models import CourrielEnvoye
from cqpm.evaluations.enums import SourceAcquis
from cqpm.evaluations.models import AcquisAnterieur
from cqpm.evaluations.services import acquis_reportables
from cqpm.jurys import services
from cqpm.jurys.enums import Decision, EtatJury, Presence
from cqpm.jurys.models import CandidatJury
from tests.documents.test_etat_recapitulatif import texte
from tests.evaluations import outils as ev
from tests.jurys.outils import convoque, deliberer, evaluee, jours, jury, president_verifie, unions

pytestmark = pytest.mark.django_db


@pytest.fixture
def reuni():
    """A jury met yesterday, convened, one candidate present (all capacities acquired)."""
    unions(2)
    i, acteur = evaluee()
    j, membres = convoque(acteur, i)
    c = CandidatJury.objects.get(jury=j)
    services.marquer_presence(c, presence=Presence.PRESENT, acteur=acteur)
    return j, membres, c, acteur


def test_only_a_or_na_R_JURY_09(reuni):
    _j, m, c, acteur = reuni
    for valeur in ["", "AD", "admis", "ABS"]:
        with pytest.raises(RegleViolee) as e:
            services.voter(c, membre=m["patronal"], decision=valeur, acteur=acteur)
        assert e.value.rule == "R-JURY-09"


def test_an_invitee_cannot_vote_R_JURY_04(reuni):
    _j, m, c, acteur = reuni
    with pytest.raises(RegleViolee) as e:
        services.voter(c, membre=m["invite"], decision=Decision.ADMIS, acteur=acteur)
    assert e.value.rule == "R-JURY-04"


def test_majority_of_voting_members_decides_R_JURY_09(reuni):
    j, m, c, acteur = reuni
    for qui, vote in [("president", "A"), ("patronal", "NA"), ("syndical0", "NA"), ("syndical1", "NA")]:
        services.voter(c, membre=m[qui], decision=vote, acteur=acteur)
    services.arreter_decisions(j, acteur=acteur)
    c.refresh_from_db()
    assert c.decision == Decision.NON_ADMIS


def test_the_president_decides_a_tie_R_JURY_05(reuni):
    j, m, c, acteur = reuni
    for qui, vote in [("president", "A"), ("patronal", "NA"), ("syndical0", "NA"), ("syndical1", "A")]:
        services.voter(c, membre=m[qui], decision=vote, acteur=acteur)
    services.arreter_decisions(j, acteur=acteur)
    c.refresh_from_db()
    assert c.decision == Decision.ADMIS


def test_a_tie_without_the_presidents_vote_is_refused_R_JURY_05(reuni):
    j, m, c, acteur = reuni
    services.voter(c, membre=m["patronal"], decision="NA", acteur=acteur)
    services.voter(c, membre=m["syndical0"], decision="A", acteur=acteur)
    with pytest.raises(RegleViolee) as e:
        services.arreter_decisions(j, acteur=acteur)
    assert e.value.rule == "R-JURY-05"


def test_no_vote_before_the_jury_meets_R_JURY_09():
    unions(2)
    i, acteur = evaluee()
    j, m = convoque(acteur, i, date=jours(1))
    c = CandidatJury.objects.get(jury=j)
    services.marquer_presence(c, presence=Presence.PRESENT, acteur=acteur)
    with pytest.raises(RegleViolee) as e:
        services.voter(c, membre=m["patronal"], decision="A", acteur=acteur)
    assert e.value.rule == "R-JURY-09"


def test_absent_candidate_decides_nothing_and_moves_to_a_later_jury_R_JURY_09(reuni):
    j, m, c, acteur = reuni
    services.marquer_presence(c, presence=Presence.EXCUSE, acteur=acteur)
    with pytest.raises(RegleViolee) as e:
        services.voter(c, membre=m["patronal"], decision="A", acteur=acteur)
    assert e.value.rule == "R-JURY-09"
    suivant = jury(acteur, date=jours(60), inscription=c.inscription)
    nouveau = services.reporter_candidat(c, vers=suivant, acteur=acteur)
    assert nouveau.jury == suivant and nouveau.presence == Presence.ATTENDU
    c.refresh_from_db()
    assert c.reporte_vers == nouveau and c.decision == ""
    services.arreter_decisions(j, acteur=acteur)
    c.refresh_from_db()
    assert c.decision == ""


def test_date_cannot_move_once_a_result_is_entered_R_JURY_09(reuni):
    j, m, c, acteur = reuni
    services.modifier_date(j, date=jours(-2), acteur=acteur)
    services.voter(c, membre=m["president"], decision="A", acteur=acteur)
    with pytest.raises(RegleViolee) as e:
        services.modifier_date(j, date=jours(-3), acteur=acteur)
    assert e.value.rule == "R-JURY-09"


def test_only_the_president_signs_after_his_second_factor_R_JURY_10(reuni):
    j, m, c, acteur = reuni
    deliberer(j, m, acteur, {c.code: "A"})
    with pytest.raises(AccesRefuse):
        services.signer(j, acteur=acteur)
    with pytest.raises(AccesRefuse, match="code à usage unique"):
        services.signer(j, acteur=m["president"].utilisateur)
    signe = services.signer(j, acteur=president_verifie(m))
    assert signe.etat == EtatJury.SIGNE and signe.signe_le is not None
    assert EntreeAudit.objects.filter(action=EvenementAudit.JURY_SIGNATURE, regle="R-JURY-10").exists()
    copie = CourrielEnvoye.objects.get(sujet__startswith="Procès-verbal signé")
    assert set(copie.destinataires) == {x.courriel for x in m.values()}


def test_each_member_receives_the_signed_pv_attached_with_names_R_JURY_10(reuni):
    j, m, c, acteur = reuni
    deliberer(j, m, acteur, {c.code: "A"})
    services.signer(j, acteur=president_verifie(m))
    (piece,) = CourrielEnvoye.objects.get(sujet__startswith="Procès-verbal signé").pieces_jointes.all()
    assert piece.nom == f"proces-verbal-jury-{j.pk}.pdf" and bytes(piece.contenu).startswith(b"%PDF")
    lu = texte(bytes(piece.contenu))
    assert c.code in lu and c.inscription.candidat.nom.upper() in lu


def test_signed_pv_is_sovereign_and_attempts_are_logged_R_JURY_09(reuni):
    j, m, c, acteur = reuni
    deliberer(j, m, acteur, {c.code: "A"})
    services.signer(j, acteur=president_verifie(m))
    for tentative in [
        lambda: services.voter(c, membre=m["patronal"], decision="NA", acteur=acteur),
        lambda: services.marquer_presence(c, presence=Presence.ABSENT, acteur=acteur),
        lambda: services.modifier_date(j, date=jours(-5), acteur=acteur),
        lambda: services.arreter_decisions(j, acteur=acteur),
        lambda: services.signer(j, acteur=president_verifie(m)),
    ]:
        with pytest.raises(RegleViolee) as e:
            tentative()
        assert e.value.rule == "R-JURY-09"
    c.refresh_from_db()
    assert c.decision == Decision.ADMIS
    assert EntreeAudit.objects.filter(action=EvenementAudit.JURY_TENTATIVE_REFUSEE).count() == 5


def test_names_appear_only_after_signature_R_JURY_06(reuni):
    j, m, c, acteur = reuni
    deliberer(j, m, acteur, {c.code: "A"})
    assert services.nom_affiche(CandidatJury.objects.get(pk=c.pk)) == c.code
    services.signer(j, acteur=president_verifie(m))
    assert c.inscription.candidat.nom.upper() in services.nom_affiche(CandidatJury.objects.get(pk=c.pk))


def test_acquired_capacities_feed_the_carry_over_R_EVAL_06_R_LET_04(reuni):
    j, m, c, acteur = reuni
    deliberer(j, m, acteur, {c.code: "A"})
    services.signer(j, acteur=president_verifie(m))
    acquis = AcquisAnterieur.objects.filter(candidat=c.inscription.candidat)
    assert acquis.count() == 6 and {a.source for a in acquis} == {SourceAcquis.JURY}
    assert {a.date_jury for a in acquis} == {j.date}
    nouvelle = ev.inscription(
        jours=0,
        candidat=c.inscription.candidat,
        version=c.inscription.version,
        qualification=c.inscription.qualification,
        centre_examen=c.inscription.centre_examen,
    )
    assert all(a.reprise for a in acquis_reportables(nouvelle))
