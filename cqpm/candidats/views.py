"""Pages of the inscriptions préalables: the list a user may see, one inscription, registering one candidate, and
the bulk import of a cohort (file → preview → confirmation).

Views only shape input and call `services` / `import_masse`, which check who acts and every rule; a refusal is
shown next to the form with its message, never re-worded. An inscription the user may not read answers 404.

Between preview and confirmation the file stays on the server (`default_storage`, under a random name recorded in
the user's session with its SHA-256), rather than being sent again: the confirmation then imports exactly the bytes
the user saw previewed — another file cannot be slipped in, nor the wrong one picked again — and only the session
that uploaded it can confirm it. It is deleted once imported, and any file older than `DUREE_APERCU` is purged.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cqpm.candidats import import_masse, services
from cqpm.candidats.chronologie import chronologie as lecture_chronologie
from cqpm.candidats.forms import FormulaireAnnulation, FormulaireFiltres, FormulaireImport, FormulaireInscription
from cqpm.candidats.models import Inscription
from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.permissions import Action, peut
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Qualification

PAR_PAGE = 50
DOSSIER_APERCUS = "imports_inscriptions"
DUREE_APERCU = datetime.timedelta(hours=1)
CLE_SESSION = "candidats_import"
COLONNE_CHAMP = {c.entete: c.cle for c in import_masse.COLONNES}


@action_requise(Action.CONSULTER_INSCRIPTIONS)
def liste(request: HttpRequest) -> HttpResponse:
    visibles = services.inscriptions_visibles(request.user)
    qualifications = Qualification.objects.filter(pk__in=visibles.values("qualification")).order_by("intitule")
    filtres = FormulaireFiltres(request.GET or None, qualifications=qualifications)
    inscriptions = visibles
    if filtres.is_valid():
        if q := filtres.cleaned_data["q"].strip():
            cle = services.cle_doublon(q)
            inscriptions = inscriptions.filter(
                Q(candidat__cle_doublon__startswith=cle) | Q(candidat__prenoms__icontains=q)
            )
        if statut := filtres.cleaned_data["statut"]:
            inscriptions = inscriptions.filter(statut=statut)
        if qualification := filtres.cleaned_data["qualification"]:
            inscriptions = inscriptions.filter(qualification=qualification)
    page = Paginator(inscriptions.order_by("-date_inscription", "-pk"), PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {
        "page": page,
        "filtres": filtres,
        "parametres": parametres.urlencode(),
        "peut_inscrire": peut(request.user, Action.INSCRIRE_CANDIDATS),
        "peut_fusionner": peut(request.user, Action.FUSIONNER_CANDIDATS),
    }
    return render(request, "candidats/liste.html", contexte)


def _inscription(request: HttpRequest, pk: int) -> Inscription:
    return get_object_or_404(services.inscriptions_visibles(request.user).select_related("annulee_par"), pk=pk)


def _page_detail(
    request: HttpRequest, inscription: Inscription, form: FormulaireAnnulation | None = None, refus: Any = None
) -> HttpResponse:
    contexte = {
        "inscription": inscription,
        "blocs": list(inscription.blocs.order_by("numero")),
        "peut_annuler": inscription.est_active and services.peut_annuler(request.user, inscription),
        "form": form or FormulaireAnnulation(),
        "refus": refus,
    }
    statut = 422 if refus is not None or (form is not None and form.errors) else 200
    return render(request, "candidats/detail.html", contexte, status=statut)


@action_requise(Action.CONSULTER_INSCRIPTIONS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page_detail(request, _inscription(request, pk))


@action_requise(Action.CONSULTER_INSCRIPTIONS)
def chronologie(request: HttpRequest, pk: int) -> HttpResponse:
    """Every event of every path of the candidate that the caller may see, oldest first."""
    try:
        candidat, evenements = lecture_chronologie(pk, acteur=request.user)
    except Introuvable as exc:
        raise Http404(str(exc)) from None
    return render(request, "candidats/chronologie.html", {"candidat": candidat, "evenements": evenements})


@require_POST
@action_requise(Action.CONSULTER_INSCRIPTIONS)
def annuler(request: HttpRequest, pk: int) -> HttpResponse:
    inscription = _inscription(request, pk)
    form = FormulaireAnnulation(request.POST)
    if not form.is_valid():
        return _page_detail(request, inscription, form)
    try:
        services.annuler_inscription(inscription, acteur=request.user, motif=form.cleaned_data["motif"])
    except RegleViolee as exc:
        return _page_detail(request, inscription, form, refus=exc)
    messages.success(request, f"L'inscription n° {inscription.pk} est annulée.")
    return redirect("candidats:detail", pk=inscription.pk)


@action_requise(Action.INSCRIRE_CANDIDATS)
def nouvelle(request: HttpRequest) -> HttpResponse:
    """One candidate, read like a row of the import (same columns, same rules, an identical candidate reused)."""
    form = FormulaireInscription(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ctx = import_masse.Contexte(acteur=request.user)
        saisie, erreurs = import_masse.interpreter(form.cellules(), ctx)
        if saisie is not None:
            try:
                inscription, reutilise = import_masse.enregistrer(saisie, acteur=request.user)
            except RegleViolee as exc:
                erreurs = import_masse.erreurs_du_refus(exc, None)
            else:
                suite = " (candidat déjà connu, réutilisé)" if reutilise else ""
                messages.success(request, f"L'inscription n° {inscription.pk} est enregistrée{suite}.")
                return redirect("candidats:detail", pk=inscription.pk)
        for erreur in erreurs:
            champ = COLONNE_CHAMP.get(erreur.colonne or "")
            form.add_error(champ, erreur.message)
    return render(request, "candidats/nouvelle.html", {"form": form}, status=422 if form.errors else 200)


# Bulk import.


def _organisation_de(utilisateur: Any, type_organisation: str) -> Organisation | None:
    ctx = import_masse.Contexte(acteur=utilisateur)
    return ctx.sienne(type_organisation)


@action_requise(Action.INSCRIRE_CANDIDATS)
def modele(request: HttpRequest) -> HttpResponse:
    """The template, its example row naming the user's own company when he acts for one."""
    entreprise = _organisation_de(request.user, TypeOrganisation.ENTREPRISE)
    contenu = import_masse.modele_xlsx(exemple_siret=entreprise.siret if entreprise else "")
    reponse = HttpResponse(contenu, content_type=import_masse.TYPE_XLSX)
    reponse["Content-Disposition"] = 'attachment; filename="modele_import_inscriptions.xlsx"'
    return reponse


