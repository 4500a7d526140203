"""Pages of the award: the exam centre's and the secretariat's list of requests (late and incomplete flags), a
request's page (pieces, sending, the GTP's decisions, certificates, letters), a séance's validation screen and the
public verification of a certificate.

Views only read the posted fields and call `services`, which check who acts and every rule; a refusal is shown on
the page with the rule's own sentence (status 422). A request the user may not read answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cqpm.attributions import codes, services
from cqpm.attributions.enums import CanalTirage, ModeRemise, NaturePiece, StatutCorrection, StatutDemande
from cqpm.attributions.models import Certificat, CibleAttribution, DemandeAttribution
from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.permissions import Action, peut
from cqpm.core.dates import lire_date_iso
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.core.transitions import aujourdhui
from cqpm.gtp.enums import StatutSeance
from cqpm.gtp.models import Seance
from cqpm.jurys.enums import EtatJury
from cqpm.jurys.services import jurys_visibles


@action_requise(Action.DEMANDER_ATTRIBUTION)
def liste(request: HttpRequest) -> HttpResponse:
    """The requests in the user's perimeter with their flags, and the signed juries still to transmit (R-GTP-01)."""
    refus = None
    if request.method == "POST":
        jury = jurys_visibles(request.user).filter(pk=request.POST.get("jury") or 0).first()
        try:
            if jury is None:
                raise RegleViolee("FORMULAIRE", "Choisissez un jury dont le procès-verbal est signé.")
            demande = services.creer_demande(jury, acteur=request.user)
        except RegleViolee as exc:
            refus = exc
        else:
            messages.success(request, "Demande d'attribution préparée.")
            return redirect("attributions:detail", demande.pk)
    jour = aujourdhui()
    demandes = [
        (d, services.est_en_retard(d, jour), services.pieces_manquantes(d))
        for d in services.demandes_visibles(request.user).prefetch_related("pieces")[:300]
    ]
    contexte = {
        "demandes": demandes,
        "jurys": jurys_visibles(request.user).filter(etat=EtatJury.SIGNE, demande_attribution__isnull=True)[:200],
        "refus": refus,
        "section": "attributions",
    }
    return render(request, "attributions/liste.html", contexte, status=422 if refus else 200)


def _demande(request: HttpRequest, pk: int) -> DemandeAttribution:
    try:
        return services.demande_visible(pk, request.user)
    except Introuvable:
        raise Http404("Demande d'attribution introuvable.") from None


def _page(request: HttpRequest, demande: DemandeAttribution, refus: RegleViolee | None = None) -> HttpResponse:
    gtp = peut(request.user, Action.VALIDER_ATTRIBUTIONS)
    jointes = {p.nature: p for p in demande.pieces.all()}
    contexte = {
        "demande": demande,
        "jury": demande.jury,
        "pieces": [(n.value, n.label, jointes.get(n.value)) for n in NaturePiece],
        "manquantes": services.pieces_manquantes(demande),
        "en_retard": services.est_en_retard(demande),
        "limite": services.limite_transmission(demande),
        "cibles": demande.cibles.select_related("candidat__inscription__candidat", "bloc", "qualification"),
        "certificats": Certificat.objects.filter(cible__demande=demande).order_by("sequence"),
        "courriers": demande.courriers.select_related("candidat__inscription__candidat"),
        "seances": Seance.objects.filter(statut=StatutSeance.PLANIFIEE).order_by("date")[:50] if gtp else [],
        "gtp": gtp,
        "modes": ModeRemise.choices,
        "brouillon": demande.statut == StatutDemande.BROUILLON,
        "envoyee": demande.statut == StatutDemande.ENVOYEE,
        "refus": refus,
        "section": "attributions",
    }
    return render(request, "attributions/detail.html", contexte, status=422 if refus else 200)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _demande(request, pk))


def _etapes(request: HttpRequest, demande: DemandeAttribution) -> dict[str, Callable[[], Any]]:
    p, u = request.POST, request.user

    def piece() -> Any:
        fichier = request.FILES.get("fichier")
        if fichier is None:
            raise RegleViolee("FORMULAIRE", "Choisissez le fichier à joindre.")
        return services.joindre_piece(demande, nature=p.get("nature", ""), fichier=fichier, acteur=u)

    def seance() -> Any:
        s = Seance.objects.filter(pk=p.get("seance") or 0).first()
        if s is None:
            raise RegleViolee("FORMULAIRE", "Choisissez la séance du GTP.")
        return services.inscrire_a_seance(demande, seance=s, acteur=u)

    def cible() -> CibleAttribution:
        c = demande.cibles.filter(pk=p.get("cible") or 0).first()
        if c is None:
            raise RegleViolee("FORMULAIRE", "Choisissez l'attribution.")
        return c

    def certificat() -> Certificat:
        c = Certificat.objects.filter(cible__demande=demande, pk=p.get("certificat") or 0).first()
        if c is None:
            raise RegleViolee("FORMULAIRE", "Choisissez le certificat.")
        return c

    return {
        "piece": piece,
        "envoyer": lambda: services.envoyer(demande, acteur=u),
        "seance": seance,
        "valider": lambda: services.decider(cible(), valider=True, acteur=u),
        "refuser": lambda: services.decider(cible(), valider=False, motif=p.get("motif", ""), acteur=u),
        "cloturer": lambda: services.cloturer(demande, acteur=u),
        "remettre": lambda: services.remettre(
            certificat(), mode=p.get("mode", ""), questionnaire_remis=p.get("questionnaire") == "on", acteur=u
        ),
        "copie": lambda: services.copie_certifiee(certificat(), motif=p.get("motif", ""), acteur=u),
        "revoquer": lambda: services.revoquer(certificat(), motif=p.get("motif", ""), acteur=u),
    }


