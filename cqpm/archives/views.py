"""Pages of the archive: the purge report (a dry run, R-ARCH-01) from which the secretariat runs the purge, and a
candidate's personal data (JSON export, rectification). Views read the posted fields and call the services,
which check who acts, the perimeter and the rules; a candidate the user may not see answers 404."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cqpm.archives import donnees, services
from cqpm.archives.registre import DECLARATIONS
from cqpm.candidats.models import Candidat
from cqpm.candidats.services import candidat_visible
from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.permissions import Action
from cqpm.core.errors import Introuvable, RegleViolee


@action_requise(Action.PURGER_ARCHIVES)
def rapport(request: HttpRequest) -> HttpResponse:
    """The dry run: what the purge would remove today, why and under which rule; the retention of every kind."""
    contexte = {
        "rapport": services.simulation(acteur=request.user),
        "declarations": DECLARATIONS,
        "section": "archives",
    }
    return render(request, "archives/rapport.html", contexte)


@require_POST
@action_requise(Action.PURGER_ARCHIVES)
def purger(request: HttpRequest) -> HttpResponse:
    fait = services.purger(acteur=request.user)
    messages.success(
        request,
        f"Purge effectuée : {len(fait.documents)} document(s) purgé(s), {len(fait.a_pseudonymiser)} candidat(s) "
        "pseudonymisé(s) (R-ARCH-01). Chaque opération est inscrite au journal d'audit.",
    )
    return redirect("archives:rapport")


def _candidat(request: HttpRequest, pk: int) -> Candidat:
    try:
        return candidat_visible(request.user, pk)
    except Introuvable as exc:
        raise Http404(str(exc)) from None


def _page_donnees(request: HttpRequest, candidat: Candidat, refus: RegleViolee | None = None) -> HttpResponse:
    contexte = {"candidat": candidat, "refus": refus, "valeurs": request.POST if refus else None}
    return render(request, "archives/donnees.html", contexte, status=422 if refus else 200)


@action_requise(Action.DONNEES_PERSONNELLES)
def donnees_candidat(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidate's personal data: the JSON export to download and the rectification form (RGPD)."""
    candidat = _candidat(request, pk)
    if request.method == "POST":
        champs = {c: request.POST.get(c, "") for c in donnees.CHAMPS_RECTIFIABLES if c in request.POST}
        try:
            candidat = donnees.rectifier_candidat(pk, acteur=request.user, **champs)
        except RegleViolee as exc:
            return _page_donnees(request, candidat, exc)
        messages.success(request, "Données rectifiées ; la rectification est inscrite au journal d'audit.")
        return redirect("archives:donnees", pk)
    return _page_donnees(request, candidat)


@action_requise(Action.DONNEES_PERSONNELLES)
def export_candidat(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held on the candidate, as one JSON file (the access is audited by the service)."""
    try:
        contenu = donnees.donnees_candidat(pk, acteur=request.user)
    except Introuvable as exc:
        raise Http404(str(exc)) from None
    reponse = HttpResponse(
        json.dumps(contenu, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    reponse["Content-Disposition"] = f'attachment; filename="donnees-candidat-{pk}.json"'
    return reponse
