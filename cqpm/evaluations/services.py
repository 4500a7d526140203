"""Actions on the evaluation of a candidate on the training path (R-EVAL-01 to 06, R-REG-02, R-LET-04).

Every write checks who acts (`GERER_EVALUATIONS` for the exam centre and the secretariat, `SAISIR_AVIS_ENTREPRISE`
for the company's opinion; `SYSTEME`: the product itself), its rules (`rules.py`), writes the audit log and runs in
one transaction. Reading goes through `cqpm.candidats.services.inscriptions_visibles`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.candidats.enums import Parcours
from cqpm.candidats.models import Candidat, Inscription
from cqpm.comptes.permissions import Action, exiger, perimetre
from cqpm.core.acteurs import utilisateur_de
from cqpm.core.errors import RegleViolee
from cqpm.core.transitions import aujourdhui
from cqpm.documents import etat_recapitulatif as doc
from cqpm.evaluations import rules
from cqpm.evaluations.enums import SourceAcquis
from cqpm.evaluations.models import (
    AcquisAnterieur,
    CommissionEvaluation,
    DossierEvaluation,
    MembreCommission,
    ModaliteChoisie,
    ResultatCapacite,
)
from cqpm.evaluations.rules import MembreSaisi
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Capacite
from cqpm.referentiels.rules import modalites_par_priorite

__all__ = ["MembreSaisi"]


# Reading.


def capacites_visees(inscription: Inscription) -> list[Capacite]:
    """The capacities of the pinned version the inscription aims at: all, or those of its blocs."""
    capacites = Capacite.objects.filter(version_id=inscription.version_id).select_related("bloc")
    blocs = [b.pk for b in inscription.blocs.all()]
    if blocs:
        capacites = capacites.filter(bloc_id__in=blocs)
    return list(capacites.prefetch_related("modalites").order_by("numero"))


def avis_exige(inscription: Inscription) -> bool:
    return rules.avis_entreprise_exige(
        parcours=inscription.parcours,
        a_une_entreprise=inscription.entreprise_id is not None,
        voie=inscription.voie,
        accord_employeur=inscription.accord_employeur,
    )


def commissions_visibles(utilisateur: Any) -> QuerySet[CommissionEvaluation]:
    qs = perimetre(utilisateur, Action.GERER_EVALUATIONS).filtrer(CommissionEvaluation.objects.all(), "centre_examen")
    return qs.select_related("centre_examen").prefetch_related("membres")


@dataclass(frozen=True)
class AcquisReportable:
    """One capacity of the pinned version: carried over from an earlier jury or not, and why (R-EVAL-06)."""

    capacite: Capacite
    reprise: bool
    raison: str
    acquis: AcquisAnterieur | None = None

    @property
    def date_jury(self) -> datetime.date | None:
        return self.acquis.date_jury if self.acquis else None


def _candidats_de(candidat: Candidat) -> list[int]:
    """The candidate and the duplicates merged into him: their earlier juries are his."""
    return [candidat.pk, *candidat.doublons_fusionnes.values_list("pk", flat=True)]


def acquis_reportables(inscription: Inscription) -> list[AcquisReportable]:
    """Per capacity of the pinned version, whether an earlier jury's validation counts (R-EVAL-06, R-LET-04).

    A capacity corresponds to an earlier one when the qualification, the number and the title are the same; of the
    earlier validations, the one carried over is the most recent that counts, else the reason of the most recent.
    """
    anterieurs = list(
        AcquisAnterieur.objects.filter(
            candidat_id__in=_candidats_de(inscription.candidat), qualification_id=inscription.qualification_id
        )
        .select_related("capacite__version")
        .order_by("-date_jury", "-pk")
    )
    resultat = []
    for capacite in capacites_visees(inscription):
        memes = [a for a in anterieurs if a.capacite.numero == capacite.numero]
        if not memes:
            resultat.append(AcquisReportable(capacite, False, "Aucun jury antérieur n'a validé cette capacité."))
            continue
        correspondants = [a for a in memes if rules.meme_intitule(a.capacite.intitule, capacite.intitule)]
        if not correspondants:
            a = memes[0]
            resultat.append(
                AcquisReportable(
                    capacite,
                    False,
                    f"La capacité C{a.capacite.numero} validée par le jury du {doc.date_longue(a.date_jury)} "
                    f"(version {a.capacite.version.numero}) s'intitulait « {a.capacite.intitule} » : elle ne "
                    f"correspond pas à celle de la version {inscription.version.numero} (R-EVAL-06).",
                    a,
                )
            )
            continue
        decisions = [
            (
                a,
                rules.decision_report(
                    date_jury=a.date_jury,
                    date_inscription=inscription.date_inscription,
                    bloc_certifie=a.bloc_certifie,
                    cqpm_rncp=a.cqpm_rncp,
                ),
            )
            for a in correspondants
        ]
        a, d = next(((a, d) for a, d in decisions if d.reprise), decisions[0])
        resultat.append(AcquisReportable(capacite, d.reprise, d.raison, a))
    return resultat


# The dossier (R-EVAL-01).


def _exiger_gestion(acteur: Any, inscription: Inscription) -> None:
    exiger(acteur, Action.GERER_EVALUATIONS, inscription)


def _instantane(d: DossierEvaluation) -> dict[str, Any]:
    return {
        "transmis_le": d.transmis_le.isoformat() if d.transmis_le else None,
        "recommandations": d.recommandations,
        "recommandations_le": d.recommandations_le.isoformat() if d.recommandations_le else None,
        "adaptations": d.adaptations,
        "avis_entreprise": d.avis_entreprise,
        "avis_auteur": d.avis_auteur,
        "avis_le": d.avis_le.isoformat() if d.avis_le else None,
        "compensations_demandees": d.compensations_demandees,
        "compensations_accordees": d.compensations_accordees,
    }


def ouvrir_dossier(inscription: Inscription, *, acteur: Any) -> DossierEvaluation:
    """The evaluation dossier of an inscription on the training path; opening it twice returns the same one."""
    _exiger_gestion(acteur, inscription)
    if inscription.parcours != Parcours.FORMATION_CONTINUE:
        raise RegleViolee(
            "R-EVAL-01",
            "Le dossier d'évaluation concerne le parcours de formation (R-EVAL-01) ; une VAE passe par la "
            "commission de validation (R-VAE-02).",
            code="parcours_vae",
        )
    if not inscription.est_active:
        raise RegleViolee("R-EVAL-01", "Cette inscription est annulée : elle n'est plus évaluée.", code="annulee")
    with transaction.atomic():
        dossier, cree = DossierEvaluation.objects.get_or_create(
            inscription=inscription, defaults={"ouvert_par": utilisateur_de(acteur)}
        )
        if cree:
            journaliser(acteur=acteur, action=EvenementAudit.EVALUATION_OUVERTURE, objet=dossier, regle="R-EVAL-01")
    return dossier


@dataclass(frozen=True)
class ChoixCapacite:
    capacite: Capacite
    modalites: tuple[str, ...]
    justification: str = ""


def choisir_modalites(dossier: DossierEvaluation, choix: Sequence[ChoixCapacite], *, acteur: Any) -> None:
    """Record, per capacity, the modalities chosen among those the pinned version allows (R-EVAL-01), a situation
    reconstituée only where allowed and justified (R-EVAL-02). Each capacity given replaces its earlier choice."""
    inscription = dossier.inscription
    _exiger_gestion(acteur, inscription)
    visees = {c.pk: c for c in capacites_visees(inscription)}
    avant: dict[str, list[str]] = {}
    apres: dict[str, list[str]] = {}
    with transaction.atomic():
        for c in choix:
            capacite = visees.get(c.capacite.pk)
            if capacite is None:
                raise RegleViolee(
                    "R-EVAL-01",
                    f"La capacité C{c.capacite.numero} n'appartient pas à la version {inscription.version.numero} "
                    "épinglée par l'inscription, ou aux blocs qu'elle vise (R-EVAL-01).",
                    code="capacite_hors_version",
                    champ="capacite",
                )
            autorisees = [m.modalite for m in capacite.modalites.all()]
            rules.verifier_modalites_capacite(autorisees, c.modalites, c.justification, capacite=capacite.code)
            existantes = ModaliteChoisie.objects.filter(dossier=dossier, capacite=capacite)
            avant[capacite.code] = sorted(existantes.values_list("modalite", flat=True))
            existantes.delete()
            ModaliteChoisie.objects.bulk_create(
                ModaliteChoisie(
                    dossier=dossier,
                    capacite=capacite,
                    modalite=m,
                    justification=c.justification.strip() if m == "c_reconstituee" else "",
                )
                for m in modalites_par_priorite(c.modalites)
            )
            apres[capacite.code] = sorted(set(c.modalites))
        journaliser(
            acteur=acteur,
            action=EvenementAudit.EVALUATION_MODALITES,
            objet=dossier,
            avant=avant,
            apres=apres,
            regle="R-EVAL-01",
        )


def _a_evaluer(dossier: DossierEvaluation) -> list[Capacite]:
    """The capacities the commission must still evaluate: those not carried over (R-EVAL-06)."""
    reprises = {a.capacite.pk for a in acquis_reportables(dossier.inscription) if a.reprise}
    return [c for c in capacites_visees(dossier.inscription) if c.pk not in reprises]


def transmettre(dossier: DossierEvaluation, *, le: datetime.date, acteur: Any) -> DossierEvaluation:
    """Record that the dossier went to the resource centre, once every capacity to evaluate has its modalities."""
    _exiger_gestion(acteur, dossier.inscription)
    choisies = set(ModaliteChoisie.objects.filter(dossier=dossier).values_list("capacite_id", flat=True))
    manquantes = [c.code for c in _a_evaluer(dossier) if c.pk not in choisies]
    if manquantes:
        raise RegleViolee(
            "R-EVAL-01",
            f"Le dossier transmis au centre de ressources indique les modalités de chaque capacité ; il en manque "
            f"pour : {', '.join(manquantes)} (R-EVAL-01).",
            code="modalites_manquantes",
        )
    _pas_futur(le, "le")
    if le < dossier.inscription.date_inscription:
        raise RegleViolee(
            "R-EVAL-01", "Le dossier ne peut être transmis avant l'inscription (R-EVAL-01).", code="date", champ="le"
        )
    return _modifier(dossier, acteur, EvenementAudit.EVALUATION_TRANSMISSION, "R-EVAL-01", transmis_le=le)


def _pas_futur(le: datetime.date, champ: str) -> None:
    if le > aujourdhui():
        raise RegleViolee("API", "La date ne peut pas être dans le futur.", code="date_future", champ=champ)


def _modifier(
    dossier: DossierEvaluation, acteur: Any, action: EvenementAudit, regle: str, **champs: Any
) -> DossierEvaluation:
    with transaction.atomic():
        dossier = DossierEvaluation.objects.select_for_update().select_related("inscription").get(pk=dossier.pk)
        avant = _instantane(dossier)
        for nom, valeur in champs.items():
            setattr(dossier, nom, valeur)
        dossier.save(update_fields=list(champs))
        journaliser(acteur=acteur, action=action, objet=dossier, avant=avant, apres=_instantane(dossier), regle=regle)
    return dossier


def enregistrer_recommandations(
    dossier: DossierEvaluation, *, recommandations: str, le: datetime.date, adaptations: str = "", acteur: Any
) -> DossierEvaluation:
    """The resource centre's recommendations on the dossier it received, and the adaptations made (R-EVAL-01)."""
    _exiger_gestion(acteur, dossier.inscription)
    if dossier.transmis_le is None:
        raise RegleViolee(
            "R-EVAL-01",
            "Le centre de ressources recommande sur le dossier qui lui a été transmis : enregistrez d'abord la "
            "transmission (R-EVAL-01).",
            code="dossier_non_transmis",
        )
    if not recommandations.strip():
        raise RegleViolee("R-EVAL-01", "Saisissez les recommandations reçues.", code="vide", champ="recommandations")
    _pas_futur(le, "le")
    if le < dossier.transmis_le:
        raise RegleViolee(
            "R-EVAL-01",
            "Les recommandations ne peuvent précéder la transmission du dossier (R-EVAL-01).",
            code="date",
            champ="le",
        )
    return _modifier(
        dossier,
        acteur,
        EvenementAudit.EVALUATION_RECOMMANDATIONS,
        "R-EVAL-01",
        recommandations=recommandations.strip(),
        recommandations_le=le,
        adaptations=adaptations.strip(),
    )