@require_POST
def etape(request: HttpRequest, pk: int, etape: str) -> HttpResponse:
    """One step of the request, by the service of the same name; a refusal is shown on the page."""
    demande = _demande(request, pk)
    action = _etapes(request, demande).get(etape)
    if action is None:
        raise Http404("Étape inconnue.")
    try:
        action()
    except RegleViolee as exc:
        return _page(request, _demande(request, pk), refus=exc)
    messages.success(request, "Enregistré.")
    return redirect("attributions:detail", demande.pk)


@action_requise(Action.VALIDER_ATTRIBUTIONS)
def seance(request: HttpRequest, pk: int) -> HttpResponse:
    """The validation screen of a séance: its requests, their targets, the progress; validate all at once."""
    s = Seance.objects.filter(pk=pk).first()
    if s is None:
        raise Http404("Séance introuvable.")
    refus = None
    if request.method == "POST":
        try:
            nombre = services.lancer_validation_seance(s, acteur=request.user)
        except RegleViolee as exc:
            refus = exc
        else:
            messages.success(request, f"Validation lancée pour {nombre} attribution(s).")
            return redirect("attributions:seance", s.pk)
    decidees, total = services.progression(s)
    contexte = {
        "seance": s,
        "demandes": DemandeAttribution.objects.filter(seance=s).select_related(
            "jury__centre_examen", "jury__qualification"
        ),
        "rapport": services.rapport_validation(s, acteur=request.user),
        "certificats": Certificat.objects.filter(cible__demande__seance=s).exists(),
        "decidees": decidees,
        "total": total,
        "refus": refus,
        "section": "attributions",
    }
    return render(request, "attributions/seance.html", contexte, status=422 if refus else 200)


def _document(rendre: Callable[[], tuple[str, bytes]], introuvable: str) -> HttpResponse:
    """A document shown in the browser: 404 outside the caller's perimeter, the rule's message when data is missing."""
    try:
        nom, pdf = rendre()
    except Introuvable:
        raise Http404(introuvable) from None
    except RegleViolee as exc:
        return HttpResponse(exc.message, status=422, content_type="text/plain; charset=utf-8")
    reponse = HttpResponse(pdf, content_type="application/pdf")
    reponse["Content-Disposition"] = f'inline; filename="{nom}"'
    return reponse


def url_verification(request: HttpRequest) -> Callable[[str], str]:
    """The absolute address of the public page of a verification code (what the QR code carries)."""
    return lambda code: request.build_absolute_uri(reverse("verification:certificat", args=[code]))


def certificat_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate as printed (R-GTP-03, R-CERT-04), for its exam centre or the secretariat; listed."""
    from cqpm.attributions.documents import pdf_certificat

    def rendre() -> tuple[str, bytes]:
        c, pdf = pdf_certificat(
            pk, acteur=request.user, url_verification=url_verification(request), canal=CanalTirage.PAGE
        )
        return f"certificat-{c.numero.replace(' ', '-')}.pdf", pdf

    return _document(rendre, "Certificat introuvable.")


@action_requise(Action.VALIDER_ATTRIBUTIONS)
def seance_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Every certificate of a séance in one print-ready PDF (secretariat of the GTP)."""
    from cqpm.attributions.documents import pdf_seance

    s = Seance.objects.filter(pk=pk).first()
    if s is None:
        raise Http404("Séance introuvable.")

    def rendre() -> tuple[str, bytes]:
        return f"certificats-seance-{s.date:%Y-%m-%d}.pdf", pdf_seance(
            s, acteur=request.user, url_verification=url_verification(request)
        )

    return _document(rendre, "Séance introuvable.")


def _certificat(request: HttpRequest, pk: int) -> Certificat:
    try:
        return services.certificat_visible(pk, request.user)
    except Introuvable:
        raise Http404("Certificat introuvable.") from None


def _page_certificat(request: HttpRequest, c: Certificat, refus: RegleViolee | None = None) -> HttpResponse:
    contexte = {
        "c": c,
        "demande": c.cible.demande,
        "gtp": peut(request.user, Action.VALIDER_ATTRIBUTIONS),
        "corrections": c.corrections.select_related("demandee_par", "decidee_par"),
        "tirages": c.tirages.select_related("par"),
        "controles": c.controles.count(),
        "en_cours": c.corrections.filter(statut=StatutCorrection.DEMANDEE).first(),
        "refus": refus,
        "post": request.POST if refus else {},
        "section": "attributions",
    }
    return render(request, "attributions/certificat.html", contexte, status=422 if refus else 200)


