from django.db import connection
from django.http import HttpRequest, JsonResponse


def sante(request: HttpRequest) -> JsonResponse:
    """Liveness probe for the process supervisor: answers only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"statut": "ok"})
