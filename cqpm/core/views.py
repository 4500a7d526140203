from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def accueil(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accueil.html")


def sante(request: HttpRequest) -> JsonResponse:
    """Liveness probe for the process supervisor: answers only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"statut": "ok"})
