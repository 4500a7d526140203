"""What applies on a date: a CQPM from its creation decision, a bloc from its RNCP registration (R-LC-CRE-06), a
revised referential from its decision date and the older one before it (R-LC-REV-04)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie.applicabilite import bloc_applicable, verifier_engagement_possible, version_applicable
from cqpm.referentiels.enums import StatutQualification
from cqpm.referentiels.models import Bloc
from tests.cycle_de_vie.outils import creation_complete, decider_en_seance
from tests.factories import QualificationFactory, VersionFactory, referentiel_complet

D = datetime.date
ENREGISTREMENT_28245 = D(2017, 4, 21)


class _Annuler(Exception):
    pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ecarts=st.lists(st.integers(1, 2000), min_size=1, max_size=4),
    indice=st.integers(0, 3),
    decalage=st.integers(-2, 2),
)
@pytest.mark.django_db
def test_the_version_in_force_on_a_date_is_the_last_decided_before_it_R_LC_REV_04(ecarts, indice, decalage):
    dates = [D(2000, 1, 1)]
    for jours in ecarts[1:]:
        dates.append(dates[-1] + datetime.timedelta(days=jours))
    le = dates[min(indice, len(dates) - 1)] + datetime.timedelta(days=decalage)
    try:
        with transaction.atomic():
            q = QualificationFactory(date_creation=dates[0])
            versions = [
                VersionFactory(qualification=q, numero=i, date_decision=d, date_application=d)
                for i, d in enumerate(dates, 1)
            ]
            attendue = [v for v, d in zip(versions, dates, strict=True) if d <= le]
            if attendue:
                assert version_applicable(q, le) == attendue[-1]
            else:
                with pytest.raises(RegleViolee) as exc:
                    version_applicable(q, le)
                assert exc.value.rule == "R-LC-CRE-06"
            raise _Annuler
    except _Annuler:
        pass


def test_bloc_applicable_only_from_its_rncp_registration_R_LC_CRE_06():
    assert not bloc_applicable(Bloc(date_enregistrement_rncp=None), D(2030, 1, 1))
    assert not bloc_applicable(Bloc(date_enregistrement_rncp=ENREGISTREMENT_28245), D(2017, 4, 20))
    assert bloc_applicable(Bloc(date_enregistrement_rncp=ENREGISTREMENT_28245), ENREGISTREMENT_28245)


@pytest.mark.django_db
def test_no_candidate_on_a_bloc_before_its_rncp_registration_R_LC_CRE_06(fiche_28245):
    bloc = fiche_28245.version_courante.blocs.get(numero=1)
    verifier_engagement_possible(fiche_28245, D(2016, 1, 1))  # the CQPM itself applies since 2005
    with pytest.raises(RegleViolee, match="qu'à partir du 21/04/2017") as exc:
        verifier_engagement_possible(fiche_28245, D(2017, 4, 20), bloc=bloc)
    assert exc.value.rule == "R-LC-CRE-06"
    verifier_engagement_possible(fiche_28245, ENREGISTREMENT_28245, bloc=bloc)


@pytest.mark.django_db
def test_a_new_cqpm_applies_from_its_decision_but_its_blocs_wait_for_the_rncp_R_LC_CRE_06(reseau, secretariat):
    demande = creation_complete(reseau, secretariat)
    q = demande.qualification
    with pytest.raises(RegleViolee) as exc:
        verifier_engagement_possible(q, D(2030, 1, 1))  # still a projet
    assert exc.value.rule == "R-LC-CRE-06"
    decision = decider_en_seance(demande, secretariat, categorie="B")
    q.refresh_from_db()
    assert q.statut == StatutQualification.EN_VIGUEUR
    verifier_engagement_possible(q, decision.date)
    with pytest.raises(RegleViolee, match="applicable qu'à partir de la décision de création"):
        verifier_engagement_possible(q, decision.date - datetime.timedelta(days=1))
    with pytest.raises(RegleViolee, match="il n'y est pas encore inscrit") as exc:
        verifier_engagement_possible(q, decision.date, bloc=q.version_courante.blocs.first())
    assert exc.value.rule == "R-LC-CRE-06"


@pytest.mark.django_db
def test_a_bloc_of_another_cqpm_is_refused(fiche_28245):
    bloc = referentiel_complet().blocs.first()
    with pytest.raises(RegleViolee, match="n'appartient pas"):
        verifier_engagement_possible(fiche_28245, D(2020, 1, 1), bloc=bloc)
