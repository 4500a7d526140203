"""The cohort import reads once per kind, not once per row (issue 11): the preview and the import of 50 rows, half
of them people already known, each naming another company, take as many queries as those of 5 rows, under a
pinned ceiling (a bulk INSERT aside, which the database may split in batches) — so that a per-row query cannot
come back unnoticed. The written rows are those of `inscrire`,
one audit row per created object."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.candidats import import_masse
from cqpm.candidats.models import Candidat, Inscription
from cqpm.organisations.validators import completer_siret
from tests.candidats.outils import enregistre_par
from tests.candidats.test_import import rangee, xlsx
from tests.factories import CandidatFactory, EntrepriseFactory

pytestmark = pytest.mark.django_db

APERCU_MAX = 12
"""Queries of a preview, whatever its number of rows."""
IMPORT_MAX = 28
"""Queries of an import (the preview's checks, then the same checks and the bulk writes in one transaction)."""


def cohorte(cadre: Any, n: int, debut: int = 0) -> bytes:
    """`n` rows on the whole CQPM at the territoriale 69: the first half people it already recorded, each row an
    employee of another company."""
    rangees = []
    for i in range(debut, debut + n):
        entreprise = EntrepriseFactory(siret=completer_siret(f"{400000000 + i:013d}"))
        nom = f"Connu{i}" if i - debut < n // 2 else f"Nouveau{i}"
        if nom.startswith("Connu"):
            enregistre_par(CandidatFactory(nom=nom, prenoms="Léa", date_naissance="1990-03-14"), cadre.personnel)
        rangees.append(rangee(cadre.qualification, entreprise, nom=nom))
    return xlsx(rangees).getvalue()


def requetes(contenu: bytes, acteur: Any, *, apercu: bool) -> tuple[int, import_masse.Rapport]:
    """The queries of one import by a fresh copy of `acteur` (his habilitations not yet read, as in a request)."""
    acteur = type(acteur).objects.get(pk=acteur.pk)
    with CaptureQueriesContext(connection) as capture:
        rapport = import_masse.importer(io.BytesIO(contenu), acteur=acteur, apercu=apercu)
    assert rapport.valide, rapport.erreurs[:3]
    return len(capture.captured_queries), rapport


def test_a_50_row_preview_queries_as_much_as_a_5_row_one(cadre, django_assert_max_num_queries) -> None:
    petite, _ = requetes(cohorte(cadre, 5), cadre.personnel, apercu=True)
    contenu = cohorte(cadre, 50, debut=100)
    with django_assert_max_num_queries(APERCU_MAX):
        grande, rapport = requetes(contenu, cadre.personnel, apercu=True)
    assert grande == petite
    assert [ligne.candidat_reutilise for ligne in rapport.lignes] == [True] * 25 + [False] * 25
    assert not Inscription.objects.exists()


def test_a_50_row_import_queries_as_much_as_a_5_row_one(cadre, django_assert_max_num_queries) -> None:
    petite, _ = requetes(cohorte(cadre, 5), cadre.personnel, apercu=False)
    contenu = cohorte(cadre, 50, debut=100)
    with django_assert_max_num_queries(IMPORT_MAX):
        grande, rapport = requetes(contenu, cadre.personnel, apercu=False)
    assert grande <= petite + 2  # only the bulk INSERTs may split into batches (SQLite's limit of parameters)
    assert rapport.importe and Inscription.objects.count() == 55
    nouveaux = Candidat.objects.filter(nom__startswith="Nouveau")
    assert nouveaux.count() == 3 + 25 and all(c.cree_par == cadre.personnel and c.cle_doublon for c in nouveaux)
    audit = EntreeAudit.objects.filter(action=EvenementAudit.INSCRIPTION_CREATION)
    assert sorted(audit.values_list("objet_id", flat=True)) == sorted(
        str(pk) for pk in Inscription.objects.values_list("pk", flat=True)
    )
    creations = EntreeAudit.objects.filter(action=EvenementAudit.CANDIDAT_CREATION, objet_type="candidats.Candidat")
    assert set(creations.values_list("objet_id", flat=True)) == {str(c.pk) for c in nouveaux}
    ligne = rapport.lignes[-1]
    inscription = Inscription.objects.get(pk=ligne.inscription_id)
    entree = audit.get(objet_id=str(inscription.pk))
    assert entree.acteur == cadre.personnel and entree.apres["blocs"] == [] and entree.regle == "R-REG-01"


def test_blocs_are_written_with_their_inscription_and_a_known_persons_registration_refuses_R_REG_01(
    cadre, fiche_28245
) -> None:
    bloc1 = fiche_28245.version_courante.blocs.get(numero=1)
    deja = cadre.inscrire(qualification=fiche_28245, blocs=[bloc1])  # cadre.candidat, on bloc 1
    connu = {"nom": deja.candidat.nom, "prenoms": deja.candidat.prenoms, "date_naissance": "17/05/1990"}
    refus = xlsx([rangee(fiche_28245, cadre.entreprise, **connu, blocs="1, 2")]).getvalue()
    _, rapport = requetes_sans_validite(refus, cadre.personnel)
    [erreur] = rapport.erreurs
    assert erreur.code == "deja_inscrit" and f"inscription n° {deja.pk}, en cours" in erreur.message
    contenu = xlsx(
        [
            rangee(fiche_28245, cadre.entreprise, **connu, blocs="2"),
            rangee(fiche_28245, cadre.entreprise, nom="Deux", blocs="1, 2"),
            rangee(fiche_28245, cadre.entreprise, nom="Entier"),
        ]
    ).getvalue()
    _, rapport = requetes(contenu, cadre.personnel, apercu=False)
    inscriptions = [Inscription.objects.get(pk=ligne.inscription_id) for ligne in rapport.lignes]
    assert [sorted(b.numero for b in i.blocs.all()) for i in inscriptions] == [[2], [1, 2], []]
    assert inscriptions[0].candidat == deja.candidat and rapport.lignes[0].candidat_reutilise
    audit = EntreeAudit.objects.filter(action=EvenementAudit.INSCRIPTION_CREATION)
    assert [audit.get(objet_id=str(i.pk)).apres["blocs"] for i in inscriptions] == [[2], [1, 2], []]


def requetes_sans_validite(contenu: bytes, acteur: Any) -> tuple[int, import_masse.Rapport]:
    with CaptureQueriesContext(connection) as capture:
        rapport = import_masse.importer(io.BytesIO(contenu), acteur=acteur, apercu=True)
    return len(capture.captured_queries), rapport
