"""Version chains, our certifier, and the blocs' RNCP registration on decided versions (R-REF-03, R-LC-CRE-06)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.test import override_settings

from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee
from cqpm.referentiels import catalogue
from cqpm.referentiels.enums import StatutVersion
from cqpm.referentiels.models import Bloc, Qualification, ecriture_enregistrement_rncp, ecriture_historique
from cqpm.referentiels.rncp import BlocRNCP as B
from cqpm.referentiels.rncp import Certificateur, Certificateurs, FicheRNCP, analyser, appliquer, comparer

DONNEES = Path(__file__).resolve().parent / "donnees_rncp"
CHAINE = DONNEES / "chaine_28245_40001.xml"
D = datetime.date
CPNE = (Certificateur("", "CPNE de la métallurgie"),)


def blocs(q: Qualification) -> list[tuple[int, str, datetime.date | None]]:
    return [(b.numero, b.code_rncp, b.date_enregistrement_rncp) for b in Bloc.objects.filter(version__qualification=q)]


@pytest.mark.django_db
def test_a_newer_registration_in_the_version_chain_is_followed_with_its_blocs(fiche_28245):
    rapport = analyser(CHAINE)
    (diff,) = rapport.qualifications
    assert diff.fiche == "RNCP40001"
    assert diff.champs["code_rncp"] == ("28245", "40001")
    assert diff.champs["rncp_codes_anciens"] == ([], ["28245"])
    assert diff.champs["rncp_fin"] == (D(2022, 4, 21), D(2028, 9, 15))
    assert diff.signalements == [
        "nouvel enregistrement RNCP : la fiche RNCP28245 est remplacée par RNCP40001 (chaîne des anciennes/nouvelles "
        "certifications) ; le code RNCP est repris"
    ]
    assert [(c.numero, c.champs) for c in diff.blocs] == [
        (
            n,
            {
                "code_rncp": (f"RNCP28245BC0{n}", f"RNCP40001BC0{n}"),
                "date_enregistrement_rncp": (D(2017, 4, 21), D(2023, 9, 15)),
            },
        )
        for n in (1, 2)
    ]
    assert rapport.inconnues == []  # the old fiche is the chain's, not an unknown CQPM of ours

    resultat = appliquer(rapport, acteur=SYSTEME)
    assert len(resultat.appliquees) == 1
    q = Qualification.objects.get(pk=fiche_28245.pk)
    assert q.version_courante.statut == StatutVersion.DECIDEE
    assert blocs(q) == [(1, "RNCP40001BC01", D(2023, 9, 15)), (2, "RNCP40001BC02", D(2023, 9, 15))]
    assert list(catalogue.rechercher(texte="RNCP40001")) == [q]
    assert list(catalogue.rechercher(texte="RNCP28245")) == [q]  # the former code stays findable


@pytest.mark.django_db
def test_a_bloc_renewed_under_the_same_code_keeps_its_first_registration_date_R_LC_CRE_06(fiche_28245):
    with ecriture_historique():
        Bloc.objects.filter(version__qualification=fiche_28245, numero=2).update(date_enregistrement_rncp=None)
    fiche = FicheRNCP(
        "RNCP28245",
        certificateurs=CPNE,
        date_effet=D(2022, 4, 21),
        blocs=(B("RNCP28245BC01"), B("RNCP28245BC02")),
    )
    (diff,) = comparer([fiche]).qualifications
    assert [(c.numero, c.champs) for c in diff.blocs] == [(2, {"date_enregistrement_rncp": (None, D(2022, 4, 21))})]
    plus_tot = FicheRNCP("RNCP28245", certificateurs=CPNE, date_effet=D(2016, 1, 4), blocs=(B("RNCP28245BC01"),))
    (diff,) = comparer([plus_tot]).qualifications
    assert diff.blocs[0].champs == {"date_enregistrement_rncp": (D(2017, 4, 21), D(2016, 1, 4))}


@pytest.mark.django_db
def test_blocs_that_do_not_match_are_reported_not_guessed(fiche_28245):
    fiche = FicheRNCP(
        "RNCP28245",
        certificateurs=CPNE,
        blocs=(B("RNCP28245BC01", "Autre libellé"), B("RNCP28245BC03"), B("01")),
    )
    (diff,) = comparer([fiche]).qualifications
    assert diff.blocs == []
    assert diff.signalements == [
        "bloc 1 : libellé RNCP « Autre libellé » différent du nôtre « Réalisation d'une production sur plusieurs "
        "postes » (non repris)",
        "bloc RNCP28245BC03 de la fiche : pas de bloc 3 dans la version en vigueur",
        "bloc « 01 » de la fiche : code non reconnu (attendu RNCP…BCnn), ignoré",
        "bloc 2 de la version en vigueur : absent de la fiche RNCP28245",
    ]


@pytest.mark.django_db
def test_only_the_registration_fields_of_a_decided_bloc_may_change_and_only_through_the_sync_R_REF_03(fiche_28245):
    bloc = Bloc.objects.get(version__qualification=fiche_28245, numero=1)
    bloc.code_rncp, bloc.date_enregistrement_rncp = "RNCP40001BC01", D(2023, 9, 15)
    with pytest.raises(RegleViolee, match=r"R-REF-03"):
        bloc.save(update_fields=["code_rncp", "date_enregistrement_rncp"])  # outside the sync
    with ecriture_enregistrement_rncp():
        bloc.intitule = "Nouvel intitulé"
        for champs in (["intitule"], ["code_rncp", "intitule"], None):
            with pytest.raises(RegleViolee, match=r"R-REF-03"):
                bloc.save(update_fields=champs)
        with pytest.raises(RegleViolee, match=r"R-REF-03"):
            Bloc.objects.filter(pk=bloc.pk).update(code_rncp="RNCP40001BC01")
        bloc.save(update_fields=["code_rncp", "date_enregistrement_rncp"])
    bloc.refresh_from_db()
    assert (bloc.code_rncp, bloc.date_enregistrement_rncp) == ("RNCP40001BC01", D(2023, 9, 15))
    assert bloc.intitule == "Réalisation d'une production sur plusieurs postes"


@pytest.mark.django_db
def test_without_a_current_version_the_blocs_are_reported_not_updated(fiche_28245):
    Qualification.objects.filter(pk=fiche_28245.pk).update(version_courante=None)
    fiche = FicheRNCP("RNCP28245", certificateurs=CPNE, date_effet=D(2022, 4, 21), blocs=(B("RNCP28245BC01"),))
    (diff,) = comparer([fiche]).qualifications
    assert diff.blocs == []
    assert "pas de version en vigueur : les blocs ne sont pas mis à jour" in diff.signalements


@pytest.mark.django_db
def test_active_fiches_of_our_certifier_unknown_to_the_register_are_listed(fiche_28245):
    fiches = [
        FicheRNCP("RNCP50000", intitule="CQPM inconnu", actif=True, certificateurs=CPNE),
        FicheRNCP("RNCP50001", intitule="CQPM ancien", actif=False, certificateurs=CPNE),
    ]
    assert comparer(fiches).inconnues == ["RNCP50000 « CQPM inconnu »"]


@pytest.mark.parametrize(
    ("nom", "notre"),
    [
        ("Commission paritaire nationale de l’emploi (CPNE) de la métallurgie", True),
        ("CPNE DE LA METALLURGIE", True),
        ("Commission paritaire nationale de l'emploi et de la formation professionnelle de la métallurgie", True),
        ("Union des industries et métiers de la métallurgie (UIMM)", True),
        ("UIMM", True),
        ("UIMM Lorraine", False),
        ("Ministère du travail", False),
        ("CPNE de la plasturgie", False),
    ],
)
def test_our_certifier_is_recognised_by_name(nom, notre):
    assert Certificateurs().est_notre(Certificateur("", nom)) is notre


@override_settings(RNCP_SIRETS_CERTIFICATEUR=["11111111111111"])
def test_with_sirets_configured_a_certifier_with_a_siret_is_ours_only_by_siret():
    certificateurs = Certificateurs()
    assert certificateurs.est_notre(Certificateur("11111111111111", "Nom inattendu"))
    assert not certificateurs.est_notre(Certificateur("22222222222222", "UIMM"))
    assert certificateurs.est_notre(Certificateur("", "UIMM"))  # no SIRET on the fiche: the name decides


@pytest.mark.django_db
@override_settings(RNCP_SIRETS_CERTIFICATEUR=["11111111111111"])
def test_a_successor_of_another_certifier_is_reported_and_the_chain_stops_before_it(fiche_28245):
    rapport = analyser(CHAINE)
    assert rapport.certificateur_different[0].startswith("RNCP40001 (« UNION DES INDUSTRIES ET METIERS")
    (diff,) = rapport.qualifications
    assert diff.fiche == "RNCP28245" and diff.champs["rncp_actif"] == (None, False)
    assert (
        "la fiche RNCP28245 annonce une nouvelle certification RNCP40001, absente du fichier, illisible ou d'un "
        "autre certificateur : à vérifier"
    ) in diff.signalements
