"""« Mon espace » (PORTAIL): a candidate sees his own inscriptions and the sections other apps register for them,
never another candidate's; staff have no space."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cqpm.candidats.services import fusionner_candidats
from cqpm.comptes.enums import Role
from cqpm.core.acteurs import SYSTEME
from cqpm.portail import sections
from cqpm.portail.sections import Section, enregistrer_section, enregistrer_section_generale, retirer_section
from tests.factories import CandidatFactory, CompteCandidatFactory, InscriptionFactory, UtilisateurFactory
from tests.portail.outils import texte

pytestmark = pytest.mark.django_db


def connecte(compte) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(compte.utilisateur if hasattr(compte, "utilisateur") else compte)
    return client


@pytest.fixture
def deux_candidats():  # type: ignore[no-untyped-def]
    moi, autre = CompteCandidatFactory(), CompteCandidatFactory()
    return moi, autre, InscriptionFactory(candidat=moi.candidat), InscriptionFactory(candidat=autre.candidat)


def test_a_candidate_sees_his_inscriptions_and_never_another_candidates_PORTAIL(deux_candidats):
    moi, autre, la_mienne, la_sienne = deux_candidats
    page = connecte(moi).get(reverse("portail:espace"))
    html = texte(page)
    assert page.status_code == 200
    for attendu in (la_mienne.qualification.intitule, la_mienne.centre_examen.nom, "Le CQPM entier", "version 1"):
        assert attendu in html
    assert la_sienne.qualification.intitule not in html and autre.candidat.nom not in html
    assert f'href="{reverse("portail:espace")}" aria-current="page">Mon espace</a>' in html


def test_the_target_blocs_are_listed_PORTAIL():
    compte = CompteCandidatFactory()
    inscription = InscriptionFactory(candidat=compte.candidat)
    bloc = inscription.version.blocs.first()
    inscription.blocs.set([bloc])
    html = texte(connecte(compte).get(reverse("portail:espace")))
    assert f"Bloc {bloc.numero} : {bloc.intitule}" in html and "Le CQPM entier" not in html


def test_staff_and_visitors_have_no_space_PORTAIL(deux_candidats):
    assert Client().get(reverse("portail:espace")).url.startswith(reverse("comptes:connexion"))
    staff = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=deux_candidats[2].centre_examen)
    page = connecte(staff).get(reverse("portail:espace"))
    assert page.status_code == 403 and "Mon espace" not in texte(page)
    assert "Espaces candidats" in texte(page)  # staff's own entry: inviting
    sans_lien = UtilisateurFactory(role=Role.CANDIDAT)
    assert connecte(sans_lien).get(reverse("portail:espace")).status_code == 403


def test_after_a_merge_the_account_follows_the_entry_kept_PORTAIL(deux_candidats):
    moi = deux_candidats[0]
    meme_personne = CandidatFactory(nom=moi.candidat.nom, date_naissance=moi.candidat.date_naissance)
    conserve = InscriptionFactory(candidat=meme_personne).candidat  # the same person recorded twice (R-REG-04)
    fusionner_candidats(conserve, moi.candidat, acteur=SYSTEME)
    html = texte(connecte(moi).get(reverse("portail:espace")))
    assert deux_candidats[2].qualification.intitule in html  # his inscription moved to the entry kept


# The extension mechanism: sections registered by other apps.


@pytest.fixture
def fournisseurs_de_test():  # type: ignore[no-untyped-def]
    vus: list[tuple[int, int | None]] = []

    def resultats(candidat, inscription):  # type: ignore[no-untyped-def]
        vus.append((candidat.pk, inscription.pk))
        elements = [("Inscription", f"n° {inscription.pk}"), ("Candidat", candidat.nom)]
        return Section(
            titre="Résultats d'essai", gabarit="portail/sections/_elements.html", contexte={"elements": elements}
        )

    def rien(candidat, inscription):  # type: ignore[no-untyped-def]
        return None

    def documents(candidat):  # type: ignore[no-untyped-def]
        vus.append((candidat.pk, None))
        return Section(titre="Documents d'essai", gabarit="portail/sections/_elements.html", ordre=1)

    enregistrer_section("essai.resultats", resultats)
    enregistrer_section("essai.rien", rien)
    enregistrer_section_generale("essai.documents", documents)
    yield vus
    for nom in ("essai.resultats", "essai.rien", "essai.documents"):
        retirer_section(nom)


def test_registered_sections_appear_under_each_of_the_candidates_own_parcours_PORTAIL(
    deux_candidats, fournisseurs_de_test
):
    moi, _, la_mienne, la_sienne = deux_candidats
    deuxieme = InscriptionFactory(candidat=moi.candidat)
    html = texte(connecte(moi).get(reverse("portail:espace")))
    assert html.count("<h3") == 2 and html.count("Résultats d'essai") == 2
    assert f"n° {la_mienne.pk}" in html and f"n° {deuxieme.pk}" in html and f"n° {la_sienne.pk}" not in html
    assert '<h2 id="section-generale-1">Documents d\'essai</h2>' in html and "Rien pour le moment." in html
    assert set(fournisseurs_de_test) == {
        (moi.candidat.pk, la_mienne.pk),
        (moi.candidat.pk, deuxieme.pk),
        (moi.candidat.pk, None),
    }


def test_registering_a_name_again_replaces_and_removing_forgets_PORTAIL(fournisseurs_de_test):
    compte = CompteCandidatFactory()
    inscription = InscriptionFactory(candidat=compte.candidat)
    enregistrer_section(
        "essai.resultats", lambda c, i: Section(titre="Remplacée", gabarit="portail/sections/_elements.html")
    )
    assert [s.titre for s in sections.sections_du_parcours(compte.candidat, inscription)] == ["Remplacée"]
    retirer_section("essai.resultats")
    assert sections.sections_du_parcours(compte.candidat, inscription) == []
    assert "essai.documents" in sections.fournisseurs()


def test_sections_are_ordered_then_named_and_names_are_dotted_PORTAIL(fournisseurs_de_test):
    compte = CompteCandidatFactory()
    inscription = InscriptionFactory(candidat=compte.candidat)
    enregistrer_section("essai.b", lambda c, i: Section(titre="B", gabarit="x.html", ordre=5))
    enregistrer_section("essai.a", lambda c, i: Section(titre="A", gabarit="x.html", ordre=5))
    enregistrer_section("essai.z", lambda c, i: Section(titre="Z", gabarit="x.html", ordre=1))
    try:
        titres = [s.titre for s in sections.sections_du_parcours(compte.candidat, inscription)]
        assert titres == ["Z", "A", "B", "Résultats d'essai"]
    finally:
        for nom in ("essai.a", "essai.b", "essai.z"):
            retirer_section(nom)
    with pytest.raises(ValueError, match=r"app\.section"):
        enregistrer_section("sans_point", lambda c, i: None)


def test_a_provider_is_never_asked_about_another_candidates_inscription_PORTAIL(deux_candidats, fournisseurs_de_test):
    moi, _, _, la_sienne = deux_candidats
    with pytest.raises(ValueError, match="n'appartient pas"):
        sections.sections_du_parcours(moi.candidat, la_sienne)
    assert fournisseurs_de_test == []
