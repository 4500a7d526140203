"""The catalogue query service: search, filters, public visibility, dated lists (R-LIST-03), fiches (R-REF-03)."""

from __future__ import annotations

import datetime

import pytest

from cqpm.core.errors import Introuvable
from cqpm.referentiels.catalogue import fiche, numero_recherche, rechercher, trouver_par_numero
from cqpm.referentiels.enums import Categorie, Liste, StatutQualification, StatutVersion
from cqpm.referentiels.models import (
    AncienNumero,
    Bloc,
    InscriptionListe,
    Qualification,
    VersionReferentiel,
    ecriture_historique,
)
from tests.factories import QualificationFactory, VersionFactory, referentiel_complet


def referentiel(**kwargs) -> VersionReferentiel:  # type: ignore[no-untyped-def]
    """A decided version with its content: written as a past decision, like the historical import does."""
    with ecriture_historique():
        return referentiel_complet(**kwargs)


NUMERO = "MQ 2005 12 69 0245 R"
ANCIEN = "MQ 2005 12 38 0245 R"


@pytest.fixture
def operateur() -> Qualification:
    version = referentiel(
        qualification__intitule="Opérateur(trice) polyvalent d'équipe autonome",
        qualification__numero=NUMERO,
        qualification__sequence=245,
        qualification__date_creation=datetime.date(2005, 12, 15),
        qualification__code_rncp="28245",
        qualification__codes_nsf=["200u"],
        qualification__codes_rome=["H2906"],
        categorie=Categorie.C_ETOILE,
    )
    qualification = version.qualification
    AncienNumero.objects.create(qualification=qualification, numero=ANCIEN, remplace_le=datetime.date(2012, 1, 1))
    qualification.save()
    return qualification


@pytest.fixture
def autres() -> list[Qualification]:
    return [
        referentiel(qualification__intitule="Technicien(ne) en usinage", categorie=Categorie.B).qualification,
        referentiel(qualification__intitule="Opérateur régleur", categorie=Categorie.A).qualification,
    ]


def intitules(qs) -> list[str]:  # type: ignore[no-untyped-def]
    return [q.intitule for q in qs]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "texte",
    [
        "operateur polyvalent",
        "OPÉRATEUR Polyvalent",
        "équipe autonome",
        "28245",
        "RNCP28245",
        "rncp 28245",
        "200u",
        "h2906",
        NUMERO,
        "mq 2005 12 69 0245 r",
        "MQ200512690245R",
        "MQ 2005 12 69 0245",
        "M BDC0001 2005 12 69 0245 R",
    ],
)
def test_search_is_accent_case_and_spacing_insensitive_over_titles_numbers_and_codes(operateur, autres, texte):
    assert intitules(rechercher(texte=texte)) == ["Opérateur(trice) polyvalent d'équipe autonome"]


@pytest.mark.django_db
@pytest.mark.parametrize("texte", [ANCIEN, ANCIEN.replace(" ", "").lower()])
def test_former_number_stays_findable_R_ID_03(operateur, autres, texte):
    assert list(rechercher(texte=texte)) == [operateur]
    assert trouver_par_numero(ANCIEN.lower()) == operateur


@pytest.mark.django_db
def test_every_word_must_match_and_results_are_ordered_by_title(operateur, autres):
    assert intitules(rechercher(texte="operateur")) == [
        "Opérateur régleur",
        "Opérateur(trice) polyvalent d'équipe autonome",
    ]
    assert intitules(rechercher(texte="operateur usinage")) == []
    assert intitules(rechercher()) == sorted(intitules(rechercher()))
    assert rechercher().count() == 3


@pytest.mark.django_db
def test_a_number_is_matched_whole_not_word_by_word(operateur, autres):
    """« R » or « 12 » alone match nearly everything: a number must match as one."""
    assert list(rechercher(texte="MQ 2015 06 69 0245 R")) == []


