"""Every write of the API, enumerated from its OpenAPI schema, called by territoriale 69 with territoriale 13's ids
(candidate, inscription, evaluation file, VAE file, commission, request, token): 404 — 403 for what is genuinely
visible to all (a GTP séance, an exam centre of the public directory) — and nothing written, audit included (ACCES).

A new write endpoint is swept as soon as it exists: it needs no line here unless it takes no id at all.
"""

from __future__ import annotations

import datetime
import functools
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from config.api import api
from cqpm.attributions.enums import NatureCertificat, NatureCible
from cqpm.attributions.models import Certificat, CibleAttribution, DemandeAttribution, DemandeCorrection
from cqpm.candidats.enums import Origine, TypeBeneficiaire
from cqpm.comptes import jetons
from cqpm.comptes.enums import Role
from cqpm.cycle_de_vie import services as cycle_de_vie
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.gtp.models import Seance
from cqpm.jurys import services as jurys
from cqpm.jurys.enums import College, EtatJury
from cqpm.jurys.models import CandidatJury, CibleJury, DemandeDesignation, Jury, MembreJury
from cqpm.referentiels.models import Capacite
from cqpm.vae.enums import TypeContrat
from cqpm.vae.models import DossierVAE
from tests.api.conftest import connecter, jeton_de, utilisateur
from tests.cycle_de_vie.outils import PDF
from tests.evaluations import outils as evaluation
from tests.factories import BrancheSyndicaleFactory, TerritorialeFactory

pytestmark = pytest.mark.django_db

SANS_IDENTIFIANT = {
    "creer_jeton": "crée un jeton pour l'appelant lui-même",
    "creer_candidat": "enregistre une personne, sans id",
    "creer_seance": "séance du GTP : rôle national",
    "importer": "import d'un référentiel : rôle national",
    "importer_inscriptions": "les lignes du fichier sont vérifiées par inscrire (test_import_api.py)",
}
"""The writes that name no object: they cannot reach another territoriale's rows by id."""

PRIVES = (
    "/candidats/{id}",
    "/inscriptions/{id}",
    "/vae/dossiers/{id}",
    "/demandes/{id}",
    "/jetons/{id}",
    "/jurys/{id}",
)
"""Path prefixes of objects no other territoriale may even know of: always 404."""


def _lignes() -> dict[str, int]:
    """Row count of every table of the product (audit log and e-mails included)."""
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