def _purger_apercus() -> None:
    try:
        _, fichiers = default_storage.listdir(DOSSIER_APERCUS)
    except (FileNotFoundError, NotImplementedError):
        return
    limite = timezone.now() - DUREE_APERCU
    for nom in fichiers:
        chemin = f"{DOSSIER_APERCUS}/{nom}"
        try:
            if default_storage.get_modified_time(chemin) < limite:
                default_storage.delete(chemin)
        except (FileNotFoundError, NotImplementedError):
            continue


def _conserver(request: HttpRequest, contenu: bytes, nom: str) -> str:
    """Keep the previewed file for this session; returns the token the confirmation form sends back."""
    _oublier(request)
    _purger_apercus()
    jeton = secrets.token_urlsafe(24)
    chemin = default_storage.save(f"{DOSSIER_APERCUS}/{jeton}.bin", ContentFile(contenu))
    request.session[CLE_SESSION] = {
        "jeton": jeton,
        "chemin": chemin,
        "empreinte": hashlib.sha256(contenu).hexdigest(),
        "nom": nom[:200],
        "depose_le": timezone.now().isoformat(),
    }
    return jeton


def _oublier(request: HttpRequest) -> None:
    depot = request.session.pop(CLE_SESSION, None)
    if depot:
        default_storage.delete(depot["chemin"])


