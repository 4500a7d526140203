"""Every end of a path closes what it opened: a VAE request declared non recevable (R-VAE-02) closes its
registration, dated and motivated, so that the next calendar year's request, which R-VAE-01 allows, is received
instead of being refused as « déjà inscrit » (R-REG-01)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from cqpm.audit.services import historique
from cqpm.candidats.enums import StatutInscription
from cqpm.candidats.models import Inscription
from cqpm.candidats.services import annuler_inscription, clore_inscription
from cqpm.core.errors import RegleViolee
from cqpm.vae import services
from cqpm.vae.enums import Phase
from tests.contraintes import contrainte_violee
from tests.vae.outils import EN_2021, a_la_date

pytestmark = pytest.mark.django_db

MOTIF = "Expérience sans rapport avec le CQPM."


def non_recevable(vae, le):
    with a_la_date(le):
        dossier = services.ouvrir_instruction(vae.deposer(), acteur=vae.agent)
        return services.declarer_non_recevable(dossier, acteur=vae.agent, motif=MOTIF)


def test_a_non_recevable_request_closes_its_registration_R_VAE_02(vae):
    dossier = non_recevable(vae, EN_2021)
    inscription = Inscription.objects.get(pk=dossier.inscription_id)
    assert dossier.phase == Phase.CLOS
    assert (inscription.statut, inscription.close_le) == (StatutInscription.CLOSE, EN_2021)
    assert inscription.motif_cloture == f"Demande de VAE n° {dossier.pk} non recevable : {MOTIF}"
    [entree] = historique(inscription).filter(action="inscription.cloture")
    assert entree.regle == "R-VAE-02" and entree.avant["statut"] == "en_cours"
    assert entree.apres["statut"] == "close" and entree.apres["close_le"] == EN_2021.isoformat()


@pytest.mark.parametrize(
    ("refus_le", "nouvelle_le"),
    [(datetime.date(2021, 12, 31), datetime.date(2022, 1, 1)), (EN_2021, datetime.date(2022, 1, 3))],
)
def test_next_years_request_is_received_after_a_non_recevable_one_R_VAE_01_R_REG_01(vae, refus_le, nouvelle_le):
    non_recevable(vae, refus_le)
    with a_la_date(datetime.date(2021, 12, 31)), pytest.raises(RegleViolee) as exc:
        vae.deposer()  # the same calendar year: still one request per CQPM (R-VAE-01), not « déjà inscrit »
    assert (exc.value.rule, exc.value.code) == ("R-VAE-01", "demande_deja_deposee")
    with a_la_date(nouvelle_le):
        nouveau = vae.deposer()
    assert nouveau.annee == 2022 and nouveau.inscription.statut == StatutInscription.EN_COURS


def test_a_cancelled_registration_stays_cancelled_when_its_request_is_declared_non_recevable_R_VAE_02(vae):
    with a_la_date(EN_2021):
        dossier = services.ouvrir_instruction(vae.deposer(), acteur=vae.agent)
        annuler_inscription(dossier.inscription, acteur=vae.agent, motif="Abandon du candidat")
        services.declarer_non_recevable(dossier, acteur=vae.agent, motif=MOTIF)
    assert Inscription.objects.get(pk=dossier.inscription_id).statut == StatutInscription.ANNULEE


def test_a_registration_is_closed_once_with_its_reason_R_REG_01(vae):
    dossier = non_recevable(vae, EN_2021)
    with a_la_date(EN_2021), pytest.raises(RegleViolee) as exc:
        clore_inscription(dossier.inscription, acteur=vae.agent, motif="Encore", regle="R-VAE-02", le=EN_2021)
    assert exc.value.code == "transition_refusee" and "à l'état « Close »" in exc.value.message
    with pytest.raises(RegleViolee) as exc:
        clore_inscription(dossier.inscription, acteur=vae.agent, motif="  ", regle="R-VAE-02", le=EN_2021)
    assert exc.value.code == "motif"


def test_the_database_holds_a_closed_registration_dated_and_motivated_R_REG_01(vae):
    with a_la_date(EN_2021):
        inscription = vae.deposer().inscription
    lignes = Inscription.objects.filter(pk=inscription.pk)
    for changement in ({"close_le": None}, {"motif_cloture": ""}):
        with pytest.raises(IntegrityError) as exc, transaction.atomic():
            lignes.update(**{"statut": "close", "close_le": EN_2021, "motif_cloture": MOTIF, **changement})
        assert contrainte_violee(exc.value, Inscription) == "inscription_close_datee_et_motivee"
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        lignes.update(close_le=EN_2021)  # in progress, yet dated as closed
    assert contrainte_violee(exc.value, Inscription) == "inscription_close_datee_et_motivee"