def saisir_avis_entreprise(
    dossier: DossierEvaluation, *, avis: str, auteur: str, le: datetime.date, acteur: Any
) -> DossierEvaluation:
    """The company's opinion on the capacities (R-EVAL-03): by the company itself or by its exam centre."""
    inscription = dossier.inscription
    exiger(acteur, Action.SAISIR_AVIS_ENTREPRISE, inscription)
    if not avis_exige(inscription):
        raise RegleViolee(
            "R-EVAL-03",
            "L'avis de l'entreprise ne complète pas cette évaluation : VAE, candidat sans entreprise ou salarié "
            "inscrit sans l'accord de son employeur (R-EVAL-03).",
            code="avis_sans_objet",
        )
    if not avis.strip() or not auteur.strip():
        raise RegleViolee(
            "R-EVAL-03",
            "L'avis de l'entreprise porte son texte et son auteur (tuteur, responsable hiérarchique…) (R-EVAL-03).",
            code="avis_incomplet",
            champ="avis" if not avis.strip() else "auteur",
        )
    _pas_futur(le, "le")
    return _modifier(
        dossier,
        acteur,
        EvenementAudit.EVALUATION_AVIS_ENTREPRISE,
        "R-EVAL-03",
        avis_entreprise=avis.strip(),
        avis_auteur=auteur.strip(),
        avis_le=le,
    )