def _resoudre(schema: dict[str, Any], racine: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = racine["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
    if "allOf" in schema:
        schema = _resoudre(schema["allOf"][0], racine)
    return schema


def _valeur(nom: str, schema: dict[str, Any], racine: dict[str, Any], ids: dict[str, Any]) -> Any:
    """A well-formed value: an id of territoriale 13 where the field names one, a plausible value elsewhere."""
    if nom in ids:
        return ids[nom]
    schema = _resoudre(schema, racine)
    if "enum" in schema:
        return schema["enum"][0]
    genre = schema.get("type")
    if genre == "object":
        return _objet(schema, racine, ids)
    if genre == "array":
        return []
    if genre == "boolean":
        return True
    if genre == "integer":
        return 1
    if schema.get("format") == "date":
        return timezone.localdate().isoformat()
    return "Texte"


def _objet(schema: dict[str, Any], racine: dict[str, Any], ids: dict[str, Any]) -> dict[str, Any]:
    proprietes = schema.get("properties", {})
    champs = set(schema.get("required", [])) | {n for n in proprietes if n in ids}
    return {n: _valeur(n, proprietes[n], racine, ids) for n in champs}


@pytest.fixture
def treize(client: Client) -> dict[str, Any]:
    """Territoriale 13's objects, each kind an API write can name."""
    centre = TerritorialeFactory(departement="13")
    agent = utilisateur(Role.TERRITORIALE, centre)
    inscription = evaluation.inscription(centre_examen=centre)
    evaluation.dossier_choisi(inscription, agent)
    commission = evaluation.commission(inscription, agent)
    aujourdhui = timezone.localdate()
    vae = DossierVAE.objects.create(
        inscription=evaluation.inscription(centre_examen=centre, candidat=inscription.candidat),
        candidat=inscription.candidat,
        qualification=inscription.qualification,
        centre_examen=centre,
        annee=aujourdhui.year,
        recu_le=aujourdhui,
        avis_du_le=aujourdhui + datetime.timedelta(days=90),
        declaration_honneur=True,
        declaration_le=aujourdhui,
    )
    demande = cycle_de_vie.creer_demande(TypeDemande.CREATION, acteur=agent, demandeurs=[centre], intitule="Soudeur")
    jeton, _ = jetons.creer_jeton(agent, "Logiciel du 13", acteur=agent)
    jury = jurys.creer_jury(
        centre_examen=centre,
        qualification=inscription.qualification,
        date=aujourdhui + datetime.timedelta(days=30),
        lieu="Marseille",
        acteur=agent,
    )
    signe = Jury.objects.create(
        centre_examen=centre,
        qualification=inscription.qualification,
        date=aujourdhui,
        lieu="Marseille",
        etat=EtatJury.SIGNE,
        designations_demandees_le=aujourdhui,
        convoque_le=aujourdhui,
        delibere_le=timezone.now(),
        signe_le=timezone.now(),
        signe_par=agent,
    )
    admis = CandidatJury.objects.create(
        jury=signe, inscription=inscription, code="J13-A", presence="present", decision="A"
    )
    demande_attribution = DemandeAttribution.objects.create(jury=signe)
    cible = CibleAttribution.objects.create(
        demande=demande_attribution, candidat=admis, nature=NatureCible.CQPM, qualification=inscription.qualification
    )
    certificat = Certificat.objects.create(
        cible=cible,
        nature=NatureCertificat.CQPM,
        numero="MC 2026 01 13 00001",
        annee=2026,
        sequence=1,
        titulaire_nom="DUPONT",
        titulaire_prenoms="Jean",
        date_naissance=datetime.date(1990, 1, 1),
        lieu_naissance="Marseille (13)",
        intitule_qualification="Soudeur",
        date_jury=aujourdhui,
        fait_le=aujourdhui,
        jeton="K7QM4RTX9ZPB2HWD",
    )
    correction = DemandeCorrection.objects.create(
        certificat=certificat,
        titulaire_nom="DURAND",
        titulaire_prenoms="Jean",
        date_naissance=datetime.date(1990, 1, 1),
        lieu_naissance="Marseille (13)",
        motif="Erreur de nom.",
        justificatif="attributions/corrections/acte.pdf",
        nom_justificatif="acte.pdf",
    )
    candidat_jury = CandidatJury.objects.create(jury=jury, inscription=inscription, code="J13-01")
    return {
        "correction_certificat": correction,
        "signe": signe,
        "demande_attribution": demande_attribution,
        "cible_attribution": cible,
        "certificat": certificat,
        "jury": jury,
        "candidat_jury": candidat_jury,
        "cible_jury": CibleJury.objects.create(candidat=candidat_jury, decision="A"),
        "membre_jury": MembreJury.objects.create(
            jury=jury, college=College.EMPLOYEUR, nom="Marie Membre", organisme="Méca 13", fonction="DRH"
        ),
        "demande_designation": DemandeDesignation.objects.create(
            jury=jury, branche_syndicale=BrancheSyndicaleFactory(departement="13"), envoyee_le=aujourdhui
        ),
        "centre": centre,
        "candidat": inscription.candidat,
        "inscription": inscription,
        "vae": vae,
        "demande": demande,
        "jeton": jeton,
        "commission": commission,
        "seance": Seance.objects.create(date=aujourdhui, lieu="Paris"),
        "capacite": Capacite.objects.filter(version=inscription.version).first(),
    }


@functools.cache
def _schema() -> dict[str, Any]:
    """The OpenAPI document, built once: building it for each of the ~130 writes was most of this test's time."""
    return api.get_openapi_schema()


def _ecritures() -> list[tuple[str, str, dict[str, Any]]]:
    schema = _schema()
    return [
        (methode, chemin, operation)
        for chemin, operations in schema["paths"].items()
        for methode, operation in operations.items()
        if methode in {"post", "put", "patch", "delete"}
    ]


def _identifiant_du_chemin(chemin: str, treize: dict[str, Any]) -> int:
    objets = {
        "/jetons/{id}": "jeton",
        "/demandes/{id}": "demande",
        "/seances/{id}": "seance",
        "/candidats/{id}": "candidat",
        "/inscriptions/{id}": "inscription",
        "/vae/dossiers/{id}": "vae",
        "/jurys/{id}": "jury",
        "/demandes-designation/{id}": "demande_designation",
        "/attributions/cibles/{id}": "cible_attribution",
        "/attributions/{id}": "demande_attribution",
        "/certificats/{id}": "certificat",
        "/corrections-certificats/{id}": "correction_certificat",
    }
    prefixe = next(p for p in objets if p in chemin)
    return int(treize[objets[prefixe]].pk)


def _appeler(client: Client, methode: str, chemin: str, operation: dict[str, Any], treize: dict[str, Any]) -> Any:
    racine = _schema()
    ids = {
        "candidat_id": treize["candidat"].pk,
        "doublon_id": treize["candidat"].pk,
        "inscription_id": treize["inscription"].pk,
        "commission_id": treize["commission"].pk,
        "demande_id": treize["demande"].pk,
        "centre_examen_id": treize["centre"].pk,
        "qualification_id": treize["inscription"].qualification_id,
        "capacite_id": treize["capacite"].pk,
        "demandeurs": [treize["centre"].pk],
        "jury_id": treize["signe"].pk,
        "seance_id": treize["seance"].pk,
    }
    adresse = chemin.replace("{id}", str(_identifiant_du_chemin(chemin, treize))) if "{id}" in chemin else chemin
    adresse = adresse.replace("{cid}", str(treize["candidat_jury"].pk))
    adresse = adresse.replace("{mid}", str(treize["membre_jury"].pk))
    adresse = adresse.replace(
        "{tid}", str(CibleJury.objects.get_or_create(candidat=treize["candidat_jury"], decision="A")[0].pk)
    )
    contenu = operation.get("requestBody", {}).get("content", {})
    entete = client.entete  # type: ignore[attr-defined]
    if "application/json" in contenu:
        corps = _valeur("", contenu["application/json"]["schema"], racine, ids)
        return getattr(client, methode)(adresse, json.dumps(corps), content_type="application/json", headers=entete)
    if "multipart/form-data" in contenu:
        formulaire = _resoudre(contenu["multipart/form-data"]["schema"], racine)
        donnees: dict[str, Any] = {}
        for nom, propriete in formulaire.get("properties", {}).items():
            if propriete.get("format") == "binary" or _resoudre(propriete, racine).get("type") == "array":
                donnees[nom] = SimpleUploadedFile(f"{nom}.pdf", PDF, content_type="application/pdf")
            elif _resoudre(propriete, racine).get("enum"):  # a choice sent as a form field (nature of a piece)
                donnees[nom] = _resoudre(propriete, racine)["enum"][0]
            elif propriete.get("format") == "date":  # a date sent as a form field (a corrected birth date)
                donnees[nom] = "1990-05-18"
            elif propriete.get("type") == "string" and nom != "donnees":  # a text field (a motive)
                donnees[nom] = "Texte"
        if "donnees" in formulaire.get("properties", {}):  # the VAE filing: a JSON document in a form field
            depot = {
                "candidat_id": treize["candidat"].pk,  # the only foreign id: the centre is the caller's own
                "qualification_id": treize["inscription"].qualification_id,
                "centre_examen_id": client.centre.pk,  # type: ignore[attr-defined]
                "type_beneficiaire": TypeBeneficiaire.DEMANDEUR_EMPLOI,
                "origine": Origine.DEMANDEUR_EMPLOI,
                "declaration_honneur": True,
                "experiences": [
                    {
                        "poste": "Soudeur",
                        "employeur": "Forges",
                        "activite_entreprise": "Chaudronnerie",
                        "type_contrat": TypeContrat.CDI,
                        "debut": "2015-01-05",
                        "rapport": "Soudage TIG.",
                    }
                ],
            }
            donnees["donnees"] = json.dumps(depot)
        return client.post(adresse, donnees, headers=entete)
    return getattr(client, methode)(adresse, headers=entete)


@pytest.mark.parametrize("par_jeton", [True, False], ids=["jeton", "session"])
def test_no_api_write_accepts_another_territoriales_ids_ACCES(
    client: Client, treize: dict[str, Any], par_jeton: bool
) -> None:
    soixante_neuf = TerritorialeFactory(departement="69")
    agent = utilisateur(Role.TERRITORIALE, soixante_neuf)
    client.centre = soixante_neuf  # type: ignore[attr-defined]
    client.entete = jeton_de(agent) if par_jeton else {}  # type: ignore[attr-defined]
    if not par_jeton:
        connecter(client, agent)
    balayees = set()
    for methode, chemin, operation in _ecritures():
        nom = operation["operationId"]
        par_session_seule = all("SessionNavigateur" in exigence for exigence in operation.get("security", []))
        if nom in SANS_IDENTIFIANT or (par_jeton and par_session_seule):
            continue
        avant = _lignes()
        reponse = _appeler(client, methode, chemin, operation, treize)
        attendus = {404} if any(p in chemin for p in PRIVES) or nom == "deposer_demande_vae" else {403, 404}
        assert reponse.status_code in attendus, (nom, reponse.status_code, reponse.content)
        assert reponse.json()["code"] in {"introuvable", "acces_refuse"}, (nom, reponse.content)
        apres = _lignes()
        assert apres == avant, (nom, {k: (avant[k], apres[k]) for k in avant if avant[k] != apres[k]})
        balayees.add(nom)
    assert len(balayees) >= (30 if par_jeton else 33)  # the sweep really ran over the API, not over an empty schema
    assert set(SANS_IDENTIFIANT) <= {o["operationId"] for _, _, o in _ecritures()}  # no stale exemption
