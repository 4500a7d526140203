"""Pages of the jury paritaire de délibération: the exam centre's calendar and jury page, the union branches'
designation requests, the president's signature.

Views only read the posted fields and call `services`, which check who acts and every rule; a refusal is shown
next to its step with the rule's own sentence (status 422). A jury the user may not read answers 404. Candidates
appear under their code until the PV is signed (R-JURY-06).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cqpm.candidats.services import inscriptions_visibles
from cqpm.comptes.decorateurs import action_requise
from cqpm.comptes.models import Utilisateur
from cqpm.comptes.permissions import Action, perimetre, peut
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.jurys import documents, services
from cqpm.jurys.enums import BrancheMembre, College, EtatJury, Periodicite, Presence
from cqpm.jurys.models import CandidatJury, CibleJury, Jury
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Qualification


def _date(valeur: str, champ: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(valeur)
    except ValueError:
        raise RegleViolee(
            "FORMULAIRE", f"Date invalide ({champ}) : saisissez-la au format AAAA-MM-JJ.", champ=champ
        ) from None


def _date_facultative(valeur: str) -> datetime.date | None:
    return _date(valeur, "le") if valeur else None


def _saisie(post: Any) -> services.MembreSaisi:
    branche = post.get("branche", BrancheMembre.METALLURGIE)
    return services.MembreSaisi(
        post.get("nom", ""), post.get("organisme", ""), post.get("fonction", ""), post.get("courriel", ""), branche
    )


@action_requise(Action.GERER_JURYS)
def liste(request: HttpRequest, refus: RegleViolee | None = None) -> HttpResponse:
    """The juries of the user's exam centres, and the form to plan one (R-JURY-01)."""
    centres = perimetre(request.user, Action.GERER_JURYS).filtrer(
        Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, active=True), "pk"
    )
    contexte = {
        "jurys": services.jurys_visibles(request.user)[:200],
        "centres": centres,
        "qualifications": Qualification.objects.exclude(numero=None).order_by("intitule")[:500],
        "periodicites": Periodicite.choices,
        "refus": refus,
        "section": "jurys",
    }
    if request.method == "POST" and refus is None:
        try:
            centre = centres.filter(pk=request.POST.get("centre_examen") or 0).first()
            qualification = Qualification.objects.filter(pk=request.POST.get("qualification") or 0).first()
            if centre is None or qualification is None:
                raise RegleViolee("FORMULAIRE", "Choisissez le centre d'examen et la qualification.")
            jury = services.creer_jury(
                centre_examen=centre,
                qualification=qualification,
                date=_date(request.POST.get("date", ""), "date"),
                lieu=request.POST.get("lieu", ""),
                periodicite=request.POST.get("periodicite", Periodicite.PONCTUELLE),
                acteur=request.user,
            )
        except RegleViolee as exc:
            contexte["refus"] = exc
            return render(request, "jurys/liste.html", contexte, status=422)
        messages.success(request, "Jury planifié.")
        return redirect("jurys:detail", jury.pk)
    return render(request, "jurys/liste.html", contexte)


def _jury(request: HttpRequest, pk: int) -> Jury:
    try:
        return services.jury_lisible(pk, request.user)
    except Introuvable:
        raise Http404("Jury introuvable.") from None