def enregistrer_compensations(
    dossier: DossierEvaluation,
    *,
    demandees: str,
    demandees_le: datetime.date | None,
    accordees: str = "",
    accordees_le: datetime.date | None = None,
    acteur: Any,
) -> DossierEvaluation:
    """A candidate with a disability asks for compensations; what the exam centre granted is recorded (R-EVAL-05)."""
    _exiger_gestion(acteur, dossier.inscription)
    demandees, accordees = demandees.strip(), accordees.strip()
    if accordees and not demandees:
        raise RegleViolee(
            "R-EVAL-05",
            "Les compensations du handicap sont proposées à la demande du candidat : enregistrez d'abord sa "
            "demande (R-EVAL-05).",
            code="compensation_sans_demande",
            champ="demandees",
        )
    if bool(demandees) != (demandees_le is not None) or bool(accordees) != (accordees_le is not None):
        raise RegleViolee(
            "R-EVAL-05",
            "La demande de compensations et ce qui est accordé sont datés (R-EVAL-05).",
            code="compensation_non_datee",
            champ="demandees_le" if bool(demandees) != (demandees_le is not None) else "accordees_le",
        )
    for date, champ in ((demandees_le, "demandees_le"), (accordees_le, "accordees_le")):
        if date is not None:
            _pas_futur(date, champ)
    if demandees_le and accordees_le and accordees_le < demandees_le:
        raise RegleViolee(
            "R-EVAL-05", "L'accord ne peut précéder la demande (R-EVAL-05).", code="date", champ="accordees_le"
        )
    return _modifier(
        dossier,
        acteur,
        EvenementAudit.EVALUATION_COMPENSATIONS,
        "R-EVAL-05",
        compensations_demandees=demandees,
        compensations_demandees_le=demandees_le,
        compensations_accordees=accordees,
        compensations_accordees_le=accordees_le,
    )


