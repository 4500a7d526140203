from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cqpm.core import navigation


def sante(request: HttpRequest) -> JsonResponse:
    """Liveness probe for the process supervisor: answers only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"statut": "ok"})


@login_required
def a_traiter(request: HttpRequest) -> HttpResponse:
    """Where every user lands after login: what waits for him, each item a link to where he acts on it."""
    return render(request, "core/a_traiter.html", {"rubriques": navigation.a_traiter(request.user)})
