"""Public catalogue pages: no login, work without JavaScript, htmx partials, fixed query counts, French 404."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cqpm.comptes.enums import Role
from cqpm.referentiels.enums import Categorie, Liste, StatutQualification, StatutVersion
from cqpm.referentiels.models import (
    AncienNumero,
    InscriptionListe,
    Qualification,
    VersionReferentiel,
    ecriture_historique,
)
from tests.factories import (
    QualificationFactory,
    TerritorialeFactory,
    UtilisateurFactory,
    VersionFactory,
    referentiel_complet,
)


def referentiel(**kwargs) -> VersionReferentiel:  # type: ignore[no-untyped-def]
    """A decided version with its content: written as a past decision, like the historical import does."""
    with ecriture_historique():
        return referentiel_complet(**kwargs)


NUMERO = "MQ 2005 12 69 0245 R"
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "resultats"}


@pytest.fixture
def operateur() -> Qualification:
    qualification = referentiel(
        blocs=2,
        capacites_par_bloc=3,
        qualification__intitule="Opérateur(trice) polyvalent d'équipe autonome",
        qualification__numero=NUMERO,
        qualification__sequence=245,
        qualification__code_rncp="28245",
        qualification__codes_nsf=["200u"],
        qualification__codes_rome=["H2906"],
        qualification__rncp_date_arrete=datetime.date(2017, 4, 7),
        qualification__rncp_date_jo=datetime.date(2017, 4, 21),
        qualification__attributions_annuelles_moyennes=284,
        categorie=Categorie.C_ETOILE,
    ).qualification
    InscriptionListe.objects.create(qualification=qualification, liste=Liste.A, debut=datetime.date(2015, 1, 1))
    return qualification


def nouvelle_version(qualification: Qualification) -> VersionReferentiel:
    version = referentiel(
        qualification=qualification,
        numero=2,
        date_decision=datetime.date(2020, 1, 10),
        date_application=datetime.date(2020, 1, 10),
        categorie=Categorie.C,
    )
    qualification.refresh_from_db()
    return version


@pytest.mark.django_db
def test_catalogue_without_javascript_is_a_full_page_with_labelled_form(client, operateur):
    reponse = client.get(reverse("referentiels:catalogue"), {"q": "operateur polyvalent"})
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<html" in html and '<label for="id_q">' in html and 'aria-live="polite"' in html
    assert operateur.intitule.replace("'", "&#x27;") in html
    assert "1 qualification trouvée" in html


@pytest.mark.django_db
def test_htmx_search_returns_only_the_results_and_announces_them(client, operateur):
    reponse = client.get(reverse("referentiels:catalogue"), {"q": "polyvalent"}, **HTMX)
    html = reponse.content.decode()
    assert "<html" not in html and "<table" in html
    assert 'id="annonce" hx-swap-oob="innerHTML"' in html
    assert "HX-Request" in reponse["Vary"]
    historique = client.get(reverse("referentiels:catalogue"), **HTMX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in historique.content.decode()


@pytest.mark.django_db
def test_no_result_is_said_in_words(client, operateur):
    reponse = client.get(reverse("referentiels:catalogue"), {"q": "chaudronnier"})
    assert "Aucune qualification ne correspond à votre recherche." in reponse.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("q", [NUMERO, "mq 2005 12 69 0245 r", "MQ 2005 12 38 0245 R"])
def test_searching_exactly_a_number_opens_its_fiche_R_ID_03(client, operateur, q):
    AncienNumero.objects.create(qualification=operateur, numero="MQ 2005 12 38 0245 R", remplace_le="2012-01-01")
    operateur.save()
    reponse = client.get(reverse("referentiels:catalogue"), {"q": q})
    assert reponse.status_code == 302 and reponse["Location"] == reverse("referentiels:detail", args=[operateur.pk])


@pytest.mark.django_db
def test_stable_address_by_number(client, operateur):
    reponse = client.get("/catalogue/numero/MQ%202005%2012%2069%200245%20R/")
    assert reponse.status_code == 302 and reponse["Location"] == f"/catalogue/{operateur.pk}/"
    assert client.get("/catalogue/numero/MQ200512690245R/")["Location"] == f"/catalogue/{operateur.pk}/"
    assert client.get("/catalogue/numero/MQ%202001%2001%2069%209999/").status_code == 404


@pytest.mark.django_db
def test_filters_and_pagination_keep_the_query(client, operateur):
    for n in range(25):
        referentiel(blocs=0, qualification__intitule=f"Soudeur {n:02d}")
    reponse = client.get(reverse("referentiels:catalogue"), {"q": "soudeur", "categorie": "B"})
    html = reponse.content.decode()
    assert "25 qualifications trouvées — page 1 sur 2" in html
    assert "?q=soudeur&amp;categorie=B&amp;page=2" in html
    page2 = client.get(reverse("referentiels:catalogue"), {"q": "soudeur", "categorie": "B", "page": 2})
    assert "Soudeur 24" in page2.content.decode()
    assert (
        "25 qualifications" not in client.get(reverse("referentiels:catalogue"), {"categorie": "C*"}).content.decode()
    )


@pytest.mark.django_db
def test_invalid_filter_is_reported_and_ignored(client, operateur):
    html = client.get(reverse("referentiels:catalogue"), {"categorie": "Z", "q": "polyvalent"}).content.decode()
    assert "Sélectionnez un choix valide" in html and "1 qualification trouvée" in html


@pytest.mark.django_db
def test_fiche_shows_identification_rncp_lists_and_referential_R_REF_04(client, operateur):
    html = client.get(reverse("referentiels:detail", args=[operateur.pk])).content.decode()
    for attendu in (
        NUMERO,
        "Catégorie C*",
        "coefficient 285",
        "RNCP28245",
        "7 avril 2017",
        "21 avril 2017",
        "200u",
        "H2906",
        "284",
        "UIMM territoriale 69",
        "Liste A de la CPNEFP",
        "Bloc 1 — Bloc 1",
        "Situation professionnelle réelle",
        'aria-label="Fil d\'Ariane"',
    ):
        assert attendu in html, attendu
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_old_version_has_its_own_page_forever_R_REF_03(client, operateur):
    nouvelle_version(operateur)
    html = client.get(reverse("referentiels:version", args=[operateur.pk, 1])).content.decode()
    assert "Version 1 du référentiel" in html and "Consulter la version en vigueur (version 2)" in html
    courante = client.get(reverse("referentiels:detail", args=[operateur.pk])).content.decode()
    assert reverse("referentiels:version", args=[operateur.pk, 1]) in courante


@pytest.mark.django_db
def test_unknown_ids_and_drafts_give_a_french_404(client, operateur):
    projet = QualificationFactory(statut=StatutQualification.PROJET, numero=None, sequence=None, date_creation=None)
    for url in (
        reverse("referentiels:detail", args=[999_999]),
        reverse("referentiels:detail", args=[projet.pk]),
        reverse("referentiels:version", args=[operateur.pk, 9]),
        "/nimporte-quoi/",
    ):
        reponse = client.get(url)
        assert reponse.status_code == 404
        assert "Page introuvable" in reponse.content.decode() and 'lang="fr"' in reponse.content.decode()


@pytest.mark.django_db
def test_catalogue_page_query_count_does_not_grow_with_results(client, django_assert_num_queries, operateur):
    with django_assert_num_queries(3):
        client.get(reverse("referentiels:catalogue"))
    for _ in range(15):
        q = referentiel().qualification
        InscriptionListe.objects.create(qualification=q, liste=Liste.B, debut=datetime.date(2016, 1, 1))
    with django_assert_num_queries(3):
        client.get(reverse("referentiels:catalogue"), {"liste": "B"})


@pytest.mark.django_db
def test_fiche_query_count_does_not_grow_with_blocs_and_capacities(client, django_assert_num_queries, operateur):
    with django_assert_num_queries(9):
        client.get(reverse("referentiels:detail", args=[operateur.pk]))
    grande = referentiel(blocs=6, capacites_par_bloc=8).qualification
    with django_assert_num_queries(9):
        client.get(reverse("referentiels:detail", args=[grande.pk]))
    with django_assert_num_queries(10):
        client.get(reverse("referentiels:version", args=[grande.pk, 1]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "verifie", "voit"),
    [
        (None, False, False),
        (Role.SECRETARIAT_GTP, False, False),
        (Role.SECRETARIAT_GTP, True, True),
        (Role.MEMBRE_GTP, True, True),
        (Role.TERRITORIALE, False, False),
    ],
)
def test_only_national_roles_after_2fa_see_drafts_like_the_api(client, operateur, role, verifie, voit):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    projet = QualificationFactory(
        intitule="Opérateur en projet",
        statut=StatutQualification.PROJET,
        numero=None,
        sequence=None,
        date_creation=None,
    )
    if role is not None:
        utilisateur = UtilisateurFactory(role=role, role__organisation=TerritorialeFactory(departement="69"))
        client.force_login(utilisateur)
        if verifie:
            appareil = TOTPDevice.objects.create(user=utilisateur, name="Test", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
            session.save()
    html = client.get(reverse("referentiels:catalogue"), {"q": "operateur"}).content.decode()
    assert ("Opérateur en projet" in html) is voit
    VersionFactory(qualification=projet, statut=StatutVersion.BROUILLON)
    reponse = client.get(reverse("referentiels:detail", args=[projet.pk]))
    assert reponse.status_code == (200 if voit else 404)
    assert ("Projet de référentiel (version 1)" in reponse.content.decode()) is voit
