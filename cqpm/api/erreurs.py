"""Every failure of the API answers JSON `{code, rule, message}` in French, never an HTML page.

Business refusals (`RegleViolee` and its subclasses) keep the sentence written next to their rule; ninja's own
failures (validation, authentication, CSRF, unparsable body) are re-worded here; anything unexpected is logged
and answered as an `erreur_interne` body rather than Django's HTML error page.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import BadRequest, ObjectDoesNotExist, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError, ValidationError

from cqpm.core.dates import date_inexistante
from cqpm.core.errors import RegleViolee

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("cqpm.api")

REGLE_API = "API"
REGLE_ACCES = "ACCES"

MESSAGE_NON_AUTHENTIFIE = (
    "Authentification requise : présentez un jeton d'API (en-tête « Authorization: Bearer cqpm_… ») "
    "ou connectez-vous au site."
)
MESSAGE_ERREUR_INTERNE = (
    "Erreur interne du serveur : la demande n'a pas pu aboutir. L'incident est enregistré ; réessayez plus tard."
)

_MESSAGES_HTTP: dict[int, tuple[str, str, str]] = {
    400: ("requete_invalide", REGLE_API, "Le corps de la requête n'est pas un document JSON lisible."),
    401: ("non_authentifie", REGLE_ACCES, MESSAGE_NON_AUTHENTIFIE),
    403: ("acces_refuse", REGLE_ACCES, "Accès refusé."),
    404: ("introuvable", REGLE_API, "La ressource demandée n'existe pas."),
    405: ("methode_non_autorisee", REGLE_API, "Méthode HTTP non autorisée sur cette adresse."),
    429: ("trop_de_requetes", REGLE_API, "Trop de requêtes : patientez avant de recommencer."),
}

_SOURCES = {"query": "paramètre", "path": "paramètre d'adresse", "body": "champ", "header": "en-tête"}


def corps(code: str, rule: str, message: str, **autres: Any) -> dict[str, Any]:
    return {"code": code, "rule": rule, "message": message, **{k: v for k, v in autres.items() if v}}


def message_pydantic(erreur: dict[str, Any]) -> str:
    """pydantic's English message for one error, said in French (our own validators already speak French)."""
    genre = erreur.get("type", "")
    ctx = erreur.get("ctx") or {}
    connus = {
        "missing": "obligatoire, absent de la requête",
        "int_parsing": "un nombre entier est attendu",
        "int_type": "un nombre entier est attendu",
        "int_from_float": "un nombre entier (sans décimales) est attendu",
        "float_parsing": "un nombre est attendu",
        "bool_parsing": "un booléen (true ou false) est attendu",
        "bool_type": "un booléen (true ou false) est attendu",
        "string_type": "une chaîne de caractères est attendue",
        "date_parsing": "une date au format AAAA-MM-JJ est attendue",
        "date_from_datetime_parsing": "une date au format AAAA-MM-JJ est attendue",
        "date_type": "une date au format AAAA-MM-JJ est attendue",
        "dict_type": "un objet JSON est attendu",
        "list_type": "une liste JSON est attendue",
        "model_type": "un objet JSON est attendu",
        "model_attributes_type": "un objet JSON est attendu",
        "json_invalid": "le document JSON est illisible",
        "string_pattern_mismatch": "contient des caractères non admis",
        "extra_forbidden": "champ inconnu",
    }
    if genre.startswith("date_"):
        if isinstance(erreur.get("input"), str) and (inexistante := date_inexistante(erreur["input"])):
            return inexistante
        raison = str(ctx.get("error", ""))
        if raison.startswith("day value is outside expected range"):
            return "cette date n'existe pas : le mois n'a pas autant de jours"
        if raison.startswith("month value is outside expected range"):
            return "cette date n'existe pas : le mois va de 01 à 12"
    if genre in connus:
        return connus[genre]
    bornes = {
        "greater_than_equal": "doit être supérieur ou égal à {ge}",
        "greater_than": "doit être strictement supérieur à {gt}",
        "less_than_equal": "doit être inférieur ou égal à {le}",
        "less_than": "doit être strictement inférieur à {lt}",
        "string_too_long": "doit compter au plus {max_length} caractères",
        "string_too_short": "doit compter au moins {min_length} caractère(s)",
        "too_long": "doit compter au plus {max_length} éléments",
        "too_short": "doit compter au moins {min_length} élément(s)",
    }
    if genre in bornes:
        try:
            return bornes[genre].format(**ctx)
        except KeyError:
            return "valeur hors des limites admises"
    if genre == "enum":
        admises = str(ctx.get("expected", "")).replace(" or ", " ou ")
        return f"valeur non admise (valeurs admises : {admises})"
    if genre == "value_error" and ctx.get("error"):
        return str(ctx["error"])
    return "valeur invalide"


