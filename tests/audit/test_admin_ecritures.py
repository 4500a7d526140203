"""The admin writes nothing behind the services' back: a state field is never editable there (lifecycles change
through their transitions), and every admin that may write — formsets included — writes the audit log."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin, ModelAdmin
from django.test import RequestFactory

from cqpm.audit.admin import AdminJournalise
from cqpm.audit.enums import EvenementAudit
from cqpm.audit.models import EntreeAudit
from cqpm.comptes.enums import Role
from cqpm.organisations.enums import TypeOrganisation
from tests.factories import QualificationFactory, TerritorialeFactory, UtilisateurFactory, verifie_par_otp

pytestmark = pytest.mark.django_db

CHAMPS_D_ETAT = {"statut", "phase", "issue", "etat"}
"""Field names that hold a lifecycle's state in this code base."""


@pytest.fixture
def requete():  # type: ignore[no-untyped-def]
    requete = RequestFactory().get("/admin/")
    requete.user = verifie_par_otp(UtilisateurFactory(role=Role.SECRETARIAT_GTP, is_staff=True, is_superuser=True))
    return requete


def admins() -> list[ModelAdmin]:  # type: ignore[type-arg]
    return list(admin.site._registry.values())


def ecrit(modele_admin: ModelAdmin | InlineModelAdmin, requete) -> bool:  # type: ignore[type-arg, no-untyped-def]
    if isinstance(modele_admin, InlineModelAdmin):
        return any(
            (
                modele_admin.has_add_permission(requete, None),
                modele_admin.has_change_permission(requete, None),
                modele_admin.has_delete_permission(requete, None),
            )
        )
    return any(
        (
            modele_admin.has_add_permission(requete),
            modele_admin.has_change_permission(requete),
            modele_admin.has_delete_permission(requete),
        )
    )


def test_no_state_field_is_editable_in_the_admin(requete) -> None:  # type: ignore[no-untyped-def]
    editables = []
    for modele_admin in admins():
        tous = [modele_admin, *(inline(modele_admin.model, admin.site) for inline in modele_admin.inlines)]
        for un_admin in tous:
            if not ecrit(un_admin, requete):
                continue
            champs = {f.name for f in un_admin.model._meta.concrete_fields} & CHAMPS_D_ETAT
            ecrits = set(un_admin.get_fields(requete, None)) - set(un_admin.get_readonly_fields(requete, None))
            editables += [f"{un_admin.model._meta.label}.{c}" for c in champs & ecrits]
    assert editables == []


def test_every_admin_that_writes_is_audited(requete) -> None:  # type: ignore[no-untyped-def]
    non_journalises = [type(a).__name__ for a in admins() if ecrit(a, requete) and not isinstance(a, AdminJournalise)]
    assert non_journalises == []


def test_an_inline_row_added_in_the_admin_is_audited(client) -> None:  # type: ignore[no-untyped-def]
    """Resource centres of a CQPM, as an inline of its admin page: the added row has its audit entry."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.api.conftest import connecter

    secretariat = UtilisateurFactory(role=Role.SECRETARIAT_GTP)
    connecter(client, secretariat, verifie=True)
    assert TOTPDevice.objects.filter(user=secretariat).exists()
    qualification = QualificationFactory()
    centre = TerritorialeFactory(departement="38")
    assert centre.type == TypeOrganisation.TERRITORIALE
    url = reverse("admin:referentiels_qualification_change", args=[qualification.pk])
    page = client.get(url)
    formulaire = page.context["adminform"].form
    donnees = {k: v for k, v in formulaire.initial.items() if v is not None and not isinstance(v, list | dict)}
    donnees.update({"type": qualification.type, "intitule": qualification.intitule})
    for inline in page.context["inline_admin_formsets"]:
        prefixe = inline.formset.prefix
        donnees.update({f"{prefixe}-TOTAL_FORMS": 0, f"{prefixe}-INITIAL_FORMS": 0})
    donnees["centreressources_set-TOTAL_FORMS"] = 1
    donnees.update({"centreressources_set-0-territoriale": centre.pk, "centreressources_set-0-ordre": 1})
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors if reponse.context else reponse
    entree = EntreeAudit.objects.get(action=EvenementAudit.ADMIN_CREATION, objet_type="referentiels.CentreRessources")
    assert entree.acteur == secretariat and entree.apres["territoriale_id"] == centre.pk