def test_numero_recherche_recognises_cqpm_and_bloc_numbers_only():
    assert numero_recherche(" mq 2005 12 69 0245 r ") == NUMERO
    assert numero_recherche("M BDC0002 2005 12 69 0245 R") == NUMERO
    assert numero_recherche("operateur") is None
    assert numero_recherche("") is None


@pytest.mark.django_db
def test_filters_by_category_of_the_current_version_R_CAT_01(operateur, autres):
    assert intitules(rechercher(categorie=Categorie.C_ETOILE)) == [operateur.intitule]
    assert intitules(rechercher(categorie=Categorie.A)) == ["Opérateur régleur"]
    assert list(rechercher(categorie=Categorie.D)) == []
    VersionFactory(qualification=operateur, numero=2, statut=StatutVersion.BROUILLON, categorie=Categorie.D)
    assert list(rechercher(categorie=Categorie.D)) == [], "a draft revision does not reclass the qualification"


@pytest.mark.django_db
def test_filters_by_status(operateur, autres):
    Qualification.objects.filter(pk=autres[0].pk).update(statut=StatutQualification.EN_VEILLE)
    assert intitules(rechercher(statut=StatutQualification.EN_VEILLE)) == ["Technicien(ne) en usinage"]
    assert len(rechercher(statut=StatutQualification.EN_VIGUEUR)) == 2


@pytest.mark.django_db
def test_drafts_are_hidden_from_the_public_R_LC_CRE_05(operateur):
    projet = QualificationFactory(
        intitule="Opérateur projet", statut=StatutQualification.PROJET, numero=None, sequence=None, date_creation=None
    )
    assert projet not in rechercher(texte="operateur")
    assert list(rechercher(statut=StatutQualification.PROJET)) == []
    assert projet in rechercher(texte="operateur", public=False)
    with pytest.raises(Introuvable):
        fiche(projet.pk)
    brouillon = VersionFactory(qualification=projet, statut=StatutVersion.BROUILLON)
    assert fiche(projet.pk, public=False).version == brouillon, "those allowed read the draft referential"


@pytest.mark.django_db
def test_list_filter_answers_what_was_on_liste_B_on_a_past_date_R_LIST_03(operateur, autres):
    usinage, regleur = autres
    InscriptionListe.objects.create(qualification=operateur, liste=Liste.A, debut=datetime.date(2015, 1, 1))
    InscriptionListe.objects.create(
        qualification=operateur, liste=Liste.B, debut=datetime.date(2016, 1, 1), fin=datetime.date(2019, 6, 30)
    )
    InscriptionListe.objects.create(qualification=usinage, liste=Liste.B, debut=datetime.date(2018, 3, 1))
    InscriptionListe.objects.create(qualification=regleur, liste=Liste.A, debut=datetime.date(2015, 1, 1))

    def sur_b(le: datetime.date) -> list[str]:
        return intitules(rechercher(liste=Liste.B, le=le))

    assert sur_b(datetime.date(2015, 12, 31)) == []
    assert sur_b(datetime.date(2017, 1, 1)) == [operateur.intitule]
    assert sur_b(datetime.date(2018, 3, 1)) == [operateur.intitule, usinage.intitule]
    assert sur_b(datetime.date(2019, 6, 30)) == [usinage.intitule], "withdrawn on 30/06/2019: off the list that day"
    assert intitules(rechercher(liste=Liste.B)) == [usinage.intitule]
    assert len(rechercher(liste=Liste.A)) == 2


@pytest.mark.django_db
def test_results_carry_the_lists_open_on_the_date(operateur):
    InscriptionListe.objects.create(qualification=operateur, liste=Liste.A, debut=datetime.date(2015, 1, 1))
    InscriptionListe.objects.create(
        qualification=operateur, liste=Liste.B, debut=datetime.date(2016, 1, 1), fin=datetime.date(2019, 6, 30)
    )
    (aujourd_hui,) = rechercher()
    assert [i.liste for i in aujourd_hui.listes_en_cours] == [Liste.A]
    (en_2017,) = rechercher(le=datetime.date(2017, 1, 1))
    assert [i.liste for i in en_2017.listes_en_cours] == [Liste.A, Liste.B]


