"""Candidates engaged before a life-cycle decision keep their evaluation: a CQPM put in veille or suppressed after the
registration (R-LC-SUP-04), a referential revised after it (R-LC-REV-04) — evaluated and reported on the pinned
version."""

from __future__ import annotations

import pytest

from cqpm.core.errors import RegleViolee
from cqpm.evaluations import etat, services
from cqpm.referentiels.enums import StatutQualification
from cqpm.referentiels.models import Capacite, Qualification
from tests.evaluations import outils
from tests.factories import referentiel_complet

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("statut", [StatutQualification.EN_VEILLE, StatutQualification.SUPPRIMEE])
def test_a_candidate_engaged_before_veille_or_suppression_is_still_evaluated_R_LC_SUP_04(statut):
    i = outils.inscription()
    centre = outils.territoriale(i)
    Qualification.objects.filter(pk=i.qualification_id).update(statut=statut)
    i.refresh_from_db()
    outils.tout_evaluer(i, centre, acquise=True)
    recapitulatif = etat.etat_recapitulatif(i)
    assert [c.resultat.value for b in recapitulatif.blocs for c in b.capacites] == ["acquise"] * 6
    assert recapitulatif.qualification.version == 1
    assert etat.pdf_etat_recapitulatif(i, acteur=centre).startswith(b"%PDF")


def test_an_inscription_pinned_before_a_revision_is_evaluated_on_its_old_version_R_LC_REV_04():
    i = outils.inscription()
    ancienne, jour = i.version, outils.aujourdhui()  # revised today, registered 200 days ago
    nouvelle = referentiel_complet(
        blocs=1,
        capacites_par_bloc=4,
        qualification=i.qualification,
        numero=2,
        date_decision=jour,
        date_application=jour,
    )
    i.qualification.refresh_from_db()
    assert i.qualification.version_courante == nouvelle
    i.refresh_from_db()
    assert {c.version_id for c in services.capacites_visees(i)} == {ancienne.pk}
    assert len(services.capacites_visees(i)) == 6

    centre = outils.territoriale(i)
    d = outils.dossier_choisi(i, centre)
    commission = outils.commission(i, centre)
    with pytest.raises(RegleViolee) as exc:  # a capacity of the revised referential is not this candidate's
        services.enregistrer_resultats(
            d,
            commission=commission,
            resultats=[services.ResultatSaisi(Capacite.objects.get(version=nouvelle, numero=1), True)],
            acteur=centre,
        )
    assert exc.value.rule == "R-EVAL-04" and exc.value.code == "capacite_hors_version"
    resultats = [services.ResultatSaisi(c, True) for c in outils.capacites(i)]
    services.enregistrer_resultats(d, commission=commission, resultats=resultats, acteur=centre)
    services.saisir_avis_entreprise(d, avis="Autonome.", auteur="M. Tuteur", le=outils.aujourdhui(), acteur=centre)
    recapitulatif = etat.etat_recapitulatif(i)
    assert recapitulatif.qualification.version == 1
    assert sorted(c.numero for b in recapitulatif.blocs for c in b.capacites) == [1, 2, 3, 4, 5, 6]
