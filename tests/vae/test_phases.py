"""The phases of Annex 4 (R-VAE-02): instruction within 3 months, favourable or closed with a reason, optional
accompaniment, proofs, a commission de validation set up and chaired by the exam centre within 12 months of
recevabilité, conclusions per capacity to the jury (R-VAE-03) without the company's opinion (R-EVAL-03)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from cqpm.audit.services import historique
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.vae import rules, services
from cqpm.vae.enums import Echeance, Phase, Validation
from cqpm.vae.models import DossierVAE
from tests.contraintes import contrainte_violee
from tests.vae.outils import a_la_date, pdf

pytestmark = pytest.mark.django_db


def _recevable(vae, depot, avis, **kw):
    with a_la_date(depot):
        dossier = vae.deposer(**kw)
    with a_la_date(avis):
        dossier = services.ouvrir_instruction(dossier, acteur=vae.agent)
        return services.declarer_recevable(dossier, acteur=vae.agent)


@pytest.mark.parametrize(
    ("depot", "due"),
    [
        (datetime.date(2020, 11, 30), datetime.date(2021, 2, 28)),  # end of month, common year
        (datetime.date(2019, 11, 30), datetime.date(2020, 2, 29)),  # leap year
        (datetime.date(2021, 10, 31), datetime.date(2022, 1, 31)),
    ],
)
def test_the_opinion_is_due_three_months_after_reception_R_VAE_02(vae, depot, due):
    with a_la_date(depot):
        dossier = vae.deposer()
    assert dossier.avis_du_le == due
    (avis,) = rules.echeances(dossier, due)
    assert avis.echeance == Echeance.AVIS_RECEVABILITE and not avis.en_retard and avis.jours_restants == 0
    (avis,) = rules.echeances(dossier, due + datetime.timedelta(days=1))
    assert avis.en_retard


@pytest.mark.parametrize(
    ("avis", "borne"),
    [
        (datetime.date(2020, 2, 29), datetime.date(2021, 2, 28)),
        (datetime.date(2020, 8, 31), datetime.date(2021, 8, 31)),
        (datetime.date(2021, 1, 31), datetime.date(2022, 1, 31)),
    ],
)
def test_the_whole_path_is_bounded_to_twelve_months_R_VAE_02(vae, avis, borne):
    dossier = _recevable(vae, avis - datetime.timedelta(days=20), avis)
    assert dossier.fin_parcours_le == borne
    _, fin = rules.echeances(dossier, borne)
    assert fin.echeance == Echeance.FIN_PARCOURS and not fin.en_retard
    with a_la_date(avis + datetime.timedelta(days=2)):
        dossier = services.recevoir_preuves(dossier, acteur=vae.agent, fichier=pdf("preuves.pdf"))
        with pytest.raises(RegleViolee) as exc:
            services.constituer_commission(
                dossier,
                acteur=vae.agent,
                president="M. Roux",
                membres=[("Mme Lin", "")],
                date=borne + datetime.timedelta(days=1),
            )
    assert exc.value.rule == "R-VAE-02" and exc.value.code == "hors_delai"
    with a_la_date(avis + datetime.timedelta(days=2)):
        services.constituer_commission(
            dossier, acteur=vae.agent, president="M. Roux", membres=[("Mme Lin", "")], date=borne
        )


def test_unfavourable_opinion_closes_the_file_with_its_reason_R_VAE_02(vae):
    with a_la_date(datetime.date(2021, 3, 1)):
        dossier = services.ouvrir_instruction(vae.deposer(), acteur=vae.agent)
        with pytest.raises(RegleViolee) as exc:
            services.declarer_non_recevable(dossier, acteur=vae.agent, motif=" ")
        assert exc.value.code == "motif"
        dossier = services.declarer_non_recevable(dossier, acteur=vae.agent, motif="Expérience sans rapport.")
        assert dossier.phase == Phase.CLOS and rules.echeance_courante(dossier, datetime.date(2021, 3, 1)) is None
        with pytest.raises(RegleViolee) as exc:
            services.recevoir_preuves(dossier, acteur=vae.agent)
    assert exc.value.code == "phase_incorrecte"
    assert [e.action for e in historique(dossier).order_by("pk")][-1] == "vae.non_recevable"


_LE = datetime.date(2021, 3, 1)
_RECEVABLE = {"instruction_le": _LE, "avis_le": _LE, "recevable_le": _LE, "fin_parcours_le": _LE}
_PREUVES = {**_RECEVABLE, "preuves_recues_le": _LE}
_COMMISSION = {**_PREUVES, "commission_le": _LE, "president": "M. Durand"}
#: What each phase carries, complete: a case below removes one item, so that exactly one constraint is broken.
_COMPLET = {
    Phase.RECEPTION: {},
    Phase.INSTRUCTION: {"instruction_le": _LE},
    Phase.CLOS: {"instruction_le": _LE, "avis_le": _LE, "motif_defavorable": "Expérience sans rapport."},
    Phase.RECEVABLE: _RECEVABLE,
    Phase.ACCOMPAGNEMENT: {**_RECEVABLE, "accompagnateur": "AFPI Rhône", "accompagnement_le": _LE},
    Phase.PREUVES_RECUES: _PREUVES,
    Phase.COMMISSION: _COMMISSION,
    Phase.CONCLUSIONS: {**_COMMISSION, "conclusions_le": _LE, "validation": Validation.TOTALE},
}


@pytest.mark.parametrize(
    ("phase", "changement", "contrainte"),
    [
        (Phase.RECEPTION, {"avis_le": _LE}, "vae_avis_date"),
        (Phase.INSTRUCTION, {"instruction_le": None}, "vae_instruction_datee"),
        (Phase.CLOS, {"avis_le": None}, "vae_avis_date"),
        (Phase.CLOS, {"motif_defavorable": ""}, "vae_clos_motive"),
        (Phase.RECEVABLE, {"fin_parcours_le": None}, "vae_recevable_borne"),
        (Phase.ACCOMPAGNEMENT, {"accompagnateur": ""}, "vae_accompagnement_nomme"),
        (Phase.PREUVES_RECUES, {"preuves_recues_le": None}, "vae_preuves_datees"),
        (Phase.COMMISSION, {"president": ""}, "vae_commission_presidee"),
        (Phase.CONCLUSIONS, {"validation": ""}, "vae_conclusions_datees"),
    ],
)
def test_each_phase_is_held_by_its_database_constraint_R_VAE_02(vae, phase, changement, contrainte):
    with a_la_date(_LE):
        dossier = vae.deposer()
    lignes = DossierVAE.objects.filter(pk=dossier.pk)
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        lignes.update(phase=phase, **{**_COMPLET[phase], **changement})
    assert contrainte_violee(exc.value, DossierVAE) == contrainte
    lignes.update(phase=phase, **_COMPLET[phase])  # complete, the phase is accepted: only the change was refused


def test_only_the_exam_centre_instructs(vae):
    with a_la_date(datetime.date(2021, 3, 1)):
        dossier = vae.deposer()
        for intrus in (vae.compte, vae.agent_autre):
            with pytest.raises(AccesRefuse):
                services.ouvrir_instruction(dossier, acteur=intrus)


def test_partial_validation_per_capacity_of_the_target_to_the_jury_R_VAE_02_R_VAE_03_R_EVAL_03(vae):
    bloc = vae.fiche.version_courante.blocs.get(numero=1)
    dossier = _recevable(vae, datetime.date(2021, 3, 1), datetime.date(2021, 4, 1), blocs=[bloc])
    with a_la_date(datetime.date(2021, 5, 3)):
        dossier = services.accompagner(dossier, acteur=vae.agent, accompagnateur="AFPI Rhône")
        dossier = services.recevoir_preuves(dossier, acteur=vae.agent)
        with pytest.raises(RegleViolee) as exc:
            services.constituer_commission(
                dossier, acteur=vae.agent, president="M. Roux", membres=[], date=datetime.date(2021, 6, 1)
            )
        assert exc.value.code == "membres"
        dossier = services.constituer_commission(
            dossier,
            acteur=vae.agent,
            president="M. Roux",
            membres=[("Mme Lin", "Tutrice")],
            date=datetime.date(2021, 5, 20),
        )
    capacites = list(services.capacites_visees(dossier))
    assert capacites and {c.bloc_id for c in capacites} == {bloc.pk}
    with a_la_date(datetime.date(2021, 5, 20)):
        with pytest.raises(RegleViolee) as exc:
            services.enregistrer_conclusions(dossier, acteur=vae.agent, acquises={capacites[0].pk: True})
        assert exc.value.code == "conclusions_incompletes" or len(capacites) == 1
        acquises = {c.pk: i == 0 for i, c in enumerate(capacites)}
        dossier = services.enregistrer_conclusions(dossier, acteur=vae.agent, acquises=acquises)
    assert dossier.phase == Phase.CONCLUSIONS and dossier.validation == Validation.PARTIELLE
    etat = services.etat_pour_le_jury(dossier)
    assert etat.avis_entreprise is None and len(etat.capacites()) == len(capacites)
    assert [m.nom for m in etat.commission] == ["M. Roux", "Mme Lin"]


def test_validation_is_total_partial_or_none():
    assert rules.validation_de([True, True]) == Validation.TOTALE
    assert rules.validation_de([True, False]) == Validation.PARTIELLE
    assert rules.validation_de([False, False]) == Validation.NULLE
