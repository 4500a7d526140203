"""The JSON API's root: one NinjaAPI under /api/v1/, assembling each app's router.

It sits above every app, like config/urls.py: the apps import only the shared pieces in `cqpm.api` (schemas, the
caller, errors), never this module. Every answer is JSON, errors included (`cqpm.api.erreurs`): also a wrong HTTP
method on a known address, and any unknown address under /api/v1/, which Django alone would answer with an HTML
page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from ninja import NinjaAPI
from ninja.operation import Operation

from cqpm.api import erreurs
from cqpm.api.erreurs import REGLE_API, corps
from cqpm.archives.api import router as archives
from cqpm.attributions.api import router as attributions
from cqpm.candidats.api import router as candidats
from cqpm.comptes.api import router as comptes
from cqpm.cycle_de_vie.api import router as cycle_de_vie
from cqpm.evaluations.api import router as evaluations
from cqpm.jurys.api import router as jurys
from cqpm.organisations.api import router as organisations
from cqpm.portail.api import router as portail
from cqpm.referentiels.api import router as referentiels
from cqpm.vae.api import router as vae

DESCRIPTION = """Registre national des qualifications professionnelles de la métallurgie (CQPM, CQPI).

**Accès.** Le catalogue, l'analyse des numéros et l'annuaire des UIMM territoriales sont publics. Les autres
opérations demandent un **jeton d'API personnel** (en-tête `Authorization: Bearer cqpm_…`, créé par
`POST /api/v1/jetons` depuis une session du site) ou la **session** du navigateur (avec l'en-tête `X-CSRFToken`
pour les écritures). Un jeton porte les habilitations de son titulaire, mais pas sa double authentification.

**Erreurs.** Toute erreur répond en JSON `{code, rule, message}` (schéma `Erreur`) : `code` est stable, `rule`
cite la règle du Dispositif en cause (par exemple `R-ID-05`), `message` est en français ; `details` nomme chaque
champ fautif.
"""


DESCRIPTIONS_STATUTS = {
    200: "Succès.",
    201: "Créé.",
    400: "Corps de la requête illisible (JSON invalide).",
    401: "Authentification requise, ou jeton inconnu ou révoqué.",
    403: "Accès refusé : le rôle ou le périmètre de l'utilisateur ne permet pas l'opération.",
    404: "Introuvable, ou non publié.",
    405: "Méthode HTTP non autorisée.",
    422: "Requête invalide, ou règle du Dispositif non respectée (`rule` la cite).",
    500: "Erreur interne.",
}


class ApiCqpm(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view's own name (lister_qualifications…): unique in this API, and readable in generated clients."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        """ninja describes statuses with their English phrase: say them in French. An operation that reads a body
        also answers 400 when the body is not readable JSON (`cqpm.api.erreurs`): the schema says so."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        erreur = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Erreur"}}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                reponses = operation.setdefault("responses", {})
                if "requestBody" in operation and not {400, "400"} & set(reponses):
                    reponses[400] = {"description": DESCRIPTIONS_STATUTS[400], **erreur}
                for statut, reponse in operation.get("responses", {}).items():
                    if reponse.get("description") == HTTPStatus(int(statut)).phrase:
                        reponse["description"] = DESCRIPTIONS_STATUTS.get(int(statut), reponse["description"])
        return schema

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        motifs = super()._get_urls()
        for motif in motifs:
            if isinstance(motif, URLPattern):
                racine = motif.name == "api-root"  # ninja's root raises a bare Http404: Django's HTML page
                motif.callback = self._adresse_inconnue if racine else self._methodes_en_json(motif.callback)
        return [*motifs, re_path(r"^.*$", self._adresse_inconnue, name="adresse-inconnue")]

    def _methodes_en_json(self, vue: Callable[..., Any]) -> Callable[..., Any]:
        """ninja answers a method it does not serve with a bare text 405: give it the JSON error body."""

        @functools.wraps(vue)
        def envoyer(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            reponse = vue(request, *args, **kwargs)
            if isinstance(reponse, HttpResponseNotAllowed):
                autorisees = reponse["Allow"]
                message = f"Méthode {request.method} non autorisée sur cette adresse ; méthodes admises : {autorisees}."
                reponse = self.create_response(request, corps("methode_non_autorisee", REGLE_API, message), status=405)
                reponse["Allow"] = autorisees
            return reponse

        return envoyer

    def _adresse_inconnue(self, request: HttpRequest) -> HttpResponse:
        return erreurs.reponse_introuvable(self, request, Http404())


api = ApiCqpm(
    title="API du Dispositif CQPM",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,
)
erreurs.installer(api)
api.add_router("", referentiels)
api.add_router("", organisations)
api.add_router("", comptes)
api.add_router("", cycle_de_vie)
api.add_router("", candidats)
api.add_router("", vae)
api.add_router("", evaluations)
api.add_router("", jurys)
api.add_router("", attributions)
api.add_router("", portail)
api.add_router("", archives)
