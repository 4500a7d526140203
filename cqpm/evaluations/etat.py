"""The état récapitulatif des évaluations of one inscription, built from the records (R-EVAL-04, R-EVAL-06).

`etat_recapitulatif` reads the dossier, the results, the commissions and the capacities carried over from an
earlier jury, and refuses what the jury could not rely on (a capacity without result, a missing company opinion);
`cqpm.documents.etat_recapitulatif.rendre_etat_recapitulatif` checks and prints it.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cqpm.candidats.models import Inscription
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import RegleViolee
from cqpm.documents import etat_recapitulatif as doc
from cqpm.evaluations.models import DossierEvaluation, ModaliteChoisie, ResultatCapacite
from cqpm.evaluations.services import acquis_reportables, avis_exige, capacites_visees
from cqpm.referentiels.enums import Modalite


def _dossier(inscription: Inscription) -> DossierEvaluation:
    dossier = DossierEvaluation.objects.filter(inscription=inscription).first()
    if dossier is None:
        raise RegleViolee(
            "R-EVAL-04",
            "Le dossier d'évaluation de cette inscription n'est pas ouvert : aucun résultat à récapituler (R-EVAL-04).",
            code="dossier_absent",
        )
    return dossier


def etat_recapitulatif(inscription: Inscription) -> doc.EtatRecapitulatif:
    """Per bloc and capacity of the pinned version: carried over (with its jury's date) or the commission's result."""
    dossier = _dossier(inscription)
    reprises = {a.capacite.pk: a for a in acquis_reportables(inscription) if a.reprise}
    resultats = {
        r.capacite_id: r
        for r in ResultatCapacite.objects.filter(dossier=dossier).select_related("commission__centre_examen")
    }
    modalites: dict[int, list[str]] = {}
    for m in ModaliteChoisie.objects.filter(dossier=dossier).order_by("modalite"):
        modalites.setdefault(m.capacite_id, []).append(Modalite(m.modalite).label)
    blocs: dict[int, tuple[Any, list[doc.CapaciteEvaluee]]] = {}
    sans_resultat = []
    for capacite in capacites_visees(inscription):
        reprise = reprises.get(capacite.pk)
        resultat = resultats.get(capacite.pk)
        if reprise is not None:
            evaluee = doc.CapaciteEvaluee(
                numero=capacite.numero,
                intitule=capacite.intitule,
                resultat=doc.Resultat.ACQUISE,
                observations=reprise.raison,
                jury_anterieur=reprise.date_jury,
            )
        elif resultat is not None:
            evaluee = doc.CapaciteEvaluee(
                numero=capacite.numero,
                intitule=capacite.intitule,
                resultat=doc.Resultat.ACQUISE if resultat.acquise else doc.Resultat.NON_ACQUISE,
                modalites=tuple(modalites.get(capacite.pk, ())),
                observations=resultat.observations,
            )
        else:
            sans_resultat.append(capacite.code)
            continue
        blocs.setdefault(capacite.bloc.numero, (capacite.bloc, []))[1].append(evaluee)
    if sans_resultat:
        raise RegleViolee(
            "R-EVAL-04",
            f"La commission d'évaluation n'a pas encore enregistré le résultat de : {', '.join(sans_resultat)} "
            "(R-EVAL-04).",
            code="resultats_manquants",
        )
    if avis_exige(inscription) and not dossier.avis_entreprise:
        raise RegleViolee(
            "R-EVAL-03",
            "L'avis de l'entreprise complète l'évaluation : il manque à ce dossier (R-EVAL-03).",
            code="avis_manquant",
        )
    commissions = {r.commission.pk: r.commission for r in resultats.values()}
    membres = []
    for commission in sorted(commissions.values(), key=lambda c: (c.date, c.pk)):
        membres += [doc.MembreCommission(nom=m.nom, qualite=m.qualite) for m in commission.membres.all()]
    candidat, centre = inscription.candidat, inscription.centre_examen
    amenagements: tuple[doc.Amenagement, ...] = ()
    if dossier.compensations_accordees:
        amenagements = (doc.Amenagement(dossier.compensations_accordees, dossier.compensations_accordees_le),)
    return doc.EtatRecapitulatif(
        centre=doc.CentreExamen(nom=centre.nom, adresse=centre.adresse),
        candidat=doc.Candidat(
            nom=candidat.nom,
            prenoms=candidat.prenoms,
            date_naissance=candidat.date_naissance,
            lieu_naissance=f"{candidat.commune_naissance} ({candidat.departement_naissance})",
        ),
        qualification=doc.QualificationEvaluee(
            intitule=inscription.version.intitule,
            numero=inscription.qualification.numero or "",
            version=inscription.version.numero,
        ),
        blocs=tuple(
            doc.BlocEvalue(numero=numero, intitule=bloc.intitule, capacites=tuple(capacites))
            for numero, (bloc, capacites) in sorted(blocs.items())
        ),
        dates_evaluation=tuple(sorted({c.date for c in commissions.values()})),
        commission=tuple(membres),
        avis_entreprise=(
            doc.AvisEntreprise(
                entreprise=inscription.entreprise.nom if inscription.entreprise else "",
                avis=dossier.avis_entreprise,
                signataire=dossier.avis_auteur,
                date=dossier.avis_le,
            )
            if dossier.avis_entreprise
            else None
        ),
        amenagements=amenagements,
        lieu=max(commissions.values(), key=lambda c: (c.date, c.pk)).lieu if commissions else "",
        etabli_le=timezone.localdate(),
    )


def pdf_etat_recapitulatif(inscription: Inscription, *, acteur: Any) -> bytes:
    """The PDF the exam centre produces for the jury (R-EVAL-04)."""
    exiger(acteur, Action.GERER_EVALUATIONS, inscription)
    return doc.rendre_etat_recapitulatif(etat_recapitulatif(inscription))


def nom_fichier(inscription: Inscription) -> str:
    return f"etat-recapitulatif-inscription-{inscription.pk}.pdf"
