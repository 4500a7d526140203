"""Who may be registered and through which path: R-ACC-01, R-ACC-02, R-REG-01, R-REG-04 (Annex 7)."""

from __future__ import annotations

import datetime

import pytest

from cqpm.candidats import services
from cqpm.candidats.enums import Financement, Origine, Parcours, TypeBeneficiaire, VoieInscription
from cqpm.comptes.enums import Role
from cqpm.core.errors import RegleViolee
from cqpm.organisations.enums import Secteur, TypeOrganisation
from cqpm.organisations.models import Organisation
from tests.candidats.outils import DEMANDEUR_EMPLOI, agent
from tests.cycle_de_vie.outils import a_la_date
from tests.factories import CandidatFactory, EntrepriseFactory, QualificationFactory, referentiel_complet

pytestmark = pytest.mark.django_db


def refus(regle: str, fonction, *args, **kwargs) -> RegleViolee:  # type: ignore[no-untyped-def]
    with pytest.raises(RegleViolee) as exc:
        fonction(*args, **kwargs)
    assert exc.value.rule == regle, exc.value.message
    assert f"({regle}" in exc.value.message or f"{regle})" in exc.value.message
    return exc.value


def test_beneficiaries_are_employees_of_metallurgy_or_other_branches_or_job_seekers_R_ACC_01(cadre):
    hors_metaux = EntrepriseFactory(secteur=Secteur.HORS_METAUX, branche="Plasturgie")
    refus("R-ACC-01", cadre.inscrire, entreprise=hors_metaux)  # declared a metallurgy employee
    refus("R-ACC-01", cadre.inscrire, type_beneficiaire=TypeBeneficiaire.SALARIE_AUTRE_BRANCHE)
    refus("R-ACC-01", cadre.inscrire, type_beneficiaire="etudiant")
    inscription = cadre.inscrire(entreprise=hors_metaux, type_beneficiaire=TypeBeneficiaire.SALARIE_AUTRE_BRANCHE)
    assert inscription.entreprise.secteur == Secteur.HORS_METAUX and inscription.entreprise.branche == "Plasturgie"


def test_apprentice_only_through_cpf_R_ACC_02(cadre):
    erreur = refus("R-ACC-02", cadre.inscrire, apprenti=True)
    assert erreur.code == "apprenti_hors_cpf" and "Plan de Formation" in erreur.message
    refus("R-ACC-02", cadre.inscrire, financement=Financement.CPFCA)  # CPFCA is an apprentice's scheme
    inscription = cadre.inscrire(apprenti=True, financement=Financement.CPFCA)
    assert inscription.apprenti and inscription.financement == "CPFCA"


def test_never_through_initial_training_R_ACC_02(cadre):
    erreur = refus("R-ACC-02", cadre.inscrire, parcours="formation_initiale")
    assert "jamais par la formation initiale" in erreur.message


def test_vae_only_on_a_cqpm_registered_in_the_rncp_R_ACC_02(cadre):
    vae = {"parcours": Parcours.VAE, "voie": VoieInscription.DIRECTE, "financement": Financement.CVAE}
    erreur = refus("R-ACC-02", cadre.inscrire, **vae)
    assert erreur.code == "vae_hors_rncp"
    enregistree = referentiel_complet(qualification=QualificationFactory(code_rncp="35000")).qualification
    assert cadre.inscrire(qualification=enregistree, **vae).parcours == Parcours.VAE


def test_vae_on_fiche_28245_only_while_its_rncp_registration_runs_R_ACC_02(cadre, fiche_28245):
    vae = {"parcours": Parcours.VAE, "voie": VoieInscription.DIRECTE, "financement": Financement.CVAE}
    refus("R-ACC-02", cadre.inscrire, qualification=fiche_28245, **vae)  # registration ended on 21/04/2022
    with a_la_date(datetime.date(2020, 3, 2)):
        inscription = cadre.inscrire(qualification=fiche_28245, **vae)
    assert inscription.version == fiche_28245.version_courante


def test_the_exam_centre_is_an_active_uimm_territoriale_R_REG_01(cadre):
    par_l_entreprise = agent(cadre.entreprise, Role.ENTREPRISE)
    refus("R-REG-01", cadre.inscrire, CandidatFactory(), centre_examen=cadre.organisme, acteur=par_l_entreprise)
    cadre.centre.active = False
    cadre.centre.save()
    erreur = refus("R-REG-01", cadre.inscrire)
    assert erreur.code == "centre_inactif"


def test_direct_registration_only_for_cif_individual_vae_or_cpf_without_agreement_R_REG_01(cadre):
    directe = {"voie": VoieInscription.DIRECTE}
    erreur = refus("R-REG-01", cadre.inscrire, **directe)  # plan de formation: goes through the company
    assert erreur.code == "voie_directe_refusee"
    refus("R-REG-01", cadre.inscrire, financement=Financement.CPF, accord_employeur=True, **directe)
    assert cadre.inscrire(financement=Financement.CIF, **directe).voie == VoieInscription.DIRECTE
    autre = cadre.inscrire(financement=Financement.CPF, qualification=referentiel_complet().qualification, **directe)
    assert not autre.accord_employeur


