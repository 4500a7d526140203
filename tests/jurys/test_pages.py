"""The jury pages: every step through the forms, refusals next to their step (422) citing the rule, codes before
the signature (R-JURY-06), 404 outside the perimeter."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from cqpm.comptes.enums import Role
from cqpm.jurys.models import CandidatJury, DemandeDesignation, Jury
from tests.api.conftest import connecter
from tests.factories import UtilisateurFactory
from tests.jurys.outils import convoque, evaluee, jours, unions

pytestmark = pytest.mark.django_db


def test_the_centre_runs_a_jury_through_the_pages_R_JURY_01_to_R_JURY_10(client: Client) -> None:
    branches = unions(2)
    i, acteur = evaluee()
    connecter(client, acteur)
    date = jours(-1)
    reponse = client.post(
        "/jurys/",
        {
            "centre_examen": i.centre_examen_id,
            "qualification": i.qualification_id,
            "date": date.isoformat(),
            "lieu": "Lyon",
            "periodicite": "trimestrielle",
        },
    )
    j = Jury.objects.get()
    assert reponse.status_code == 302
    etape = f"/jurys/{j.pk}/etape"
    refus = client.post(f"{etape}/designations/", {"le": (date - datetime.timedelta(days=14)).isoformat()})
    assert refus.status_code == 422 and "R-JURY-01" in refus.content.decode()
    assert (
        client.post(f"{etape}/designations/", {"le": (date - datetime.timedelta(days=16)).isoformat()}).status_code
        == 302
    )
    for n, branche in enumerate(branches):
        union = connecter(Client(), UtilisateurFactory(role=Role.BRANCHE_SYNDICALE, role__organisation=branche))
        assert "Jury du" in union.get("/jurys/designations/").content.decode()
        d = DemandeDesignation.objects.get(branche_syndicale=branche)
        membre = {
            "nom": f"Syndiqué {n}",
            "organisme": "Forges",
            "fonction": "Technicien",
            "branche": "metallurgie",
            "voix": "oui",
        }
        assert union.post(f"/jurys/designations/{d.pk}/", membre).status_code == 302
        refus = union.post(f"/jurys/designations/{d.pk}/", membre)
        assert refus.status_code == 422 and "R-JURY-03" in refus.content.decode()
    president = UtilisateurFactory(role=Role.MEMBRE_JURY, email="president@exemple.fr")
    patron = {
        "nom": "Paul Président",
        "organisme": "Méca",
        "fonction": "DG",
        "branche": "metallurgie",
        "compte": "president@exemple.fr",
    }
    assert client.post(f"{etape}/patronal/", patron).status_code == 302
    refus = client.post(f"{etape}/invite/", {"nom": "", "organisme": "Méca", "fonction": "Tuteur"})
    assert refus.status_code == 422
    client.post(f"{etape}/invite/", {"nom": "Théo Tuteur", "organisme": "Méca", "fonction": "Tuteur"})
    client.post(f"{etape}/president/", {"membre": j.membres.get(nom="Paul Président").pk})
    client.post(f"{etape}/candidat/", {"inscription": i.pk})
    c = CandidatJury.objects.get(jury=j)
    refus = client.post(f"{etape}/convocations/", {"le": (date - datetime.timedelta(days=15)).isoformat()})
    assert refus.status_code == 422 and "R-JURY-07" in refus.content.decode()
    client.post(f"{etape}/cprefp/")
    assert (
        client.post(f"{etape}/convocations/", {"le": (date - datetime.timedelta(days=15)).isoformat()}).status_code
        == 302
    )
    page = client.get(f"/jurys/{j.pk}/").content.decode()
    assert c.code in page and i.candidat.nom.upper() not in page
    base = f"/jurys/{j.pk}/candidats/{c.pk}"
    client.post(f"{base}/presence/", {"presence": "present"})
    invite = j.membres.get(nom="Théo Tuteur")
    refus = client.post(f"{base}/vote/", {"membre": invite.pk, "decision": "A"})
    assert refus.status_code == 422 and "R-JURY-04" in refus.content.decode()
    for m in j.membres.filter(voix_deliberative=True):
        assert client.post(f"{base}/vote/", {"membre": m.pk, "decision": "NA"}).status_code == 302
    assert client.post(f"{etape}/deliberation/").status_code == 302
    signature = connecter(Client(), president, verifie=True)
    assert "Signer le procès-verbal" in signature.get(f"/jurys/{j.pk}/").content.decode()
    assert signature.post(f"{etape}/signature/").status_code == 302
    page = client.get(f"/jurys/{j.pk}/").content.decode()
    assert i.candidat.nom.upper() in page
    pdf = client.get(f"/jurys/{j.pk}/pv.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/jurys/{j.pk}/emargement.pdf").status_code == 200
    apres = client.post(f"{base}/presence/", {"presence": "absent"})
    assert apres.status_code == 422 and "R-JURY-09" in apres.content.decode()


def test_another_user_gets_404(client: Client) -> None:
    unions(1)
    i, acteur = evaluee()
    connecter(client, acteur)
    client.post(
        "/jurys/",
        {
            "centre_examen": i.centre_examen_id,
            "qualification": i.qualification_id,
            "date": jours(20).isoformat(),
            "lieu": "Lyon",
        },
    )
    j = Jury.objects.get()
    autre = connecter(Client(), UtilisateurFactory(role=Role.ENTREPRISE, role__organisation=i.entreprise))
    assert autre.get(f"/jurys/{j.pk}/").status_code == 404
    assert autre.get(f"/jurys/{j.pk}/pv.pdf").status_code == 404


def test_a_member_added_after_the_convocations_is_convened_from_the_page_R_JURY_08(client: Client) -> None:
    unions(1)
    i, acteur = evaluee()
    j, _ = convoque(acteur, i, date=jours(15))
    connecter(client, acteur)
    etape = f"/jurys/{j.pk}/etape"
    assert "Désigner un membre patronal" in client.get(f"/jurys/{j.pk}/").content.decode()
    nouveau = {"nom": "Rita Retard", "organisme": "Méca", "fonction": "DRH", "branche": "metallurgie"}
    assert client.post(f"{etape}/patronal/", nouveau).status_code == 302
    membre = j.membres.get(nom="Rita Retard")
    assert "Convoquer Rita Retard" in client.get(f"/jurys/{j.pk}/").content.decode()
    refus = client.post(f"{etape}/convocation_membre/", {"membre": membre.pk})
    assert refus.status_code == 422 and "R-JURY-07" in refus.content.decode()
    client.post(f"{etape}/cprefp/")
    assert client.post(f"{etape}/convocation_membre/", {"membre": membre.pk}).status_code == 302
    assert "Convoquer Rita Retard" not in client.get(f"/jurys/{j.pk}/").content.decode()


def test_composition_forms_are_gone_less_than_15_days_before_a_convened_jury_R_JURY_08(client: Client) -> None:
    unions(1)
    i, acteur = evaluee()
    j, _ = convoque(acteur, i, date=jours(14))
    connecter(client, acteur)
    assert "Désigner un membre patronal" not in client.get(f"/jurys/{j.pk}/").content.decode()
    nouveau = {"nom": "Rita Retard", "organisme": "Méca", "fonction": "DRH", "branche": "metallurgie"}
    refus = client.post(f"/jurys/{j.pk}/etape/patronal/", nouveau)
    assert refus.status_code == 422 and "R-JURY-08" in refus.content.decode()
