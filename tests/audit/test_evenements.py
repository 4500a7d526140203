"""Every audit event comes from one enumeration (`EvenementAudit`): no free text, one style, one label each."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.core.acteurs import SYSTEME
from tests.factories import OrganisationFactory

RACINE = Path(__file__).resolve().parents[2] / "cqpm"
ARGUMENTS_EVENEMENT = {"action", "evenement"}
APPELS = {"journaliser", "transition", "_journal"}


def _nom_appele(appel: ast.Call) -> str:
    fonction = appel.func
    return fonction.attr if isinstance(fonction, ast.Attribute) else getattr(fonction, "id", "")


def _evenements_en_texte(source: str) -> list[int]:
    """Lines where a call that writes the log names its event with a string literal or an f-string."""
    lignes = []
    for noeud in ast.walk(ast.parse(source)):
        if isinstance(noeud, ast.Call) and _nom_appele(noeud) in APPELS:
            for argument in noeud.keywords:
                valeur = argument.value
                if argument.arg in ARGUMENTS_EVENEMENT and isinstance(valeur, ast.Constant | ast.JoinedStr):
                    lignes.append(noeud.lineno)
    return lignes


def test_no_code_logs_an_event_as_free_text():
    fautifs = {
        str(chemin.relative_to(RACINE.parent)): lignes
        for chemin in sorted(RACINE.rglob("*.py"))
        if "migrations" not in chemin.parts and (lignes := _evenements_en_texte(chemin.read_text()))
    }
    assert fautifs == {}


def test_the_scan_sees_a_free_text_event():
    assert _evenements_en_texte('journaliser(acteur=a, action="organisation.creation", objet=o)') == [1]
    assert _evenements_en_texte('op.journaliser(action=f"vae.{n}", objet=o)') == [1]
    assert _evenements_en_texte("journaliser(acteur=a, action=EvenementAudit.ORGANISATION_CREATION, objet=o)") == []


@pytest.mark.django_db
def test_the_writer_refuses_a_value_outside_the_enumeration():
    with pytest.raises(ValueError):
        journaliser(acteur=SYSTEME, action="creation_organisation", objet=OrganisationFactory())


def test_events_are_named_object_dot_event_with_a_french_label():
    for evenement in EvenementAudit:
        objet, _, quoi = evenement.value.partition(".")
        assert objet and quoi and evenement.value == evenement.value.lower(), evenement
        assert evenement.label and evenement.label[0].isupper(), evenement
    assert len({e.label for e in EvenementAudit}) == len(EvenementAudit)


@pytest.mark.django_db
def test_the_writer_refuses_none_as_actor_the_system_is_SYSTEME():
    with pytest.raises(TypeError, match="acteur=SYSTEME"):
        journaliser(acteur=None, action=EvenementAudit.ADMIN_CREATION, objet=OrganisationFactory())
