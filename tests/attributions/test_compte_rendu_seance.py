"""A séance validated as one batch (item 10 of the award issue): a report per candidate — validated, refused, or
failed with the reason —, one failure never blocking the others, and every certificate of the séance as one
print-ready PDF (each copy listed)."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from cqpm.attributions import services
from cqpm.attributions.documents import pdf_seance
from cqpm.attributions.enums import DecisionGtp
from cqpm.attributions.models import Certificat, CibleAttribution
from cqpm.attributions.tasks import valider_seance
from cqpm.core.errors import AccesRefuse, RegleViolee
from tests.api.conftest import connecter
from tests.attributions import outils

pytestmark = pytest.mark.django_db


def url(code: str) -> str:
    return f"https://cqpm.example/verification/{code}/"


def deux_demandes_en_seance():
    gtp = outils.secretariat()
    seance = outils.seance(outils.jour_seance())
    demandes = []
    for _ in range(2):
        demande, _ = outils.envoyee()
        services.inscrire_a_seance(demande, seance=seance, acteur=gtp)
        demandes.append(demande)
    return seance, demandes, gtp


def test_a_refused_target_is_reported_with_its_reason_and_the_others_are_validated(monkeypatch):
    seance, (en_echec, reussie), gtp = deux_demandes_en_seance()
    delivrer = services._delivrer

    def refus(cible, s):
        if cible.demande_id == en_echec.pk:
            raise RegleViolee("R-ID-04", "Pas de numéro de certificat sans département (R-ID-04).")
        return delivrer(cible, s)

    monkeypatch.setattr(services, "_delivrer", refus)
    assert valider_seance.call(seance.pk, gtp.pk) == 1
    rapport = {ligne.demande: ligne for ligne in services.rapport_validation(seance, acteur=gtp)}
    assert rapport[reussie.pk].decision == "Attribution validée" and rapport[reussie.pk].certificat.startswith("MC ")
    assert rapport[en_echec.pk].decision == "Échec" and "R-ID-04" in rapport[en_echec.pk].raison
    assert rapport[en_echec.pk].nom and rapport[en_echec.pk].candidat and not rapport[en_echec.pk].certificat
    monkeypatch.setattr(services, "_delivrer", delivrer)
    assert valider_seance.call(seance.pk, gtp.pk) == 1  # run again: only what remains, the failure cleared
    cible = CibleAttribution.objects.get(demande=en_echec)
    assert (cible.decision, cible.echec) == (DecisionGtp.VALIDEE, "")


def test_an_unexpected_error_on_one_target_does_not_stop_the_seance(monkeypatch):
    seance, (en_echec, reussie), gtp = deux_demandes_en_seance()
    decider = services.decider

    def panne(cible, **kwargs):
        if cible.demande_id == en_echec.pk:
            raise ConnectionError("imprimante")
        return decider(cible, **kwargs)

    monkeypatch.setattr(services, "decider", panne)
    assert valider_seance.call(seance.pk, gtp.pk) == 1
    cible = CibleAttribution.objects.get(demande=en_echec)
    assert cible.decision == DecisionGtp.A_EXAMINER and "Erreur technique (ConnectionError)" in cible.echec
    assert CibleAttribution.objects.get(demande=reussie).decision == DecisionGtp.VALIDEE


def test_the_seance_prints_as_one_pdf_and_each_copy_is_listed():
    seance, _, gtp = deux_demandes_en_seance()
    with pytest.raises(RegleViolee, match="Aucun certificat"):
        pdf_seance(seance, acteur=gtp, url_verification=url)
    valider_seance.call(seance.pk, gtp.pk)
    pdf = pdf_seance(seance, acteur=gtp, url_verification=url)
    lecteur = PdfReader(io.BytesIO(pdf))
    assert len(lecteur.pages) == 4  # two CQPM certificates, recto and verso each (Annex 8)
    texte = "".join(p.extract_text() for p in lecteur.pages).replace(" ", "")
    for c in Certificat.objects.all():
        assert c.numero.replace(" ", "") in texte and c.code_verification in texte
        assert list(c.tirages.values_list("canal", flat=True)) == ["lot"]


def test_only_the_secretariat_reads_the_report_and_prints_the_seance(client: Client):
    seance, demandes, gtp = deux_demandes_en_seance()
    with pytest.raises(AccesRefuse):
        services.rapport_validation(seance, acteur=outils.envoyee()[1])
    valider_seance.call(seance.pk, gtp.pk)
    connecter(client, gtp, verifie=True)
    page = client.get(f"/attributions/seances/{seance.pk}/").content.decode()
    assert "Compte rendu de la validation" in page and "Tous les certificats de la séance" in page
    reponse = client.get(f"/attributions/seances/{seance.pk}/certificats.pdf")
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    lignes = client.get(f"/api/v1/seances/{seance.pk}/compte-rendu-attributions").json()
    assert sorted(ligne["demande"] for ligne in lignes) == sorted(d.pk for d in demandes)
    assert all(ligne["decision"] == "Attribution validée" for ligne in lignes)
    assert client.get(f"/api/v1/seances/{seance.pk}/certificats.pdf").status_code == 200