def _page(request: HttpRequest, jury: Jury, *, refus: RegleViolee | None = None, action: str = "") -> HttpResponse:
    jury.refresh_from_db()
    candidats = list(CandidatJury.objects.filter(jury=jury).select_related("jury", "inscription__candidat"))
    gerer = peut(request.user, Action.GERER_JURYS, jury)
    membre_president = services.president(jury)
    contexte = {
        "jury": jury,
        "gerer": gerer,
        "membres": list(jury.membres.select_related("branche_syndicale")),
        "composition_ouverte": gerer and services.composition_ouverte(jury),
        "a_convoquer": set(services.membres_a_convoquer(jury).values_list("pk", flat=True)),
        "votants": [m for m in jury.membres.all() if m.voix_deliberative],
        "candidats": [(c, services.nom_affiche(c)) for c in candidats],
        "cibles": [
            (cible, services.nom_affiche(cible.candidat))
            for cible in CibleJury.objects.filter(candidat__jury=jury).select_related("candidat__jury", "bloc")
        ],
        "demandes": list(jury.demandes.select_related("branche_syndicale")),
        "informations": list(jury.informations.all()),
        "inscriptions": (
            inscriptions_visibles(request.user)
            .filter(centre_examen=jury.centre_examen, qualification=jury.qualification)
            .exclude(passages_jury__jury=jury)
            .select_related("candidat")[:200]
            if gerer and jury.etat in (EtatJury.PLANIFIE, EtatJury.CONVOQUE)
            else []
        ),
        "autres_jurys": services.jurys_visibles(request.user)
        .filter(qualification=jury.qualification, date__gt=jury.date)
        .exclude(etat=EtatJury.SIGNE),
        "peut_signer": membre_president is not None
        and membre_president.utilisateur_id == getattr(request.user, "pk", None)
        and jury.etat == EtatJury.DELIBERE,
        "Etat": EtatJury,
        "College": College,
        "presences": Presence.choices,
        "branches": BrancheMembre.choices,
        "refus": refus,
        "action_refusee": action,
        "section": "jurys",
    }
    return render(request, "jurys/detail.html", contexte, status=422 if refus else 200)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("comptes:connexion")
    return _page(request, _jury(request, pk))


def _etapes(request: HttpRequest, jury: Jury) -> dict[str, Callable[[], object]]:
    p, u = request.POST, request.user

    def patronal() -> object:
        compte = (
            Utilisateur.objects.filter(email__iexact=p.get("compte", "").strip()).first() if p.get("compte") else None
        )
        return services.designer_membre_patronal(jury, _saisie(p), utilisateur=compte, acteur=u)

    def membre() -> Any:
        m = jury.membres.filter(pk=p.get("membre") or 0).first()
        if m is None:
            raise RegleViolee("FORMULAIRE", "Choisissez un membre du jury.")
        return m

    def inscription() -> Any:
        i = inscriptions_visibles(u).filter(pk=p.get("inscription") or 0).first()
        if i is None:
            raise RegleViolee("FORMULAIRE", "Choisissez un candidat.")
        return i

    return {
        "date": lambda: services.modifier_date(jury, date=_date(p.get("date", ""), "date"), acteur=u),
        "candidat": lambda: services.presenter_candidat(jury, inscription(), acteur=u),
        "designations": lambda: services.demander_designations(jury, le=_date_facultative(p.get("le", "")), acteur=u),
        "patronal": patronal,
        "invite": lambda: services.ajouter_invite(jury, _saisie(p), acteur=u),
        "president": lambda: services.designer_president(membre(), acteur=u),
        "retrait": lambda: services.retirer_membre(membre(), acteur=u),
        "cprefp": lambda: services.informer_cprefp(jury, acteur=u),
        "convocations": lambda: services.convoquer(jury, le=_date_facultative(p.get("le", "")), acteur=u),
        "convocation_membre": lambda: services.convoquer_membre(membre(), acteur=u),
        "deliberation": lambda: services.arreter_decisions(jury, acteur=u),
        "signature": lambda: services.signer(jury, acteur=u),
    }


@require_POST
def etape(request: HttpRequest, pk: int, etape: str) -> HttpResponse:
    """One step of the jury's life, by the service of the same name; a refusal is shown on the page."""
    jury = _jury(request, pk)
    action = _etapes(request, jury).get(etape)
    if action is None:
        raise Http404("Étape inconnue.")
    try:
        action()
    except RegleViolee as exc:
        return _page(request, jury, refus=exc, action=etape)
    messages.success(request, "Enregistré.")
    return redirect("jurys:detail", jury.pk)


