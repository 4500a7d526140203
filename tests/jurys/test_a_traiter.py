"""What waits in the juries: the exam centre's juries by stage, a union branch's designation requests
(R-JURY-01), each a link on the « À traiter » page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cqpm.comptes.enums import Role
from cqpm.core.navigation import a_traiter
from cqpm.jurys import services
from tests.factories import UtilisateurFactory
from tests.jurys.outils import convoque, deliberer, evaluee, jours, jury, president_verifie, territoriale, unions

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


def test_a_member_with_an_account_sees_the_juries_he_sits_on_the_president_his_minutes_to_sign_R_JURY_10() -> None:
    i, agent = evaluee()
    unions(2)
    j, membres = convoque(agent, i)
    president = president_verifie(membres)
    adresse = reverse("jurys:detail", args=[j.pk])
    assert rubriques(president) == {
        "Jurys où vous siégez": [(f"Jury du {j.date:%d/%m/%Y} — {j.qualification}", adresse)]
    }
    deliberer(j, membres, agent, {c.code: "A" for c in j.candidats.all()})
    assert list(rubriques(president)) == ["Procès-verbaux à signer (R-JURY-10)"]
    assert rubriques(UtilisateurFactory(role=Role.MEMBRE_JURY)) == {}  # sits on no jury
