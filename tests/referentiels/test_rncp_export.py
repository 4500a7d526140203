"""RNCP open-data fields (level, active flag, fiche state, replaced codes): exported, read back, shown in the admin."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cqpm.comptes.enums import Role
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import RegleViolee
from cqpm.demo.fiche_28245 import FICHE_28245, charger_fiche_28245
from cqpm.referentiels.echange import exporter_version, importer_referentiel
from cqpm.referentiels.models import Qualification
from tests.factories import UtilisateurFactory, referentiel_complet
from tests.referentiels.outils import dans_une_base_vide

pytestmark = pytest.mark.django_db

OPEN_DATA = {"rncp_niveau": 3, "rncp_actif": True, "rncp_etat": "Publiée", "rncp_codes_anciens": ["12345", "6789"]}


def _synchronisee(qualification: Qualification) -> Qualification:
    """As the RNCP sync (rncp.py) leaves it."""
    for champ, valeur in OPEN_DATA.items():
        setattr(qualification, champ, valeur)
    qualification.save()
    return qualification


def _exporter_28245(**champs: Any) -> dict[str, Any]:
    """The export of fiche 28245 with these open-data fields, its rows rolled back so it can be imported again."""

    def action() -> dict[str, Any]:
        q = charger_fiche_28245()
        for champ, valeur in champs.items():
            setattr(q, champ, valeur)
        q.save()
        return exporter_version(q.version_courante)

    return dans_une_base_vide(action)


def _importer_et_relire(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Import (rolled back afterwards); the re-export and the stored open-data fields."""

    def action() -> tuple[dict[str, Any], dict[str, Any]]:
        version = importer_referentiel(document, acteur=SYSTEME)
        q = version.qualification
        return exporter_version(version), {champ: getattr(q, champ) for champ in OPEN_DATA}

    return dans_une_base_vide(action)


def test_export_then_import_keeps_the_rncp_open_data_fields(territoriales):
    export = _exporter_28245(**OPEN_DATA)
    rncp = export["qualification"]["rncp"]
    assert list(rncp) == ["code", "date_arrete", "date_jo", "debut", "fin", "niveau", "actif", "etat", "codes_anciens"]
    assert (rncp["niveau"], rncp["actif"], rncp["etat"], rncp["codes_anciens"]) == (
        3,
        True,
        "Publiée",
        ["12345", "6789"],
    )
    relu, champs = _importer_et_relire(json.loads(json.dumps(export)))
    assert relu == export
    assert champs == OPEN_DATA


def test_inactive_registration_is_exported_as_false_not_dropped(territoriales):
    export = _exporter_28245(rncp_actif=False)
    assert export["qualification"]["rncp"]["actif"] is False
    assert _importer_et_relire(export)[1]["rncp_actif"] is False


def test_open_data_alone_still_exports_an_rncp_object():
    version = referentiel_complet()
    version.qualification.rncp_niveau = 4
    version.qualification.save()
    assert exporter_version(version)["qualification"]["rncp"]["niveau"] == 4


def test_document_without_the_open_data_keys_is_accepted_and_round_trips_unchanged(territoriales):
    document = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    del document["_source"]
    assert "niveau" not in document["qualification"]["rncp"]
    relu, champs = _importer_et_relire(document)
    assert relu == document
    assert champs == {"rncp_niveau": None, "rncp_actif": None, "rncp_etat": "", "rncp_codes_anciens": []}


def test_null_open_data_keys_mean_unknown(territoriales):
    document = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    document["qualification"]["rncp"].update(niveau=None, actif=None, etat=None, codes_anciens=None)
    relu, champs = _importer_et_relire(document)
    assert "niveau" not in relu["qualification"]["rncp"]
    assert champs["rncp_niveau"] is None and champs["rncp_codes_anciens"] == []


def test_malformed_open_data_values_are_refused_with_their_path(territoriales):
    document = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    document["qualification"]["rncp"].update(niveau=9, actif="oui", etat="x" * 61, codes_anciens=["RNCP12", 7])
    with pytest.raises(RegleViolee) as exc:
        importer_referentiel(document, acteur=SYSTEME)
    champs = {d["champ"] for d in exc.value.details}
    assert champs == {
        "qualification.rncp.niveau",
        "qualification.rncp.actif",
        "qualification.rncp.etat",
        "qualification.rncp.codes_anciens[0]",
        "qualification.rncp.codes_anciens[1]",
    }
    assert not Qualification.objects.exists()


@pytest.fixture
def admin_client(client):
    """A secretariat session past both steps (as in tests/comptes/test_admin.py)."""
    secretariat = UtilisateurFactory(username="anne", role=Role.SECRETARIAT_GTP)
    appareil = TOTPDevice.objects.create(user=secretariat, name="Téléphone", confirmed=True)
    client.force_login(secretariat)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = appareil.persistent_id
    session.save()
    return client


def test_admin_shows_the_rncp_open_data_read_only(admin_client, fiche_28245):
    _synchronisee(fiche_28245)
    url = reverse("admin:referentiels_qualification_change", args=[fiche_28245.pk])
    texte = admin_client.get(url).content.decode()
    assert "Enregistrement RNCP" in texte
    for libelle in ["Niveau RNCP (cadre national)", "Enregistrement RNCP actif", "État de la fiche RNCP"]:
        assert libelle in texte
    assert "Publiée" in texte and "12345" in texte
    for champ in OPEN_DATA:
        assert f'name="{champ}"' not in texte
    assert 'name="code_rncp"' in texte  # entered by hand before any sync


def test_admin_post_cannot_change_the_open_data(admin_client, fiche_28245):
    _synchronisee(fiche_28245)
    url = reverse("admin:referentiels_qualification_change", args=[fiche_28245.pk])
    admin_client.post(url, {"rncp_niveau": "7", "rncp_etat": "Falsifiée"})
    fiche_28245.refresh_from_db()
    assert (fiche_28245.rncp_niveau, fiche_28245.rncp_etat) == (3, "Publiée")


def test_admin_shows_a_draft_blocs_rncp_registration_read_only(admin_client):
    version = referentiel_complet(statut="brouillon", date_decision=None, date_application=None, categorie="")
    version.blocs.filter(numero=1).update(code_rncp="RNCP99999BC01")
    texte = admin_client.get(reverse("admin:referentiels_versionreferentiel_change", args=[version.pk])).content
    page = texte.decode()
    assert "RNCP99999BC01" in page and 'name="blocs-0-intitule"' in page
    assert 'name="blocs-0-code_rncp"' not in page and 'name="blocs-0-date_enregistrement_rncp"' not in page