def certificat(request: HttpRequest, pk: int) -> HttpResponse:
    """A certificate: what it prints, its verification code, its editions and every copy produced, corrections."""
    return _page_certificat(request, _certificat(request, pk))


def justificatif(request: HttpRequest, pk: int, correction: int) -> HttpResponseBase:
    """The proof joined to a correction request, to whoever may read the certificate (404 otherwise)."""
    c = _certificat(request, pk)
    demande = services.corrections_visibles(request.user).filter(certificat=c, pk=correction).first()
    if demande is None:
        raise Http404("Demande de correction introuvable.")
    return FileResponse(demande.justificatif.open("rb"), as_attachment=True, filename=demande.nom_justificatif)


@require_POST
def correction(request: HttpRequest, pk: int, etape: str) -> HttpResponse:
    """Ask for a correction of the holder's data (exam centre), approve or refuse it (secretariat of the GTP)."""
    c = _certificat(request, pk)
    p, u = request.POST, request.user

    def en_cours() -> Any:
        demande = services.corrections_visibles(u).filter(certificat=c, pk=p.get("correction") or 0).first()
        if demande is None:
            raise RegleViolee("FORMULAIRE", "Choisissez la demande de correction.")
        return demande

    def demander() -> Any:
        justificatif = request.FILES.get("justificatif")
        if justificatif is None:
            raise RegleViolee("FORMULAIRE", "Joignez le justificatif (acte d'état civil, pièce d'identité).")
        try:
            naissance = lire_date_iso(p.get("date_naissance", ""))
        except ValueError as exc:
            raise RegleViolee("FORMULAIRE", f"Date de naissance : {exc}") from None
        return services.demander_correction(
            c,
            titulaire_nom=p.get("titulaire_nom", ""),
            titulaire_prenoms=p.get("titulaire_prenoms", ""),
            date_naissance=naissance,
            lieu_naissance=p.get("lieu_naissance", ""),
            motif=p.get("motif", ""),
            justificatif=justificatif,
            acteur=u,
        )

    etapes: dict[str, Callable[[], Any]] = {
        "demander": demander,
        "approuver": lambda: services.approuver_correction(en_cours(), acteur=u),
        "refuser": lambda: services.refuser_correction(en_cours(), motif=p.get("motif_refus", ""), acteur=u),
    }
    action = etapes.get(etape)
    if action is None:
        raise Http404("Étape inconnue.")
    try:
        action()
    except RegleViolee as exc:
        return _page_certificat(request, _certificat(request, pk), refus=exc)
    messages.success(request, "Enregistré.")
    return redirect("attributions:certificat", c.pk)


@action_requise(Action.CONSULTER_SON_ESPACE)
def mon_certificat_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The holder downloads his own certificate from his space (current edition; not once revoked)."""
    from cqpm.attributions.espace import pdf_mon_certificat

    def rendre() -> tuple[str, bytes]:
        c, pdf = pdf_mon_certificat(pk, acteur=request.user, url_verification=url_verification(request))
        return f"certificat-{c.numero.replace(' ', '-')}.pdf", pdf

    return _document(rendre, "Certificat introuvable.")


@action_requise(Action.CONSULTER_SON_ESPACE)
def mon_courrier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A letter addressed to the candidate, from his space."""
    from cqpm.attributions.espace import pdf_mon_courrier

    def rendre() -> tuple[str, bytes]:
        courrier, pdf = pdf_mon_courrier(pk, acteur=request.user)
        return f"courrier-{courrier.pk}.pdf", pdf

    return _document(rendre, "Courrier introuvable.")


def courrier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A letter (R-LET-01 to 04) for its exam centre or the secretariat."""
    from cqpm.attributions.documents import pdf_courrier

    def rendre() -> tuple[str, bytes]:
        courrier, pdf = pdf_courrier(pk, acteur=request.user)
        return f"courrier-{courrier.pk}.pdf", pdf

    return _document(rendre, "Courrier introuvable.")


def attestation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The Annex 5 letter generated from the request (R-GTP-01)."""
    from cqpm.attributions.documents import pdf_attestation

    def rendre() -> tuple[str, bytes]:
        demande, pdf = pdf_attestation(pk, acteur=request.user)
        return f"demande-attribution-{demande.pk}.pdf", pdf

    return _document(rendre, "Demande introuvable.")


def verification_accueil(request: HttpRequest) -> HttpResponse:
    """Public: type the code printed under the QR code of a paper certificate."""
    code = request.GET.get("code", "").strip()
    if code:
        normalise = codes.normaliser(code)
        if normalise is not None:
            return redirect("verification:certificat", normalise)
    return render(request, "attributions/verification_accueil.html", {"code": code}, status=422 if code else 200)


def verification(request: HttpRequest, jeton: str) -> HttpResponse:
    """Public: anybody with the certificate's link, QR code or printed code checks it; the page shows what the
    certificate prints, nothing more (R-CERT-04)."""
    resultat = services.verifier(jeton)
    return render(
        request,
        "attributions/verification.html",
        {"v": resultat},
        status=404 if resultat.statut == "inconnu" else 200,
    )
