from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cqpm.referentiels.catalogue import rechercher
from cqpm.referentiels.enums import StatutQualification


def accueil(request: HttpRequest) -> HttpResponse:
    """The public home page: what the register is, and a search box that leads to the catalogue."""
    nombre = rechercher(statut=StatutQualification.EN_VIGUEUR).count()
    return render(request, "core/accueil.html", {"nombre_en_vigueur": nombre})


def sante(request: HttpRequest) -> JsonResponse:
    """Liveness probe for the process supervisor: answers only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"statut": "ok"})