def test_registration_through_a_company_or_an_organisation_names_it_R_REG_01(cadre):
    refus("R-REG-01", cadre.inscrire, voie=VoieInscription.ORGANISME_FORMATION)
    refus("R-REG-01", cadre.inscrire, entreprise=cadre.organisme)  # not a company
    refus("R-REG-01", cadre.inscrire, voie=VoieInscription.ORGANISME_FORMATION, organisme_formation=cadre.entreprise)
    inscription = cadre.inscrire(voie=VoieInscription.ORGANISME_FORMATION, organisme_formation=cadre.organisme)
    assert inscription.organisme_formation == cadre.organisme


def test_a_job_seeker_has_no_company_data_R_REG_04(cadre):
    de = {**DEMANDEUR_EMPLOI, "organisme_formation": cadre.organisme}
    erreur = refus("R-REG-04", cadre.inscrire, **de)  # cadre.inscrire passes the company by default
    assert erreur.code == "demandeur_emploi_avec_entreprise"
    refus("R-REG-04", cadre.inscrire, **{**de, "entreprise": None, "financement": Financement.PF})
    refus("R-REG-04", cadre.inscrire, **{**de, "entreprise": None, "origine": Origine.SALARIE})
    refus("R-REG-01", cadre.inscrire, **{**de, "entreprise": None, "voie": VoieInscription.ENTREPRISE})
    inscription = cadre.inscrire(**{**de, "entreprise": None})
    assert inscription.entreprise is None and inscription.origine == Origine.DEMANDEUR_EMPLOI


def test_an_employee_comes_with_his_company_and_a_consistent_financing_R_REG_04(cadre):
    refus("R-REG-04", cadre.inscrire, entreprise=None, voie=VoieInscription.DIRECTE, financement=Financement.CIF)
    refus("R-REG-04", cadre.inscrire, financement=Financement.POEC)
    refus("R-REG-04", cadre.inscrire, financement=Financement.CVAE)  # finances a VAE only
    refus("R-REG-04", cadre.inscrire, origine=Origine.DEMANDEUR_EMPLOI)
    for origine in (Origine.INTERIMAIRE, Origine.CPF):
        inscription = cadre.inscrire(
            origine=origine, financement=Financement.CPI, qualification=referentiel_complet().qualification
        )
        assert inscription.origine == origine


def test_candidate_data_needed_downstream_are_required_R_REG_04(cadre):
    etat_civil = {
        "nom": "Martin",
        "prenoms": "Léa",
        "date_naissance": datetime.date(1995, 2, 3),
        "commune_naissance": " ",
        "departement_naissance": "",
        "pays_naissance": "France",
    }
    erreur = refus("R-REG-04", services.creer_candidat, acteur=cadre.personnel, **etat_civil)
    assert [d["champ"] for d in erreur.details] == ["commune_naissance", "departement_naissance"]
    etat_civil.update(commune_naissance="Oran", departement_naissance="Étranger", pays_naissance="Algérie")
    refus("R-REG-04", services.creer_candidat, acteur=cadre.personnel, **{**etat_civil, "courriel": "léa@"})
    futur = {**etat_civil, "date_naissance": datetime.date.today() + datetime.timedelta(days=1)}
    refus("R-REG-04", services.creer_candidat, acteur=cadre.personnel, **futur)
    candidat = services.creer_candidat(acteur=cadre.personnel, **etat_civil)
    assert (candidat.commune_naissance, candidat.pays_naissance, candidat.cree_par) == (
        "Oran",
        "Algérie",
        cadre.personnel,
    )


def test_organisations_of_an_inscription_come_from_the_organisation_table(cadre):
    """Raison sociale, address, NACE code and sector M/HM are read from the company (Annex 7), not copied."""
    inscription = cadre.inscrire()
    entreprise = Organisation.objects.get(pk=inscription.entreprise_id)
    assert entreprise.type == TypeOrganisation.ENTREPRISE
    assert (entreprise.nom, entreprise.code_nace, entreprise.secteur) == ("Forges de Vénissieux", "25.62A", "M")
    assert set(inscription.organisations_concernees()) == {cadre.centre, cadre.entreprise}


def test_missing_first_names_are_said_in_plural_R_REG_04(cadre):
    etat_civil = {
        "nom": "Martin",
        "prenoms": " ",
        "date_naissance": datetime.date(1995, 2, 3),
        "commune_naissance": "Lyon",
        "departement_naissance": "69",
    }
    erreur = refus("R-REG-04", services.creer_candidat, acteur=cadre.personnel, **etat_civil)
    assert erreur.details == [{"champ": "prenoms", "message": "Les prénoms sont obligatoires."}]
    erreur = refus("R-REG-04", services.creer_candidat, acteur=cadre.personnel, **{**etat_civil, "nom": ""})
    assert erreur.details[0] == {"champ": "nom", "message": "Le nom est obligatoire."}