@require_POST
def etape_candidat(request: HttpRequest, pk: int, cid: int, etape: str) -> HttpResponse:
    """Presence, vote, decision on one of his certifications or report of one candidate (R-JURY-09, R-GTP-02)."""
    jury = _jury(request, pk)
    candidat = CandidatJury.objects.filter(jury=jury, pk=cid).select_related("jury", "inscription").first()
    if candidat is None:
        raise Http404("Candidat introuvable.")
    p, u = request.POST, request.user
    try:
        if etape == "presence":
            services.marquer_presence(candidat, presence=p.get("presence", ""), acteur=u)
        elif etape == "vote":
            membre = jury.membres.filter(pk=p.get("membre") or 0).first()
            if membre is None:
                raise RegleViolee("FORMULAIRE", "Choisissez le membre qui vote.")
            services.voter(candidat, membre=membre, decision=p.get("decision", ""), acteur=u)
        elif etape == "cible":
            certification = CibleJury.objects.filter(candidat=candidat, pk=p.get("cible") or 0).first()
            if certification is None:
                raise RegleViolee("FORMULAIRE", "Choisissez la certification.")
            services.declarer_cible(certification, decision=p.get("decision", ""), acteur=u)
        elif etape == "report":
            cible = services.jurys_visibles(u).filter(pk=p.get("jury") or 0).first()
            if cible is None:
                raise RegleViolee("FORMULAIRE", "Choisissez le jury ultérieur.")
            services.reporter_candidat(candidat, vers=cible, acteur=u)
        else:
            raise Http404("Étape inconnue.")
    except RegleViolee as exc:
        return _page(request, jury, refus=exc, action=f"candidat-{cid}")
    messages.success(request, "Enregistré.")
    return redirect("jurys:detail", jury.pk)


@action_requise(Action.DESIGNER_MEMBRES_JURY)
def designations(request: HttpRequest, refus: RegleViolee | None = None, status: int = 200) -> HttpResponse:
    """The designation requests a union branch received (R-JURY-01, R-JURY-03)."""
    contexte = {
        "demandes": services.demandes_visibles(request.user).order_by("-jury__date")[:200],
        "branches": BrancheMembre.choices,
        "refus": refus,
        "section": "jurys",
    }
    return render(request, "jurys/designations.html", contexte, status=status)


@require_POST
@action_requise(Action.DESIGNER_MEMBRES_JURY)
def designer(request: HttpRequest, pk: int) -> HttpResponse:
    demande = services.demandes_visibles(request.user).filter(pk=pk).first()
    if demande is None:
        raise Http404("Demande introuvable.")
    try:
        services.designer_membre_syndical(
            demande, _saisie(request.POST), voix_deliberative=request.POST.get("voix") == "oui", acteur=request.user
        )
    except RegleViolee as exc:
        return designations(request, refus=exc, status=422)
    messages.success(request, "Membre désigné.")
    return redirect("jurys:designations")


def _pdf(contenu: bytes, nom: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def pv_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    jury = _jury(request, pk)
    return _pdf(documents.pdf_pv(jury, acteur=request.user), f"pv-jury-{jury.pk}.pdf")


def emargement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    jury = _jury(request, pk)
    return _pdf(documents.pdf_emargement(jury, acteur=request.user), f"emargement-jury-{jury.pk}.pdf")


def extrait_cprefp_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The dated CPREFP notices for the GTP (R-JURY-07, R-GTP-01); none sent yet: said on the jury page."""
    jury = _jury(request, pk)
    try:
        contenu = documents.pdf_extrait_cprefp(jury, acteur=request.user)
    except Introuvable:
        raise Http404("Jury introuvable.") from None
    except RegleViolee as exc:
        return _page(request, jury, refus=exc, action="cprefp")
    return _pdf(contenu, f"extrait-cprefp-jury-{jury.pk}.pdf")


def convocation_pdf(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    jury = _jury(request, pk)
    membre = jury.membres.filter(pk=mid).first()
    if membre is None:
        raise Http404("Membre introuvable.")
    return _pdf(documents.pdf_convocation(membre, acteur=request.user), f"convocation-jury-{jury.pk}-{mid}.pdf")
