"""Pages of VAE files: the exam centre's dashboard of limits and a file's page with the actions of its phase; the
candidate's filing form and the follow-up of his files. Views only shape forms and call `services`, which check
who acts and every rule; a refusal is shown next to its form (`role="alert"`), never re-worded. A file the user
may not read answers 404."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.db.models import Case, DateField, F, QuerySet, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cqpm.candidats.services import candidats_visibles
from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.permissions import Action, peut
from cqpm.core.errors import RegleViolee
from cqpm.documents.etat_recapitulatif import rendre_etat_recapitulatif
from cqpm.portail.services import candidat_de
from cqpm.vae import rules, services
from cqpm.vae.enums import PHASES_AVANT_AVIS, NaturePiece, Phase
from cqpm.vae.forms import (
    Experiences,
    FormulaireAccompagnement,
    FormulaireCommission,
    FormulaireConclusions,
    FormulaireDepot,
    FormulaireMotif,
    FormulairePreuves,
)
from cqpm.vae.models import DossierVAE

_EN_COURS_APRES_AVIS = (Phase.RECEVABLE, Phase.ACCOMPAGNEMENT, Phase.PREUVES_RECUES, Phase.COMMISSION)


def _avec_echeance(qs: QuerySet[DossierVAE]) -> QuerySet[DossierVAE]:
    """The limit that runs, as a column: the opinion before it is given, then the end of the path (R-VAE-02)."""
    return qs.annotate(
        echeance=Case(
            When(phase__in=PHASES_AVANT_AVIS, then=F("avis_du_le")),
            When(phase__in=_EN_COURS_APRES_AVIS, then=F("fin_parcours_le")),
            default=None,
            output_field=DateField(),
        )
    ).order_by(F("echeance").asc(nulls_last=True), "-recu_le", "pk")


@action_requise(Action.CONSULTER_VAE)
def tableau(request: HttpRequest) -> HttpResponse:
    """The exam centre's dashboard: files by phase, the limits that run, overdue first; a candidate's own files."""
    dossiers = list(_avec_echeance(services.dossiers_visibles(request.user)))
    le = timezone.localdate()
    for d in dossiers:
        d.en_retard = d.echeance is not None and d.echeance < le  # type: ignore[attr-defined]
    phases = Counter(d.phase for d in dossiers)
    contexte = {
        "dossiers": dossiers,
        "par_phase": [(p.label, phases[p]) for p in Phase if phases[p]],
        "retards": sum(d.en_retard for d in dossiers),  # type: ignore[attr-defined]
        "peut_deposer": peut(request.user, Action.DEPOSER_VAE),
        "candidat": candidat_de(request.user),
        "section": "vae",
    }
    return render(request, "vae/tableau.html", contexte)


@action_requise(Action.DEPOSER_VAE)
def deposer(request: HttpRequest) -> HttpResponse:
    candidat = candidat_de(request.user)
    donnees = request.POST if request.method == "POST" else None
    fichiers = request.FILES if request.method == "POST" else None
    form = FormulaireDepot(donnees, fichiers, candidat_impose=candidat, candidats=candidats_visibles(request.user))
    experiences = Experiences(donnees, prefix="experiences")
    if request.method == "POST" and form.is_valid() and experiences.is_valid():
        d = form.cleaned_data
        pieces = [(n, d[c]) for n, c in _PIECES if d.get(c)]
        try:
            dossier = services.deposer_demande(
                candidat or d["candidat"],
                d["qualification"],
                acteur=request.user,
                centre_examen=d["centre_examen"],
                financement=d["financement"],
                type_beneficiaire=d["type_beneficiaire"],
                origine=d["origine"],
                entreprise=d["entreprise"],
                blocs=list(d["blocs"]),
                declaration_honneur=d["declaration_honneur"],
                experiences=[f.saisie() for f in experiences if f.has_changed()],
                pieces=pieces,
            )
        except RegleViolee as exc:
            form.add_error(exc.champ if exc.champ in form.fields else None, exc.message)
        else:
            messages.success(request, f"Votre demande de VAE est déposée (dossier n° {dossier.pk}).")
            return redirect("vae:dossier", pk=dossier.pk)
    statut = 422 if form.errors or experiences.total_error_count() else 200
    contexte = {"form": form, "experiences": experiences, "candidat": candidat, "section": "vae"}
    return render(request, "vae/deposer.html", contexte, status=statut)


_PIECES = [
    (NaturePiece.CV, "cv"),
    (NaturePiece.IDENTITE, "identite"),
    (NaturePiece.MOTIVATION, "motivation"),
    (NaturePiece.JUSTIFICATIF, "justificatif"),
    (NaturePiece.DIPLOME, "diplome"),
]


def _dossier(request: HttpRequest, pk: int) -> DossierVAE:
    return get_object_or_404(services.dossiers_visibles(request.user), pk=pk)


def _page(request: HttpRequest, dossier: DossierVAE, *, refus: str = "", formulaires: Any = None) -> HttpResponse:
    instruire = peut(request.user, Action.INSTRUIRE_VAE, dossier)
    formulaires = formulaires or {}
    if instruire and dossier.phase == Phase.COMMISSION and "conclusions" not in formulaires:
        formulaires["conclusions"] = FormulaireConclusions(capacites=services.capacites_visees(dossier))
    contexte = {
        "dossier": dossier,
        "echeances": rules.echeances(dossier, timezone.localdate()),
        "experiences": dossier.experiences.all(),
        "pieces": dossier.pieces.all(),
        "blocs": dossier.inscription.blocs.all(),
        "membres": dossier.membres.all(),
        "conclusions": dossier.conclusions.select_related("capacite__bloc"),
        "blocs_valides": services.blocs_valides(dossier) if dossier.phase == Phase.CONCLUSIONS else [],
        "instruire": instruire,
        "refus": refus,
        "form_motif": formulaires.get("motif") or FormulaireMotif(),
        "form_accompagnement": formulaires.get("accompagnement") or FormulaireAccompagnement(),
        "form_preuves": formulaires.get("preuves") or FormulairePreuves(),
        "form_commission": formulaires.get("commission") or FormulaireCommission(),
        "form_conclusions": formulaires.get("conclusions"),
        "section": "vae",
    }
    return render(request, "vae/dossier.html", contexte, status=422 if refus else 200)


@action_requise(Action.CONSULTER_VAE)
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _dossier(request, pk))


@require_POST
@action_requise(Action.CONSULTER_VAE)
def etape(request: HttpRequest, pk: int, etape: str) -> HttpResponse:
    """One transition of Annex 4, by its name in the address."""
    d = _dossier(request, pk)
    u = request.user
    formulaires: dict[str, Any] = {}
    try:
        if etape == "instruction":
            services.ouvrir_instruction(d, acteur=u)
        elif etape == "recevable":
            services.declarer_recevable(d, acteur=u)
        elif etape == "non-recevable":
            form = formulaires["motif"] = FormulaireMotif(request.POST)
            if not form.is_valid():
                return _page(
                    request, d, refus="Indiquez le motif de l'avis défavorable (R-VAE-02).", formulaires=formulaires
                )
            services.declarer_non_recevable(d, acteur=u, motif=form.cleaned_data["motif"])
        elif etape == "accompagnement":
            fa = formulaires["accompagnement"] = FormulaireAccompagnement(request.POST)
            if not fa.is_valid():
                return _page(request, d, refus="Nommez l'accompagnateur (R-VAE-02).", formulaires=formulaires)
            services.accompagner(d, acteur=u, accompagnateur=fa.cleaned_data["accompagnateur"])
        elif etape == "preuves":
            fp = formulaires["preuves"] = FormulairePreuves(request.POST, request.FILES)
            fp.is_valid()
            services.recevoir_preuves(d, acteur=u, fichier=fp.cleaned_data.get("fichier") or None)
        elif etape == "commission":
            fc = formulaires["commission"] = FormulaireCommission(request.POST)
            if not fc.is_valid():
                return _page(request, d, refus="Complétez la commission de validation.", formulaires=formulaires)
            services.constituer_commission(
                d,
                acteur=u,
                president=fc.cleaned_data["president"],
                membres=fc.liste_membres(),
                date=fc.cleaned_data["date"],
            )
        elif etape == "conclusions":
            fk = formulaires["conclusions"] = FormulaireConclusions(
                request.POST, capacites=services.capacites_visees(d)
            )
            if not fk.is_valid():
                return _page(
                    request, d, refus="Concluez sur chaque capacité visée (R-VAE-02).", formulaires=formulaires
                )
            services.enregistrer_conclusions(
                d, acteur=u, acquises=fk.acquises(), observations=fk.cleaned_data["observations"]
            )
        else:
            raise Http404("Étape inconnue.")
    except RegleViolee as exc:
        return _page(request, d, refus=exc.message, formulaires=formulaires)
    d.refresh_from_db()
    messages.success(request, f"Dossier n° {d.pk} : {d.get_phase_display()}.")
    return redirect("vae:dossier", pk=d.pk)


@action_requise(Action.CONSULTER_VAE)
def etat_jury(request: HttpRequest, pk: int) -> HttpResponse:
    """The conclusions as the état récapitulatif for the jury (PDF; no company opinion in VAE, R-EVAL-03)."""
    d = _dossier(request, pk)
    try:
        pdf = rendre_etat_recapitulatif(services.etat_pour_le_jury(d))
    except RegleViolee as exc:
        return _page(request, d, refus=exc.message)
    reponse = HttpResponse(pdf, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="vae-{d.pk}-conclusions.pdf"'
    return reponse