@pytest.mark.django_db
def test_fiche_by_id_current_or_former_number_gives_the_whole_referential(operateur):
    for cle in (operateur.pk, str(operateur.pk), NUMERO, NUMERO.replace(" ", ""), ANCIEN):
        f = fiche(cle)
        assert f.qualification == operateur
    assert f.est_version_courante
    assert [[c.code for c in b.capacites.all()] for b in f.blocs] == [["C1", "C2", "C3"], ["C4", "C5", "C6"]]
    assert [m.modalite for m in f.blocs[0].capacites.all()[0].modalites.all()] == ["a_reelle"]
    assert [a.numero for a in f.anciens_numeros] == [ANCIEN]
    assert [c.territoriale.departement for c in f.centres] == ["69"]
    assert "coefficient 285" in f.explication_categorie


@pytest.mark.django_db
def test_old_decided_versions_stay_readable_drafts_do_not_R_REF_03(operateur):
    ancienne = operateur.version_courante
    nouvelle = VersionFactory(
        qualification=operateur,
        numero=2,
        categorie=Categorie.C,
        date_decision=datetime.date(2020, 1, 10),
        date_application=datetime.date(2020, 1, 10),
    )
    with ecriture_historique():
        Bloc.objects.create(version=nouvelle, numero=1, intitule="Nouveau bloc")
    operateur.version_courante = nouvelle
    operateur.save()
    VersionFactory(qualification=operateur, numero=3, statut=StatutVersion.BROUILLON)

    courante = fiche(operateur.pk)
    assert courante.version == nouvelle
    assert [v.numero for v in courante.historique] == [2, 1]

    v1 = fiche(operateur.pk, version=1)
    assert v1.version == ancienne and not v1.est_version_courante
    assert [b.intitule for b in v1.blocs] == ["Bloc 1", "Bloc 2"]
    with pytest.raises(Introuvable):
        fiche(operateur.pk, version=3)
    assert fiche(operateur.pk, version=3, public=False).version.numero == 3


@pytest.mark.django_db
def test_unknown_qualification_or_version_is_introuvable(operateur):
    for cle in (999_999, "MQ 2001 01 69 9999", "pas un numéro"):
        with pytest.raises(Introuvable):
            fiche(cle)
    with pytest.raises(Introuvable):
        fiche(operateur.pk, version=7)


@pytest.mark.django_db
@pytest.mark.parametrize("texte", ["operateur polyvalent", "Opérateur(trice) polyvalent", "28245", "RNCP28245", "200u"])
def test_real_fiche_28245_is_found_by_title_and_codes_R_REF_04(fiche_28245, autres, texte):
    assert list(rechercher(texte=texte)) == [fiche_28245]
    assert list(rechercher(texte=fiche_28245.numero.replace(" ", ""))) == [fiche_28245]


@pytest.mark.django_db
def test_real_fiche_28245_gives_blocs_C1_C7_and_C8_C12_and_activities_R_REF_04(fiche_28245, django_assert_num_queries):
    with django_assert_num_queries(9):
        f = fiche(fiche_28245.numero)
        codes = [[c.code for c in b.capacites.all()] for b in f.blocs]
        modalites = {m.modalite for b in f.blocs for c in b.capacites.all() for m in c.modalites.all()}
    assert codes == [[f"C{n}" for n in range(1, 8)], [f"C{n}" for n in range(8, 13)]]
    assert [a.code for a in f.activites] == ["A1", "A2", "A3", "A4"]
    assert "a_reelle" in modalites
    assert [v.numero for v in f.historique] == [1]