# The commission (R-EVAL-04, R-REG-02).


def creer_commission(
    *, centre_examen: Organisation, date: datetime.date, lieu: str, membres: Sequence[MembreSaisi], acteur: Any
) -> CommissionEvaluation:
    """A commission d'évaluation of an exam centre, with its qualified members (R-EVAL-04)."""
    exiger(acteur, Action.GERER_EVALUATIONS, centre_examen)
    if centre_examen.type != TypeOrganisation.TERRITORIALE:
        raise RegleViolee(
            "R-EVAL-04",
            "La commission d'évaluation est celle d'une UIMM territoriale centre d'examen (R-EVAL-04).",
            code="centre_non_territoriale",
            champ="centre_examen",
        )
    if not lieu.strip():
        raise RegleViolee("R-EVAL-04", "Indiquez le lieu de la commission.", code="lieu_manquant", champ="lieu")
    membres = [MembreSaisi(m.nom.strip(), m.qualite.strip()) for m in membres]
    rules.verifier_membres(membres)
    with transaction.atomic():
        commission = CommissionEvaluation.objects.create(
            centre_examen=centre_examen, date=date, lieu=lieu.strip(), cree_par=utilisateur_de(acteur)
        )
        MembreCommission.objects.bulk_create(
            MembreCommission(commission=commission, nom=m.nom, qualite=m.qualite) for m in membres
        )
        journaliser(
            acteur=acteur,
            action=EvenementAudit.EVALUATION_COMMISSION,
            objet=commission,
            apres={"date": date.isoformat(), "lieu": commission.lieu, "membres": [m.nom for m in membres]},
            regle="R-EVAL-04",
        )
    return commission


@dataclass(frozen=True)
class ResultatSaisi:
    capacite: Capacite
    acquise: bool
    observations: str = ""


