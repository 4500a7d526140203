"""Schemathesis over the whole OpenAPI schema: no operation ever answers a server error, and every answer (errors
included) matches its documented schema.

Requests go through the WSGI application. A protected operation is called twice: as a machine client (personal
token of a territoriale's staff member) and as the OTP-verified secretariat in its browser session (with its CSRF
token), so that organisations, export, import and tokens are exercised beyond their 401; a public one is called
once, with the token. A request naming an identifier is replayed on fiche 28245, so its real sheet is checked too.
Phases are set in `schemathesis.toml` at the project's root (the coverage phase is off, see there why).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from config.wsgi import application
from cqpm.comptes.enums import Role
from cqpm.referentiels.models import Qualification
from tests.api.conftest import connecter, jeton_de, utilisateur

pytestmark = pytest.mark.une_fois
"""Fuzzing the API exercises its schema, not the database engine: run once, in the PostgreSQL run."""

CSRF = "c" * 32
"""An unmasked CSRF secret: Django accepts it when the header and the cookie carry the same one."""


@pytest.fixture
def appelants(transactional_db: None, fiche_28245: Qualification) -> list[dict[str, Any]]:
    territoriale = fiche_28245.centres_ressources.get()
    machine = jeton_de(utilisateur(Role.TERRITORIALE, territoriale))
    navigateur = connecter(Client(), utilisateur(Role.SECRETARIAT_GTP), verifie=True)
    session = navigateur.cookies["sessionid"].value
    return [
        {"headers": machine},
        {"headers": {"X-CSRFToken": CSRF}, "cookies": {"sessionid": session, "csrftoken": CSRF}},
    ]


VERIFICATIONS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def appeler_comme_chacun(case: Any, appelants: list[dict[str, Any]]) -> None:
    """A public operation once (as the token holder), a protected one as each caller."""
    protegee = bool(case.operation.definition.raw.get("security"))
    for appelant in appelants if protegee else appelants[:1]:
        # The schema declares no cookie parameter; schemathesis may carry the session cookie of a previous call
        # over (it is the SessionNavigateur credential): the token caller must not inherit it.
        case.cookies = {}
        case.call_and_validate(**appelant, checks=VERIFICATIONS)


# Loaded at import, not through `schemathesis.pytest.from_fixture`: the lazy loader of schemathesis 4.32 reads
# `request.node._nodeid`, which pytest 9 no longer has. Serving the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_operation_answers_a_server_error(
    case: Any, appelants: list[dict[str, Any]], fiche_28245: Qualification
) -> None:
    connus = {"id": fiche_28245.pk, "n": 1, "numero": fiche_28245.numero}
    appeler_comme_chacun(case, appelants)
    if set(case.path_parameters or {}) & set(connus):
        # Random identifiers almost never exist: replay the request on fiche 28245 so its answers are checked too.
        case.path_parameters = {k: connus.get(k, v) for k, v in case.path_parameters.items()}
        appeler_comme_chacun(case, appelants)
