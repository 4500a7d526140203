"""The jury's documents from plain values: the PV of Annex 7, the attendance sheet of Annex 6, the convocation
(R-JURY-06, R-JURY-08, R-JURY-09, R-JURY-10)."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from cqpm.core.errors import RegleViolee
from cqpm.documents import jury as doc
from tests.documents.test_etat_recapitulatif import texte

ENTETE = doc.EnteteJury(
    "UIMM Lyon-Rhône",
    "Opérateur(trice) polyvalent d'équipe autonome",
    "MQ 2009 03 69 0283",
    datetime.date(2026, 6, 12),
    "Vénissieux",
    "Paul Président",
    "Directeur industriel, Mécanique du Rhône",
)
SALARIE = doc.LignePV(
    "J7-01",
    origine="SL",
    financement="PF",
    decision="A",
    capacites=("C1", "C2"),
    entreprise=doc.Entreprise("Mécanique du Rhône", "3 rue des Forges, 69200 Vénissieux", "25.62A", "M"),
)
DEMANDEUR = doc.LignePV("J7-02", origine="DE", financement="POEI", decision="NA", demandeur_emploi=True)


def test_pv_has_every_column_of_annex_7_R_JURY_10():
    lu = texte(doc.rendre_pv(doc.ProcesVerbal(ENTETE, (SALARIE, DEMANDEUR))))
    for attendu in [
        "PROCÈS-VERBAL DU JURY PARITAIRE DE DÉLIBÉRATION",
        "Qualification : MQ 2009 03 69 0283",
        "Opérateur(trice) polyvalent d'équipe autonome",
        "Nom et prénom du candidat",
        "Date et lieu de naissance",
        "Origine du candidat",
        "Dispositif de financement",
        "Raison sociale",
        "Adresse",
        "Code NACE",
        "Secteur",
        "Décision du jury",
        "Commentaire",
        "Mécanique du Rhône",
        "25.62A",
        "Capacités acquises : C1, C2",
        "Signature du Président du Jury Paritaire de Délibération",
    ]:
        assert attendu in lu


def test_job_seeker_row_shows_no_company_data_R_JURY_10():
    with pytest.raises(RegleViolee):
        doc.rendre_pv(doc.ProcesVerbal(ENTETE, (dataclasses.replace(DEMANDEUR, entreprise=SALARIE.entreprise),)))
    lu = texte(doc.rendre_pv(doc.ProcesVerbal(ENTETE, (DEMANDEUR,))))
    assert "J7-02 — DE POEI — — — — NA" in lu


def test_only_a_or_na_in_the_decision_column_R_JURY_09():
    with pytest.raises(RegleViolee) as e:
        doc.rendre_pv(doc.ProcesVerbal(ENTETE, (dataclasses.replace(SALARIE, decision="Ajourné"),)))
    assert e.value.rule == "R-JURY-09"
    absent = doc.LignePV("J7-03", origine="SL", financement="PF", presence="Excusé")
    assert "Excusé : le jury n'a pas délibéré" in texte(doc.rendre_pv(doc.ProcesVerbal(ENTETE, (absent,))))


def test_pv_before_signature_carries_codes_only_R_JURY_06():
    with pytest.raises(RegleViolee) as e:
        doc.rendre_pv(doc.ProcesVerbal(ENTETE, (dataclasses.replace(SALARIE, nom="DURAND Luc"),)))
    assert e.value.rule == "R-JURY-06"
    signe = doc.ProcesVerbal(ENTETE, (dataclasses.replace(SALARIE, nom="DURAND Luc"),), datetime.date(2026, 6, 12))
    lu = texte(doc.rendre_pv(signe))
    assert "DURAND Luc (J7-01)" in lu and "Signé le 12 juin 2026 par Paul Président" in lu


def test_attendance_sheet_as_annex_6_R_JURY_10():
    feuille = doc.FeuilleEmargement(
        ENTETE,
        (
            doc.PersonneEmargement("Paul Président", "Mécanique du Rhône", "Directeur industriel"),
            doc.PersonneEmargement("", "CFDT Métallurgie Rhône", "Organisation invitée"),
        ),
    )
    lu = texte(doc.rendre_emargement(feuille))
    for attendu in [
        "FEUILLE D'ÉMARGEMENT",
        "Jury paritaire de délibération du 12 juin 2026",
        "UIMM territoriale UIMM Lyon-Rhône",
        "CQPM ou bloc de compétences MQ 2009 03 69 0283",
        "Président Paul Président",
        "Qualité Directeur industriel, Mécanique du Rhône",
        "Fonction",
        "Signature",
        "CFDT Métallurgie Rhône",
        "Signature du Président",
    ]:
        assert attendu in lu


def test_convocation_says_the_8_day_employer_warning_R_JURY_08():
    c = doc.ConvocationMembre(
        ENTETE,
        "8 rue Gaspard Monge",
        "Anne Martin",
        "Forges de Lyon",
        "Délégation des organisations syndicales",
        True,
        "Le membre salarié doit prévenir son employeur au moins 8 jours calendaires avant le jury (R-JURY-08).",
        datetime.date(2026, 5, 27),
        ("J7-01", "J7-02"),
    )
    lu = texte(doc.rendre_convocation(c))
    assert "au moins 8 jours calendaires" in lu
    assert "Envoyée le 27 mai 2026" in lu and "J7-01, J7-02" in lu
