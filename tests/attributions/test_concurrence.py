"""Certificate numbers under concurrent validations (R-ID-04): 16 processes validate at once, as gunicorn workers
would; no number twice, none skipped, a rolled-back validation gives its number back. Meant for PostgreSQL (the
row lock of `allouer` is what serialises them); SQLite serialises whole transactions and passes as well."""

import datetime
import json
import os
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from cqpm.attributions.enums import NatureCible, StatutDemande
from cqpm.attributions.models import Certificat, CibleAttribution, DemandeAttribution
from cqpm.core.models import Compteur
from cqpm.jurys.enums import EtatJury, Presence
from cqpm.jurys.models import CandidatJury, Jury
from tests.attributions import outils
from tests.core.test_courriels_redis import RACINE, url_base_de_test
from tests.factories import InscriptionFactory, TerritorialeFactory, UtilisateurFactory, referentiel_complet

VALIDATEURS = 16


def _cibles(n: int) -> list[CibleAttribution]:
    """`n` sent requests of signed juries (written directly: the rules are tested elsewhere), in one séance."""
    seance = outils.seance(datetime.date(2026, 11, 24))
    centre = TerritorialeFactory(departement="69")
    version = referentiel_complet()
    signataire = UtilisateurFactory()
    jour = datetime.date(2026, 10, 1)
    cibles = []
    for rang in range(n):
        jury = Jury.objects.create(
            centre_examen=centre,
            qualification=version.qualification,
            date=jour,
            lieu="Lyon",
            etat=EtatJury.SIGNE,
            designations_demandees_le=jour,
            convoque_le=jour,
            delibere_le=timezone.now(),
            signe_le=timezone.now(),
            signe_par=signataire,
        )
        i = InscriptionFactory(centre_examen=centre, version=version, qualification=version.qualification)
        candidat = CandidatJury.objects.create(
            jury=jury, inscription=i, code=f"J{rang}", presence=Presence.PRESENT, decision="A"
        )
        demande = DemandeAttribution.objects.create(
            jury=jury, statut=StatutDemande.ENVOYEE, envoyee_le=jour, seance=seance
        )
        cibles.append(
            CibleAttribution.objects.create(
                demande=demande, candidat=candidat, nature=NatureCible.CQPM, qualification=version.qualification
            )
        )
    return cibles


@pytest.mark.django_db(transaction=True)
def test_concurrent_validators_never_duplicate_nor_skip_a_number_R_ID_04():
    cibles = _cibles(VALIDATEURS)
    environnement = {**os.environ, "DATABASE_URL": url_base_de_test(), "DJANGO_SETTINGS_MODULE": "config.settings"}
    depart = time.time() + 4
    processus = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.attributions.validations",
                str(c.pk),
                str(depart),
                "1" if n % 4 == 0 else "0",
            ],
            cwd=RACINE,
            env=environnement,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, c in enumerate(cibles)
    ]
    sequences = []
    for p in processus:
        sortie, erreurs = p.communicate(timeout=180)
        assert p.returncode == 0, erreurs
        sequences.append(json.loads(sortie))
    assert sorted(sequences) == list(range(1, VALIDATEURS + 1)), "numéro attribué deux fois ou sauté"
    numeros = list(Certificat.objects.values_list("numero", flat=True))
    assert len(set(numeros)) == VALIDATEURS
    assert all(n.startswith("MC 2026 11 69 ") for n in numeros)
    assert Compteur.objects.get(nom="mc-2026").valeur == VALIDATEURS
