"""A bad referential file is refused whole: nothing written, every error named by its field path and rule."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cqpm.audit.models import EntreeAudit
from cqpm.comptes.enums import Role
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.demo.fiche_28245 import FICHE_28245
from cqpm.referentiels.echange import importer_referentiel
from cqpm.referentiels.models import InscriptionListe, Qualification, VersionReferentiel
from cqpm.referentiels.numeros import NumeroInvalide, parse_mq


@pytest.fixture
def document(territoriales) -> dict[str, Any]:
    return json.loads(FICHE_28245.read_text(encoding="utf-8"))


def refus(document: dict[str, Any]) -> RegleViolee:
    """Import, expect the refusal, and check that nothing at all was written."""
    avant = (Qualification.objects.count(), VersionReferentiel.objects.count(), EntreeAudit.objects.count())
    with pytest.raises(RegleViolee) as exc:
        importer_referentiel(document, acteur=SYSTEME)
    assert exc.value.code == "fichier_invalide"
    assert "rien n'a été enregistré" in exc.value.message
    apres = (Qualification.objects.count(), VersionReferentiel.objects.count(), EntreeAudit.objects.count())
    assert apres == avant
    return exc.value


def par_champ(exc: RegleViolee) -> dict[str, dict[str, Any]]:
    return {d["champ"]: d for d in exc.details}


@pytest.mark.django_db
def test_capacity_listed_in_two_blocs_cites_R_REF_03(document):
    document["version"]["blocs"][1]["capacites"].insert(0, dict(document["version"]["blocs"][0]["capacites"][0]))
    exc = refus(document)
    erreur = par_champ(exc)["version.blocs[1].capacites[0].numero"]
    assert erreur["rule"] == "R-REF-03" and "C1" in erreur["message"]
    assert exc.rule == "R-REF-03"


@pytest.mark.django_db
def test_malformed_mq_number_cites_R_ID_05_with_the_parser_message(document):
    document["qualification"]["numero"] = "MQ 2005 13 69 0198 R"
    with pytest.raises(NumeroInvalide) as attendu:
        parse_mq("MQ 2005 13 69 0198 R")
    erreur = par_champ(refus(document))["qualification.numero"]
    assert erreur == {"champ": "qualification.numero", "message": attendu.value.message, "rule": "R-ID-05"}


@pytest.mark.django_db
def test_unknown_departement_is_named(document):
    document["qualification"]["centres_ressources"] = ["20"]
    assert "« 20 »" in par_champ(refus(document))["qualification.centres_ressources[0]"]["message"]
    document["qualification"]["numero"] = "MQ 2005 12 75 0198 R"
    document["qualification"]["centres_ressources"] = ["75"]
    for bloc in document["version"]["blocs"]:
        bloc["numero_bdc"] = ""
    erreur = par_champ(refus(document))["qualification.centres_ressources[0]"]
    assert "Aucune UIMM territoriale" in erreur["message"] and "« 75 »" in erreur["message"]


@pytest.mark.django_db
def test_every_error_is_reported_at_once_with_its_path(document):
    version = document["version"]
    version["blocs"][1]["capacites"][0]["intitule"] = ""
    version["blocs"][0]["capacites"][2]["modalites"] = ["d_avis_entreprise"]
    version["blocs"][0]["capacites"][3]["modalites"] = ["a_reelle", "z_inconnue"]
    version["categorie"] = "E"
    version["date_application"] = "2005-02-30"
    version["referentiel_activites"]["activites"][1]["code"] = "A1"
    document["qualification"]["rncp"]["fin"] = "2001-01-01"
    document["qualification"]["couleur"] = "bleu"
    erreurs = par_champ(refus(document))
    assert set(erreurs) == {
        "version.blocs[1].capacites[0].intitule",
        "version.blocs[0].capacites[2].modalites",
        "version.blocs[0].capacites[3].modalites[1]",
        "version.categorie",
        "version.date_application",
        "version.referentiel_activites.activites[1].code",
        "qualification.rncp.fin",
        "qualification.couleur",
    }
    assert erreurs["version.categorie"]["rule"] == "R-CAT-01"
    assert erreurs["version.blocs[0].capacites[2].modalites"]["rule"] == "R-REF-02"
    assert erreurs["version.blocs[0].capacites[3].modalites[1]"]["rule"] == "R-REF-02"
    assert "2005-02-30" in erreurs["version.date_application"]["message"]


@pytest.mark.django_db
def test_structure_errors_of_blocs_cite_R_REF_03(document):
    blocs = document["version"]["blocs"]
    blocs[1]["numero"] = 3
    blocs[0]["capacites"].pop(2)
    erreurs = refus(document).details
    assert [e["rule"] for e in erreurs] == ["R-REF-03", "R-REF-03"]
    assert all(e["champ"] == "version.blocs" for e in erreurs)


@pytest.mark.django_db
def test_wrong_format_or_missing_parts_are_refused(document):
    assert par_champ(refus({**document, "format": "cqpm-referentiel/2"}))["format"]["message"].startswith("Format")
    del document["version"]
    assert "version" in par_champ(refus(document))
    assert par_champ(refus([]))[""]["message"] == "Un objet JSON est attendu."  # type: ignore[arg-type]


@pytest.mark.django_db
def test_decided_version_needs_its_category_and_dates_R_CAT_01(document):
    document["version"].update(categorie="", date_decision=None)
    erreurs = par_champ(refus(document))
    assert erreurs["version.categorie"]["rule"] == "R-CAT-01"
    assert "version.date_decision" in erreurs


@pytest.mark.django_db
def test_inconsistent_list_history_is_refused_R_LIST_02_R_LIST_03(document):
    document["qualification"]["rncp"] = None
    document["qualification"]["numero"] = "MQ 2005 12 69 0198"
    for bloc in document["version"]["blocs"]:
        bloc["numero_bdc"] = ""
    document["qualification"]["listes"].append({"liste": "B", "debut": "2005-12-01", "fin": None, "motif": ""})
    assert par_champ(refus(document))["qualification.listes[1]"]["rule"] == "R-LIST-02"
    document["qualification"]["listes"].pop()
    document["qualification"]["statut"] = "en_veille"
    assert par_champ(refus(document))["qualification.listes[0].fin"]["rule"] == "R-LIST-03"


@pytest.mark.django_db
def test_bloc_number_must_repeat_the_cqpm_number_R_ID_02(document):
    document["version"]["blocs"][0]["numero_bdc"] = "M BDC0001 2005 12 69 0199 R"
    assert par_champ(refus(document))["version.blocs[0].numero_bdc"]["rule"] == "R-ID-02"
    document["version"]["blocs"][0]["numero_bdc"] = "M BDC0001 2005 12 69 0198"
    assert par_champ(refus(document))["version.blocs[0].numero_bdc"]["rule"] == "R-ID-05"


@pytest.mark.django_db
def test_centres_must_be_the_departements_of_the_number_R_ID_01(document):
    document["qualification"]["centres_ressources"] = ["13"]
    assert par_champ(refus(document))["qualification.centres_ressources"]["rule"] == "R-ID-01"


@pytest.mark.django_db
def test_national_sequence_already_used_is_refused_R_ID_01(document, fiche_28245):
    document["qualification"]["numero"] = "MQ 2005 12 13 0198 R"
    document["qualification"]["centres_ressources"] = ["13"]
    for bloc in document["version"]["blocs"]:
        bloc["numero_bdc"] = bloc["numero_bdc"].replace(" 69 ", " 13 ")
    assert par_champ(refus(document))["qualification.numero"]["rule"] == "R-ID-01"


@pytest.mark.django_db
def test_existing_draft_version_is_not_overwritten_either(document, fiche_28245, acteur):
    from cqpm.referentiels.services import creer_version

    brouillon = creer_version(fiche_28245, acteur=acteur)
    document["version"].update(numero=brouillon.numero, statut="brouillon", en_vigueur=False)
    assert "existe déjà en projet" in par_champ(refus(document))["version.numero"]["message"]


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_back_everything(document):
    """Two identical former numbers pass the file checks but break a unique index: the whole import is undone."""
    ancien = {"numero": "MQ 2005 12 13 0198 R", "remplace_le": "2008-01-01"}
    document["qualification"]["anciens_numeros"] = [ancien, dict(ancien)]
    refus(document)
    assert not InscriptionListe.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.TERRITORIALE, Role.MEMBRE_GTP, Role.ENTREPRISE])
def test_only_the_secretariat_imports_a_referential(document, role):
    """The service itself checks the role, so the API, the pages and commands cannot forget it."""
    from tests.factories import TerritorialeFactory, UtilisateurFactory, verifie_par_otp

    organisation = TerritorialeFactory(departement="69") if role == Role.TERRITORIALE else None
    if role == Role.ENTREPRISE:
        from tests.factories import EntrepriseFactory

        organisation = EntrepriseFactory()
    intrus = verifie_par_otp(UtilisateurFactory(role=role, role__organisation=organisation))
    with pytest.raises(AccesRefuse):
        importer_referentiel(document, acteur=intrus)
    assert not Qualification.objects.filter(code_rncp="28245").exists()
    secretariat = verifie_par_otp(UtilisateurFactory(role=Role.SECRETARIAT_GTP))
    assert importer_referentiel(document, acteur=secretariat).qualification.code_rncp == "28245"