def chemin(loc: Iterable[Any]) -> str:
    return ".".join(str(part) for part in loc)


def details_de_validation(erreurs: list[dict[str, Any]]) -> list[dict[str, str]]:
    details = []
    for erreur in erreurs:
        loc = list(erreur.get("loc") or [])
        if len(loc) > 2 and loc[0] == "body":
            loc = [loc[0], *loc[2:]]  # drop the name of the body parameter, which the client never writes
        details.append({"champ": chemin(loc), "message": message_pydantic(erreur)})
    return details


def _designation(champ: str) -> str:
    source, _, nom = champ.partition(".")
    return f"{_SOURCES.get(source, 'champ')} « {nom or source} »"


def reponse_validation(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = details_de_validation(list(exc.errors))
    liste = " ; ".join(f"{_designation(d['champ'])} : {d['message']}" for d in details)
    message = f"Requête invalide ({len(details)} erreur{'s' if len(details) > 1 else ''}) — {liste}."
    return api.create_response(request, corps("requete_invalide", REGLE_API, message, details=details), status=422)


def reponse_regle(api: NinjaAPI, request: HttpRequest, exc: RegleViolee) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


def reponse_http(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, regle, message = _MESSAGES_HTTP.get(exc.status_code, ("erreur_http", REGLE_API, "Requête refusée."))
    if exc.status_code == 403 and "CSRF" in exc.message:
        code, message = (
            "csrf_refuse",
            (
                "Accès refusé : le jeton CSRF manque ou ne correspond pas. Une requête authentifiée par la session du "
                "navigateur doit porter l'en-tête « X-CSRFToken » ; un programme utilise plutôt un jeton d'API."
            ),
        )
    reponse = api.create_response(request, corps(code, regle, message), status=exc.status_code)
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        reponse["WWW-Authenticate"] = 'Bearer realm="api"'
    return reponse


def reponse_illisible(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    """A body Django cannot even parse (multipart without boundary, too many fields…) is the client's fault."""
    message = "Requête mal formée : son corps ou ses en-têtes ne peuvent pas être lus (type de contenu, taille)."
    return api.create_response(request, corps("requete_invalide", REGLE_API, message), status=400)


def reponse_introuvable(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    message = "La ressource demandée n'existe pas (ou n'est pas publiée)."
    return api.create_response(request, corps("introuvable", REGLE_API, message), status=404)


def reponse_interne(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("Erreur interne de l'API sur %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, corps("erreur_interne", REGLE_API, MESSAGE_ERREUR_INTERNE), status=500)


_GESTIONNAIRES: list[tuple[type[Exception], Callable[[NinjaAPI, HttpRequest, Any], HttpResponse]]] = [
    (RegleViolee, reponse_regle),
    (ValidationError, reponse_validation),
    (HttpError, reponse_http),
    (MultiPartParserError, reponse_illisible),
    (SuspiciousOperation, reponse_illisible),
    (BadRequest, reponse_illisible),
    (UnreadablePostError, reponse_illisible),
    (Http404, reponse_introuvable),
    (ObjectDoesNotExist, reponse_introuvable),
    (Exception, reponse_interne),
]


def installer(api: NinjaAPI) -> None:
    """Register the handlers; the most specific class wins (ninja walks the exception's MRO)."""
    for classe, reponse in _GESTIONNAIRES:
        api.add_exception_handler(classe, functools.partial(reponse, api))
