"""Import / export of referentials (format cqpm-referentiel/1): exact round trip, versions added, never overwritten."""

from __future__ import annotations

import copy
import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from cqpm.audit.services import historique
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee
from cqpm.demo.fiche_28245 import FICHE_28245, assurer_territoriale, charger_fiche_28245
from cqpm.demo.synthetiques import DEPARTEMENTS_SYNTHETIQUES, creer_cqpm_synthetiques
from cqpm.referentiels import echange
from cqpm.referentiels.echange import FORMAT, exporter_version, importer_referentiel
from cqpm.referentiels.models import Qualification, VersionReferentiel
from cqpm.referentiels.numeros import NumeroMQ
from tests.referentiels.documents import documents
from tests.referentiels.outils import dans_une_base_vide

SCHEMA = Path(echange.__file__).resolve().parent / "schema" / "referentiel-v1.schema.json"


def aller_retour(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    premier = dans_une_base_vide(lambda: exporter_version(importer_referentiel(document, acteur=SYSTEME)))
    second = dans_une_base_vide(lambda: exporter_version(importer_referentiel(premier, acteur=SYSTEME)))
    return premier, second


@pytest.mark.django_db
def test_fiche_28245_round_trips_exactly(territoriales):
    export = dans_une_base_vide(lambda: exporter_version(charger_fiche_28245().version_courante))
    premier, second = aller_retour(export)
    assert premier == export == second
    fichier = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    del fichier["_source"]
    assert export == fichier


@pytest.mark.django_db
def test_synthetic_cqpms_round_trip_exactly_with_all_their_versions():
    for departement in DEPARTEMENTS_SYNTHETIQUES:
        assurer_territoriale(departement)

    def exporter_tout() -> list[dict[str, Any]]:
        qualifications = creer_cqpm_synthetiques(12, versions=2, graine=3)
        return [exporter_version(v) for q in qualifications for v in q.versions.order_by("numero")]

    exports = dans_une_base_vide(exporter_tout)
    assert len(exports) == 12 * 2 - 1  # a CQPM in projet has its one draft
    for export in exports:
        assert aller_retour(export) == (export, export)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents())
def test_any_valid_document_round_trips_exactly(territoriales, document):
    premier, second = aller_retour(document)
    assert premier == document
    assert second == premier


@pytest.mark.django_db
def test_new_version_number_is_added_and_old_ones_kept_R_REF_03(fiche_28245):
    document = exporter_version(fiche_28245.version_courante)
    document["version"].update(numero=2, date_decision="2019-01-07", date_application="2019-01-07", categorie="C*")
    document["version"]["blocs"][1]["capacites"][-1]["intitule"] = "Animer un groupe de travail"
    v2 = importer_referentiel(document, acteur=SYSTEME)
    fiche_28245.refresh_from_db()
    assert fiche_28245.version_courante == v2
    assert list(fiche_28245.versions.values_list("numero", "categorie")) == [(1, "B"), (2, "C*")]
    v1 = fiche_28245.versions.get(numero=1)
    assert v1.capacites.get(numero=12).intitule == "Apporter une valeur ajoutée dans un groupe de travail"


@pytest.mark.django_db
def test_importing_an_existing_decided_version_is_refused_not_overwritten_R_REF_03(fiche_28245):
    document = exporter_version(fiche_28245.version_courante)
    document["version"]["referentiel_activites"]["mission"] = "Écrasée"
    with pytest.raises(RegleViolee) as exc:
        importer_referentiel(document, acteur=SYSTEME)
    assert exc.value.rule == "R-REF-03" and exc.value.code == "fichier_invalide"
    assert exc.value.details[0]["champ"] == "version.numero"
    assert VersionReferentiel.objects.filter(qualification=fiche_28245).count() == 1


@pytest.mark.django_db
def test_cqpi_link_is_exported_by_number_and_restored(territoriales):
    numero_cqpi = str(NumeroMQ(2010, 5, ("13",), 4321, cqpi=True))
    Qualification.objects.create(
        type="CQPI", intitule="CQPI Opérateur", statut="en_vigueur", numero=numero_cqpi, sequence=4321,
        date_creation=datetime.date(2010, 5, 1),
    )  # fmt: skip
    document = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    document["qualification"]["cqpi"] = numero_cqpi
    premier, second = aller_retour(document)
    assert premier["qualification"]["cqpi"] == numero_cqpi == second["qualification"]["cqpi"]


@pytest.mark.django_db
def test_import_normalises_numbers_and_journals(territoriales):
    document = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    document["qualification"]["numero"] = "mq 2005 12 69 0198 r"
    version = importer_referentiel(document, acteur=SYSTEME)
    assert version.qualification.numero == "MQ 2005 12 69 0198 R"
    assert historique(version.qualification).filter(action="qualification.import").exists()
    assert historique(version).filter(action="version.import").exists()


def _cles(valeur: Any) -> set[str]:
    """Every key path of an exported document (list items merged under [])."""
    chemins: set[str] = set()

    def parcourir(v: Any, prefixe: str) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                chemins.add(f"{prefixe}{k}")
                parcourir(x, f"{prefixe}{k}.")
        elif isinstance(v, list):
            for x in v:
                parcourir(x, f"{prefixe[:-1]}[].")

    parcourir(valeur, "")
    return chemins


def _cles_schema(schema: dict[str, Any], racine: dict[str, Any], prefixe: str = "") -> set[str]:
    chemins: set[str] = set()
    if "$ref" in schema:
        schema = racine["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    for variante in schema.get("oneOf", []):
        chemins |= _cles_schema(variante, racine, prefixe)
    for k, sous in schema.get("properties", {}).items():
        chemins.add(f"{prefixe}{k}")
        chemins |= _cles_schema(sous, racine, f"{prefixe}{k}.")
    if "items" in schema:
        chemins |= _cles_schema(schema["items"], racine, f"{prefixe[:-1]}[].")
    return chemins


@pytest.mark.django_db
def test_published_schema_lists_exactly_the_exported_keys(fiche_28245):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format"]["const"] == FORMAT
    document = exporter_version(fiche_28245.version_courante)
    document["qualification"]["anciens_numeros"] = [{"numero": "MQ 2005 12 13 0198 R", "remplace_le": "2010-01-01"}]
    document["qualification"]["rncp"].update(niveau=3, actif=True, etat="Publiée", codes_anciens=["12345"])
    assert _cles(document) == _cles_schema(schema, schema)


@pytest.mark.django_db
def test_import_leaves_the_input_document_untouched(territoriales):
    document = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    avant = copy.deepcopy(document)
    importer_referentiel(document, acteur=SYSTEME)
    assert document == avant