def enregistrer_resultats(
    dossier: DossierEvaluation, *, commission: CommissionEvaluation, resultats: Sequence[ResultatSaisi], acteur: Any
) -> None:
    """The commission records, per capacity, acquired or not (R-EVAL-04): a commission of the candidate's exam
    centre, met 3 months after the registration at the earliest (R-REG-02), on capacities whose modalities were
    chosen (R-EVAL-01) and not already carried over from an earlier jury (R-EVAL-06)."""
    inscription = dossier.inscription
    _exiger_gestion(acteur, inscription)
    if commission.centre_examen_id != inscription.centre_examen_id:
        raise RegleViolee(
            "R-EVAL-04",
            "Cette commission n'est pas celle du centre d'examen du candidat (R-EVAL-04).",
            code="commission_autre_centre",
            champ="commission",
        )
    rules.verifier_delai_commission(inscription.parcours, inscription.date_inscription, commission.date)
    if commission.date > aujourdhui():
        raise RegleViolee(
            "R-EVAL-04",
            f"La commission du {doc.date_longue(commission.date)} ne s'est pas encore réunie : ses résultats ne "
            "peuvent être enregistrés (R-EVAL-04).",
            code="commission_future",
            champ="commission",
        )
    a_evaluer = {c.pk: c for c in _a_evaluer(dossier)}
    reprises = {a.capacite.pk: a for a in acquis_reportables(inscription) if a.reprise}
    choisies = set(ModaliteChoisie.objects.filter(dossier=dossier).values_list("capacite_id", flat=True))
    apres = {}
    with transaction.atomic():
        for r in resultats:
            if r.capacite.pk in reprises:
                raise RegleViolee(
                    "R-EVAL-06",
                    f"La capacité {r.capacite.code} est déjà acquise : {reprises[r.capacite.pk].raison}",
                    code="capacite_reprise",
                    champ="resultats",
                )
            capacite = a_evaluer.get(r.capacite.pk)
            if capacite is None:
                raise RegleViolee(
                    "R-EVAL-04",
                    f"La capacité C{r.capacite.numero} n'est pas évaluée pour cette inscription (R-EVAL-04).",
                    code="capacite_hors_version",
                    champ="resultats",
                )
            if capacite.pk not in choisies:
                raise RegleViolee(
                    "R-EVAL-01",
                    f"Les modalités d'évaluation de la capacité {capacite.code} n'ont pas été choisies (R-EVAL-01).",
                    code="modalites_manquantes",
                    champ="resultats",
                )
            ResultatCapacite.objects.update_or_create(
                dossier=dossier,
                capacite=capacite,
                defaults={
                    "commission": commission,
                    "acquise": r.acquise,
                    "observations": r.observations.strip(),
                    "enregistre_par": utilisateur_de(acteur),
                },
            )
            apres[capacite.code] = "acquise" if r.acquise else "non acquise"
        journaliser(
            acteur=acteur, action=EvenementAudit.EVALUATION_RESULTATS, objet=dossier, apres=apres, regle="R-EVAL-04"
        )


# Earlier juries (R-EVAL-06).


def saisir_acquis_anterieur(
    candidat: Candidat,
    capacite: Capacite,
    *,
    date_jury: datetime.date,
    bloc_certifie: bool = False,
    cqpm_rncp: bool | None = None,
    source: str = SourceAcquis.HISTORIQUE,
    reference: str = "",
    acteur: Any,
) -> AcquisAnterieur:
    """Record a capacity an earlier jury validated (the paper history, for now). Without `cqpm_rncp`, the register
    says whether the CQPM was in the RNCP on the jury's date."""
    exiger(acteur, Action.GERER_EVALUATIONS, candidat)
    _pas_futur(date_jury, "date_jury")
    version = capacite.version
    if not version.est_decidee:
        raise RegleViolee(
            "R-EVAL-06",
            "Un jury n'a validé que des capacités d'un référentiel décidé par le GTP (R-EVAL-06).",
            code="version_non_decidee",
            champ="capacite",
        )
    qualification = version.qualification
    if cqpm_rncp is None:
        cqpm_rncp = qualification.est_inscrite_rncp(date_jury)
    with transaction.atomic():
        acquis, cree = AcquisAnterieur.objects.get_or_create(
            candidat=candidat,
            capacite=capacite,
            date_jury=date_jury,
            defaults={
                "qualification": qualification,
                "bloc_certifie": bloc_certifie,
                "cqpm_rncp": cqpm_rncp,
                "source": source,
                "reference": reference.strip(),
                "cree_par": utilisateur_de(acteur),
            },
        )
        if not cree:
            raise RegleViolee(
                "R-EVAL-06",
                f"Cette capacité est déjà enregistrée comme validée par le jury du {doc.date_longue(date_jury)}.",
                code="acquis_existant",
            )
        journaliser(
            acteur=acteur,
            action=EvenementAudit.EVALUATION_ACQUIS_ANTERIEUR,
            objet=acquis,
            apres={
                "capacite": capacite.code,
                "date_jury": date_jury.isoformat(),
                "bloc_certifie": bloc_certifie,
                "cqpm_rncp": cqpm_rncp,
                "source": source,
            },
            regle="R-EVAL-06",
        )
    return acquis
