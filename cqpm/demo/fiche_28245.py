"""Fiche RNCP 28245, the register's reference CQPM (R-REF-04), loaded from its data file for the demo and the tests.

`donnees/rncp_28245.json` is a referential in the exchange format (`cqpm.referentiels.echange`): the loader imports
it through the same service as `manage.py importer_referentiel`, after creating the resource centres it names.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.core.acteurs import SYSTEME, Acteur
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.echange import importer_referentiel
from cqpm.referentiels.models import Qualification

DONNEES = Path(__file__).resolve().parent / "donnees"
FICHE_28245 = DONNEES / "rncp_28245.json"


def assurer_territoriale(departement: str, *, acteur: Acteur = SYSTEME) -> Organisation:
    """The UIMM territoriale of a département, created under a generic name when the register lacks it."""
    territoriale, creee = Organisation.objects.get_or_create(
        type=TypeOrganisation.TERRITORIALE,
        departement=departement,
        defaults={"nom": f"UIMM territoriale {departement}"},
    )
    if creee:
        journaliser(
            acteur=acteur,
            action=EvenementAudit.ORGANISATION_CREATION,
            objet=territoriale,
            apres={"departement": departement},
        )
    return territoriale


def charger_fiche_28245(*, acteur: Acteur = SYSTEME) -> Qualification:
    """Load the CQPM of RNCP sheet 28245 (R-REF-04) from its data file; loading twice returns the same row."""
    donnees = json.loads(FICHE_28245.read_text(encoding="utf-8"))
    with transaction.atomic():
        existante = Qualification.objects.filter(numero=donnees["qualification"]["numero"]).first()
        if existante is not None:
            return existante
        for departement in donnees["qualification"]["centres_ressources"]:
            assurer_territoriale(departement, acteur=acteur)
        return importer_referentiel(donnees, acteur=acteur).qualification
