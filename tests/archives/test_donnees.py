"""A candidate's personal data: the JSON export of everything held on him (page and API), perimeter-checked and
audited as a personal-data access; the rectification by the staff, audited old → new; the pseudonymisation of a
candidate the purge left with nothing kept indefinitely (R-ARCH-01)."""

import datetime
import json

import pytest

from cqpm.archives import donnees, services
from cqpm.archives.models import Pseudonymisation
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.candidats.models import Candidat
from cqpm.candidats.services import annuler_inscription
from cqpm.comptes.enums import Role
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import Introuvable, RegleViolee
from tests.api.conftest import connecter, jeton_de
from tests.archives.outils import acquisition_partielle, premier_jour_de_purge
from tests.factories import CompteCandidatFactory, InscriptionFactory, TerritorialeFactory, UtilisateurFactory

pytestmark = pytest.mark.django_db


def _candidat(demande):
    return demande.jury.candidats.get().inscription.candidat


def test_the_export_holds_everything_on_the_candidate_and_is_audited():
    demande, _, centre = acquisition_partielle()
    candidat = _candidat(demande)
    export = donnees.donnees_candidat(candidat.pk, acteur=centre)
    json.dumps(export)  # machine-readable as it is
    assert export["format"] == "cqpm.donnees-personnelles/1"
    assert export["candidat"]["nom"] == candidat.nom
    assert len(export["inscriptions"]) == 1 and len(export["resultats_capacites"]) == 6
    assert export["dossiers_evaluation"][0]["avis_entreprise"]
    assert [c["nature"] for c in export["courriers"]] == ["acquisition_partielle"]
    assert export["passages_jury"][0]["jury_date"] == demande.jury.date.isoformat()
    assert any(e["evenement"] == "candidat.creation" or e["regle"] for e in export["chronologie"])
    acces = EntreeAudit.objects.get(action=EvenementAudit.DONNEES_PERSONNELLES_ACCES)
    assert acces.objet_id == str(candidat.pk) and acces.acteur_libelle == str(centre.get_full_name() or centre)


def test_the_export_is_refused_outside_the_perimeter():
    demande, _, _ = acquisition_partielle()
    autre = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=TerritorialeFactory(departement="13"))
    with pytest.raises(Introuvable):
        donnees.donnees_candidat(_candidat(demande).pk, acteur=autre)
    assert not EntreeAudit.objects.filter(action=EvenementAudit.DONNEES_PERSONNELLES_ACCES).exists()


def test_the_export_through_the_api_and_the_page(client):
    demande, _, centre = acquisition_partielle()
    candidat = _candidat(demande)
    reponse = client.get(f"/api/v1/archives/candidats/{candidat.pk}/donnees", headers=jeton_de(centre))
    assert reponse.status_code == 200 and reponse.json()["candidat"]["id"] == candidat.pk
    autre = UtilisateurFactory(role=Role.TERRITORIALE, role__organisation=TerritorialeFactory(departement="13"))
    assert client.get(f"/api/v1/archives/candidats/{candidat.pk}/donnees", headers=jeton_de(autre)).status_code == 404
    connecter(client, centre)
    fichier = client.get(f"/archives/candidats/{candidat.pk}/donnees.json")
    assert fichier.status_code == 200 and "attachment" in fichier["Content-Disposition"]
    assert json.loads(fichier.content)["candidat"]["nom"] == candidat.nom
    assert "Données personnelles" in client.get(f"/inscriptions/{candidat.inscriptions.get().pk}/").content.decode()
    client.logout()
    connecter(client, autre)
    assert client.get(f"/archives/candidats/{candidat.pk}/donnees.json").status_code == 404


def test_the_staff_rectifies_the_civil_status_audited_old_to_new(client):
    demande, _, centre = acquisition_partielle()
    candidat = _candidat(demande)
    ancien = candidat.nom
    donnees.rectifier_candidat(candidat.pk, acteur=centre, nom="Martin-Durand", commune_naissance="Bron")
    candidat.refresh_from_db()
    assert candidat.nom == "Martin-Durand" and candidat.commune_naissance == "Bron"
    entree = EntreeAudit.objects.get(action=EvenementAudit.CANDIDAT_RECTIFICATION)
    assert entree.avant["nom"] == ancien and entree.apres["nom"] == "Martin-Durand"
    with pytest.raises(RegleViolee, match="ne peut pas être vide") as exc:
        donnees.rectifier_candidat(candidat.pk, acteur=centre, prenoms="")
    assert exc.value.rule == "R-REG-04"
    connecter(client, centre)
    page = client.post(f"/archives/candidats/{candidat.pk}/donnees/", {"nom": "Martin", "prenoms": candidat.prenoms})
    assert page.status_code == 302
    candidat.refresh_from_db()
    assert candidat.nom == "Martin"


def test_a_candidate_with_nothing_kept_indefinitely_is_pseudonymised_by_the_purge_R_ARCH_01():
    inscription = InscriptionFactory(candidat__courriel="ines@exemple.fr")
    compte = CompteCandidatFactory(candidat=inscription.candidat, utilisateur__username="ines")
    annuler_inscription(inscription, acteur=SYSTEME, motif="Abandon.")
    demande, gtp, _ = acquisition_partielle()
    annee = datetime.date.today().year
    assert services.candidats_a_pseudonymiser(datetime.date(annee + 2, 12, 31)) == []
    premier = datetime.date(annee + 3, 1, 1)
    assert services.candidats_a_pseudonymiser(premier) == [inscription.candidat]  # results keep the other one
    services.purger(acteur=gtp, le=premier)
    candidat = Candidat.objects.get(pk=inscription.candidat_id)
    assert candidat.nom == services.PSEUDONYME and candidat.prenoms == f"n° {candidat.pk}"
    assert candidat.courriel == "" and candidat.date_naissance == datetime.date(1990, 1, 1)
    assert candidat.commune_naissance == "—"
    compte.utilisateur.refresh_from_db()
    assert not compte.utilisateur.is_active and not compte.utilisateur.has_usable_password()
    assert compte.utilisateur.username == f"pseudonyme-{candidat.pk}" and compte.utilisateur.email == ""
    assert Pseudonymisation.objects.get().candidat == candidat
    assert _candidat(demande).nom != services.PSEUDONYME
    assert EntreeAudit.objects.filter(action=EvenementAudit.ARCHIVES_PSEUDONYMISATION, regle="R-ARCH-01").count() == 1
    with pytest.raises(RegleViolee, match="pseudonymisé"):
        donnees.rectifier_candidat(candidat.pk, acteur=gtp, nom="Retour")
    assert premier_jour_de_purge(demande) == premier
