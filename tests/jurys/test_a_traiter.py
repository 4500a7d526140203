"""What waits in the juries: the exam centre's juries by stage, a union branch's designation requests
(R-JURY-01), each a link on the « À traiter » page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cqpm.comptes.enums import Role
from cqpm.core.navigation import a_traiter
from cqpm.jurys import services
from tests.factories import UtilisateurFactory
from tests.jurys.outils import jours, jury, territoriale, unions

pytestmark = pytest.mark.django_db


def rubriques(utilisateur):  # type: ignore[no-untyped-def]
    return {r.titre: [(e.libelle, e.url) for e in r.elements] for r in a_traiter(utilisateur)}


def test_a_planned_jury_waits_for_its_centre_and_the_union_branches_are_asked_R_JURY_01() -> None:
    agent = territoriale()
    branches = unions(2)
    j = jury(agent, date=jours(20))
    [(libelle, url)] = rubriques(agent)["Jurys à composer et convoquer (15 jours avant, R-JURY-08)"]
    assert url == reverse("jurys:detail", args=[j.pk]) and f"{j.date:%d/%m/%Y}" in libelle
    contact = UtilisateurFactory(role=Role.BRANCHE_SYNDICALE, role__organisation=branches[0])
    assert rubriques(contact) == {}
    [demande] = [d for d in services.demander_designations(j, acteur=agent) if d.branche_syndicale == branches[0]]
    assert rubriques(contact)["Demandes de désignation de membres de jury (R-JURY-01)"] == [
        (f"Jury du {j.date:%d/%m/%Y} — {j.centre_examen}", reverse("jurys:designer", args=[demande.pk]))
    ]
