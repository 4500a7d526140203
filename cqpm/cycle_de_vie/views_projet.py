"""The projet de référentiel editor of a creation or revision request (`projet.modifier_projet`).

One page, one form: the referential's texts, the activities, the blocs and the capacities with their allowed
modalities. « Ajouter une ligne » re-renders the posted page with one more blank row, without saving and without
JavaScript; « Enregistrer » writes everything at once or nothing, and the refusal (every problem, with its rule)
is shown above the form. What the projet still lacks (R-REF-01 to R-REF-03) is listed on the page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.permissions import Action, peut
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.cycle_de_vie import projet, services
from cqpm.cycle_de_vie.forms_projet import (
    PREFIXES,
    FormulaireReferentiel,
    avec_une_ligne_de_plus,
    saisie,
    valeurs_initiales,
)
from cqpm.cycle_de_vie.models import Demande
from cqpm.referentiels.enums import Modalite


def _page(request: HttpRequest, demande: Demande, contexte: dict[str, Any], status: int = 200) -> HttpResponse:
    contexte = {
        "demande": demande,
        "manques": projet.manques_projet(demande) if demande.projet_id else [],
        "modalites": Modalite.choices,
        **contexte,
    }
    return render(request, "cycle_de_vie/projet.html", contexte, status=status)


@action_requise(Action.CONSULTER_DEMANDES)
def editer(request: HttpRequest, pk: int) -> HttpResponse:
    demande = get_object_or_404(
        services.demandes_visibles(request.user).select_related("qualification", "projet"), pk=pk
    )
    try:
        projet.verifier_modifiable(demande, request.user)
    except RegleViolee as exc:
        return _page(request, demande, {"refus": exc}, status=403 if isinstance(exc, AccesRefuse) else 200)
    assert demande.projet is not None
    categorie_modifiable = peut(request.user, Action.INSTRUIRE_DEMANDES)
    if request.method != "POST":
        initiales = valeurs_initiales(demande.projet)
        form = FormulaireReferentiel(initial=initiales["referentiel"], categorie_modifiable=categorie_modifiable)
        vierges = {p: classe(initial=initiales[p], prefix=p) for p, classe in PREFIXES.items()}
        return _page(request, demande, {"form": form, **vierges})

    donnees = request.POST
    ajout = request.POST.get("ajouter", "")
    if ajout in PREFIXES:
        donnees = avec_une_ligne_de_plus(donnees, ajout)
    form = FormulaireReferentiel(donnees, categorie_modifiable=categorie_modifiable)
    lignes: dict[str, Any] = {p: classe(donnees, prefix=p) for p, classe in PREFIXES.items()}
    contexte: dict[str, Any] = {"form": form, **lignes, "ajout": ajout}
    if ajout in PREFIXES:
        return _page(request, demande, contexte)
    valides = form.is_valid() & all([f.is_valid() for f in lignes.values()])
    lu = saisie(lignes["activites"], lignes["blocs"], lignes["capacites"]) if valides else None
    if lu is None:
        return _page(request, demande, contexte, status=422)
    activites, blocs = lu
    try:
        projet.modifier_projet(demande, acteur=request.user, champs=form.champs(), activites=activites, blocs=blocs)
    except RegleViolee as exc:
        for detail in exc.details or [{"champ": exc.champ}]:
            champ = detail.get("champ")
            if champ in form.fields:
                form.add_error(champ, str(detail.get("message") or exc.message))
        return _page(request, demande, {**contexte, "refus": exc}, status=422)
    messages.success(request, "Le projet de référentiel est enregistré.")
    return redirect("cycle_de_vie:projet", pk=demande.pk)