def _reprendre(request: HttpRequest, jeton: str) -> tuple[bytes, str] | None:
    """The bytes previewed in this very session under `jeton`, unchanged and not expired; None otherwise."""
    depot = request.session.get(CLE_SESSION)
    if not depot or not secrets.compare_digest(str(depot.get("jeton")), jeton):
        return None
    if datetime.datetime.fromisoformat(depot["depose_le"]) < timezone.now() - DUREE_APERCU:
        _oublier(request)
        return None
    try:
        with default_storage.open(depot["chemin"], "rb") as fichier:
            contenu = fichier.read()
    except FileNotFoundError:
        return None
    if hashlib.sha256(contenu).hexdigest() != depot["empreinte"]:
        return None
    return contenu, depot["nom"]


@action_requise(Action.INSCRIRE_CANDIDATS)
def importer(request: HttpRequest) -> HttpResponse:
    """Upload → preview: every row checked by the services inside a transaction rolled back; nothing is written."""
    form = FormulaireImport(request.POST or None, request.FILES or None)
    contexte: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            rapport = import_masse.importer(fichier, acteur=request.user, apercu=True)
        except RegleViolee as exc:
            form.add_error("fichier", exc.message)
        else:
            contexte["rapport"] = rapport
            contexte["nom_fichier"] = fichier.name
            if rapport.valide:
                fichier.seek(0)
                contexte["jeton"] = _conserver(request, fichier.read(), fichier.name)
            else:
                _oublier(request)
            return render(request, "candidats/import.html", contexte, status=200 if rapport.valide else 422)
    return render(request, "candidats/import.html", contexte, status=422 if form.errors else 200)


@require_POST
@action_requise(Action.INSCRIRE_CANDIDATS)
def confirmer_import(request: HttpRequest) -> HttpResponse:
    """Import the previewed file, all or nothing; if anything changed since the preview, nothing is imported."""
    repris = _reprendre(request, str(request.POST.get("jeton", "")))
    if repris is None:
        messages.error(
            request, "L'aperçu a expiré ou n'appartient pas à cette session : déposez de nouveau le fichier."
        )
        return redirect("candidats:importer")
    contenu, nom = repris
    fichier = ContentFile(contenu, name=nom)
    try:
        rapport = import_masse.importer(fichier, acteur=request.user, apercu=False)
    except RegleViolee as exc:
        _oublier(request)
        return render(request, "candidats/import.html", {"form": FormulaireImport(), "refus": exc}, status=422)
    _oublier(request)
    if not rapport.importe:
        contexte = {"form": FormulaireImport(), "rapport": rapport, "nom_fichier": nom}
        return render(request, "candidats/import.html", contexte, status=422)
    nombre = len(rapport.lignes)
    messages.success(request, f"{nombre} inscription{'s' if nombre > 1 else ''} importée{'s' if nombre > 1 else ''}.")
    return redirect("candidats:liste")


@action_requise(Action.FUSIONNER_CANDIDATS)
def doublons(request: HttpRequest) -> HttpResponse:
    """The groups of candidates that look like one person; staff keep one and merge the others into it (R-REG-04).
    A refusal (a candidate outside the user's scope, already merged…) is shown above the groups, nothing merged."""
    refus: RegleViolee | None = None
    if request.method == "POST":
        groupe = {c.pk: c for g in services.groupes_de_doublons(request.user) for c in g if str(c.pk) in _ids(request)}
        conserve = groupe.get(_entier(request.POST.get("conserve")) or 0)
        if conserve is None or len(groupe) < 2:
            refus = RegleViolee("R-REG-04", "Choisissez le candidat à conserver parmi le groupe (R-REG-04).")
        else:
            try:
                services.fusionner_groupe(conserve, groupe.values(), acteur=request.user)
            except RegleViolee as exc:
                refus = exc
            else:
                messages.success(request, f"Les doublons sont fusionnés dans « {conserve} ».")
                return redirect("candidats:doublons")
    contexte = {"groupes": services.groupes_de_doublons(request.user), "refus": refus}
    return render(request, "candidats/doublons.html", contexte, status=422 if refus else 200)


def _ids(request: HttpRequest) -> set[str]:
    return set(request.POST.getlist("groupe"))


def _entier(valeur: str | None) -> int | None:
    return int(valeur) if valeur and valeur.isdigit() and len(valeur) < 12 else None
