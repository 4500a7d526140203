"""Actions on the jury paritaire de délibération (R-JURY-01 to 10, R-EVAL-06, R-LET-04).

Every write goes through `cqpm.core.transitions` (`operation`/`transition`): who acts (`GERER_JURYS` for the exam
centre, `DESIGNER_MEMBRES_JURY` for a union branch on its own request, the president himself for the signature),
the rules of `rules.py`, one transaction, one audit row, e-mails on commit. Once the PV is signed the jury is
sovereign (R-JURY-09): every later attempt is refused *and* logged, the log surviving the refusal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.candidats.enums import Parcours
from cqpm.candidats.models import Inscription
from cqpm.comptes.permissions import Action, est_verifie, exiger, perimetre, peut
from cqpm.core.acteurs import SYSTEME, Acteur, utilisateur_de
from cqpm.core.courriels import Fichier, programmer_courriel
from cqpm.core.errors import AccesRefuse, Introuvable, RegleViolee
from cqpm.core.transitions import aujourdhui, operation, transition
from cqpm.documents.jury import rendre_pv
from cqpm.documents.rendu import date_longue
from cqpm.evaluations.enums import SourceAcquis
from cqpm.evaluations.models import ResultatCapacite
from cqpm.evaluations.services import acquis_reportables, saisir_acquis_anterieur
from cqpm.jurys import rules
from cqpm.jurys.enums import BrancheMembre, College, Decision, EtatJury, MotifInformation, Periodicite, Presence
from cqpm.jurys.models import (
    CandidatJury,
    CibleJury,
    Convocation,
    DemandeDesignation,
    InformationCprefp,
    Jury,
    MembreJury,
    Vote,
)
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Capacite, Qualification
from cqpm.vae.models import ConclusionCapacite, DossierVAE

__all__ = ["MembreSaisi"]


@dataclass(frozen=True)
class MembreSaisi:
    """A person as the form or the API gives him."""

    nom: str
    organisme: str
    fonction: str
    courriel: str = ""
    branche: str = BrancheMembre.METALLURGIE


# Reading.


def jurys_visibles(acteur: Acteur) -> QuerySet[Jury]:
    """The juries of the exam centres in the caller's perimeter."""
    return (
        perimetre(acteur, Action.GERER_JURYS)
        .filtrer(Jury.objects.all(), "centre_examen")
        .select_related("centre_examen", "qualification")
    )


def jury_visible(pk: int, acteur: Acteur) -> Jury:
    """The jury `pk` if the caller organises it; otherwise « introuvable » (nothing said about others' juries)."""
    jury = jurys_visibles(acteur).filter(pk=pk).first()
    if jury is None:
        raise Introuvable("Jury introuvable.")
    return jury


def jury_lisible(pk: int, acteur: Acteur) -> Jury:
    """The jury `pk` for its exam centre or one of its members with an account (his copy, the president's
    signature); « introuvable » for anybody else."""
    utilisateur = utilisateur_de(acteur)
    jury = Jury.objects.select_related("centre_examen", "qualification").filter(pk=pk).first()
    membre = jury is not None and utilisateur is not None and jury.membres.filter(utilisateur=utilisateur).exists()
    if jury is None or not (membre or peut(acteur, Action.GERER_JURYS, jury)):
        raise Introuvable("Jury introuvable.")
    return jury


def demandes_visibles(acteur: Acteur) -> QuerySet[DemandeDesignation]:
    """The designation requests sent to the caller's union branch (or every one for the national roles)."""
    return perimetre(acteur, Action.DESIGNER_MEMBRES_JURY).filtrer(
        DemandeDesignation.objects.select_related("jury", "branche_syndicale"), "branche_syndicale"
    )


def president(jury: Jury) -> MembreJury | None:
    return jury.membres.filter(president=True).first()


def nom_affiche(candidat: CandidatJury) -> str:
    """The code until the PV is signed, the name after (R-JURY-06)."""
    if not candidat.jury.signe:
        return candidat.code
    c = candidat.inscription.candidat
    return f"{c.nom.upper()} {c.prenoms}"


# The sovereign PV (R-JURY-09).


def _souverain(jury: Jury, acteur: Acteur, tentative: str) -> None:
    """Refuse any change of a jury whose PV is signed, and log the attempt (outside the refused action)."""
    if Jury.objects.filter(pk=jury.pk, etat=EtatJury.SIGNE).exists():
        journaliser(
            acteur=acteur,
            action=EvenementAudit.JURY_TENTATIVE_REFUSEE,
            objet=jury,
            apres={"tentative": tentative},
            regle="R-JURY-09",
        )
        raise RegleViolee(
            "R-JURY-09",
            f"Le procès-verbal de ce jury est signé : sa décision est souveraine, plus rien ne peut y être modifié "
            f"({tentative} refusé ; R-JURY-09).",
            code="jury_signe",
        )


def composition_ouverte(jury: Jury) -> bool:
    """Before the convocations the composition is free; after them it may still change while a newcomer can be
    convened 15 calendar days ahead (R-JURY-08) — each change is then notified to the CPREFP again (R-JURY-07)."""
    etat, date = Jury.objects.filter(pk=jury.pk).values_list("etat", "date").get()
    limite = date - datetime.timedelta(days=rules.DELAI_CONVOCATION)
    return etat == EtatJury.PLANIFIE or (etat == EtatJury.CONVOQUE and aujourdhui() <= limite)


def _composition_modifiable(jury: Jury, acteur: Acteur, tentative: str) -> None:
    _souverain(jury, acteur, tentative)
    if not composition_ouverte(jury):
        raise RegleViolee(
            "R-JURY-08",
            f"Les membres sont convoqués et le jury a lieu dans moins de {rules.DELAI_CONVOCATION} jours : un nouveau "
            f"membre ne pourrait plus être convoqué à temps, la composition ne change plus ({tentative} refusé ; "
            "R-JURY-08).",
            code="composition_figee",
        )


def _a_informer(jury: Jury) -> str:
    """A composition change: the CPREFP must be informed again (R-JURY-07)."""
    return MotifInformation.INITIALE if not jury.informations.exists() else MotifInformation.COMPOSITION


# Calendar (R-JURY-01) and candidates.


def creer_jury(
    *,
    centre_examen: Organisation,
    qualification: Qualification,
    date: datetime.date,
    lieu: str,
    periodicite: str = Periodicite.PONCTUELLE,
    acteur: Acteur,
) -> Jury:
    """A jury of an exam centre in its calendar (R-JURY-01)."""
    with operation(acteur=acteur, permission=Action.GERER_JURYS, objet=centre_examen) as op:
        if centre_examen.type != TypeOrganisation.TERRITORIALE:
            raise RegleViolee(
                "R-JURY-01",
                "Le jury est réuni par une UIMM territoriale centre d'examen (R-JURY-01).",
                code="centre_non_territoriale",
                champ="centre_examen",
            )
        if not lieu.strip():
            raise RegleViolee("R-JURY-01", "Indiquez le lieu du jury.", code="lieu_manquant", champ="lieu")
        jury = Jury.objects.create(
            centre_examen=centre_examen,
            qualification=qualification,
            date=date,
            lieu=lieu.strip(),
            periodicite=periodicite,
            cree_par=op.utilisateur,
        )
        op.journaliser(
            EvenementAudit.JURY_CREATION,
            jury,
            apres={"date": date.isoformat(), "lieu": jury.lieu, "qualification": str(qualification)},
            regle="R-JURY-01",
        )
    return jury


def _resultats_disponibles(inscription: Inscription) -> None:
    """The jury examines the état récapitulatif (R-JURY-09) or the conclusions of the commission de validation."""
    from cqpm.evaluations.etat import etat_recapitulatif

    if inscription.parcours == Parcours.VAE:
        dossier = DossierVAE.objects.filter(inscription=inscription).first()
        if dossier is None or dossier.conclusions_le is None:
            raise RegleViolee(
                "R-VAE-02",
                "La commission de validation n'a pas encore transmis ses conclusions au jury (R-VAE-02).",
                code="conclusions_manquantes",
            )
        return
    etat_recapitulatif(inscription)


def presenter_candidat(jury: Jury, inscription: Inscription, *, acteur: Acteur) -> CandidatJury:
    """Put a candidate whose evaluations are finished before the jury, under an anonymous code (R-JURY-06)."""
    _souverain(jury, acteur, "ajout d'un candidat")
    with transition(
        jury,
        acteur=acteur,
        permission=Action.GERER_JURYS,
        evenement=EvenementAudit.JURY_CANDIDAT,
        regle="R-JURY-06",
        champ="etat",
        depuis=[EtatJury.PLANIFIE, EtatJury.CONVOQUE],
        quoi="présenter un candidat",
    ) as t:
        exiger(acteur, Action.GERER_JURYS, inscription)
        if (
            inscription.centre_examen_id != jury.centre_examen_id
            or inscription.qualification_id != jury.qualification_id
        ):
            raise RegleViolee(
                "R-JURY-09",
                "Ce candidat n'est pas inscrit à cette qualification dans ce centre d'examen (R-JURY-09).",
                code="candidat_autre_jury",
            )
        if CandidatJury.objects.filter(jury=jury, inscription=inscription).exists():
            raise RegleViolee("R-JURY-09", "Ce candidat est déjà présenté à ce jury.", code="candidat_deja_present")
        _resultats_disponibles(inscription)
        rang = CandidatJury.objects.filter(jury=jury).count() + 1
        candidat = CandidatJury.objects.create(jury=jury, inscription=inscription, code=f"J{jury.pk}-{rang:02d}")
        t.details["candidat"] = candidat.code
    return candidat


def modifier_date(jury: Jury, *, date: datetime.date, acteur: Acteur) -> Jury:
    """Move the jury, only before any result is entered; the CPREFP is informed again (R-JURY-07)."""
    _souverain(jury, acteur, "changement de date")
    with transition(
        jury,
        acteur=acteur,
        permission=Action.GERER_JURYS,
        evenement=EvenementAudit.JURY_DATE,
        regle="R-JURY-07",
        champ="etat",
        depuis=[EtatJury.PLANIFIE, EtatJury.CONVOQUE],
        quoi="déplacer le jury",
    ) as t:
        if Vote.objects.filter(candidat__jury=t.objet).exists():
            raise RegleViolee(
                "R-JURY-09",
                "Des résultats sont déjà saisis pour ce jury : sa date ne peut plus changer (R-JURY-09).",
                code="resultats_saisis",
            )
        t.objet.date = date
        t.objet.information_due = t.objet.information_due or MotifInformation.CALENDRIER
    return t.objet


# Composition (R-JURY-01 to 05).


def branches_a_solliciter(centre: Organisation) -> list[Organisation]:
    """The territorial branch of every representative union: same département as the centre, else same région."""
    branches = []
    for syndicat in Organisation.objects.filter(type=TypeOrganisation.SYNDICAT, active=True).order_by("nom"):
        antennes = Organisation.objects.filter(type=TypeOrganisation.BRANCHE_SYNDICALE, parent=syndicat, active=True)
        branche = antennes.filter(departement=centre.departement).first() or (
            antennes.filter(region=centre.region).first() if centre.region else None
        )
        if branche is None:
            raise RegleViolee(
                "R-JURY-01",
                f"L'organisation syndicale « {syndicat} » n'a pas de branche territoriale enregistrée pour ce centre : "
                "la demande de désignation va à chaque organisation représentative (R-JURY-01).",
                code="branche_introuvable",
            )
        branches.append(branche)
    if not branches:
        raise RegleViolee(
            "R-JURY-01",
            "Aucune organisation syndicale représentative n'est enregistrée (R-JURY-01).",
            code="aucun_syndicat",
        )
    return branches


def demander_designations(jury: Jury, *, le: datetime.date | None = None, acteur: Acteur) -> list[DemandeDesignation]:
    """Ask every representative union's territorial branch for designees, 15 calendar days ahead (R-JURY-01)."""
    _souverain(jury, acteur, "demande de désignation")
    le = le or aujourdhui()
    with transition(
        jury,
        acteur=acteur,
        permission=Action.GERER_JURYS,
        evenement=EvenementAudit.JURY_DESIGNATIONS_DEMANDEES,
        regle="R-JURY-01",
        champ="etat",
        depuis=[EtatJury.PLANIFIE],
        quoi="demander les désignations",
    ) as t:
        if le > aujourdhui():
            raise RegleViolee("R-JURY-01", "Une demande ne peut être datée du futur.", code="date_future")
        rules.verifier_delai(
            t.objet.date, le, jours=rules.DELAI_DESIGNATION, regle="R-JURY-01", quoi="La demande de désignation"
        )
        demandes = []
        for branche in branches_a_solliciter(t.objet.centre_examen):
            demande, cree = DemandeDesignation.objects.get_or_create(
                jury=t.objet, branche_syndicale=branche, defaults={"envoyee_le": le}
            )
            demandes.append(demande)
            if cree and branche.email:
                programmer_courriel(
                    destinataires=[branche.email],
                    sujet=f"Jury paritaire de délibération du {date_longue(t.objet.date)} : désignation demandée",
                    corps=(
                        f"{t.objet.centre_examen} réunit un jury paritaire de délibération le "
                        f"{date_longue(t.objet.date)} ({t.objet.lieu}) pour « {t.objet.qualification} ».\n"
                        "Merci de désigner dans l'application un ou plusieurs membres qualifiés, salariés "
                        "d'entreprises de la métallurgie (au plus un du travail temporaire) ; un seul siège avec "
                        "voix délibérative (R-JURY-03)."
                    ),
                    reference=f"jury-{t.objet.pk}-designation",
                )
        t.objet.designations_demandees_le = t.objet.designations_demandees_le or le
        t.details["branches"] = [str(d.branche_syndicale) for d in demandes]
    return demandes


def _creer_membre(
    jury: Jury, op: Any, evenement_regle: str, *, college: str, saisie: MembreSaisi, **champs: Any
) -> MembreJury:
    for nom, valeur in (("nom", saisie.nom), ("organisme", saisie.organisme), ("fonction", saisie.fonction)):
        if not valeur.strip():
            raise RegleViolee(
                "R-JURY-10",
                "Chaque membre est nommé avec son entreprise, UIMM ou organisation syndicale et sa fonction "
                "(feuille d'émargement, R-JURY-10).",
                code="membre_incomplet",
                champ=nom,
            )
    if saisie.courriel.strip():
        try:
            validate_email(saisie.courriel.strip())
        except ValidationError:
            raise RegleViolee(
                "R-JURY-08", "Adresse électronique invalide : la convocation ne pourrait partir.", champ="courriel"
            ) from None
    membre = MembreJury.objects.create(
        jury=jury,
        college=college,
        nom=saisie.nom.strip(),
        organisme=saisie.organisme.strip(),
        fonction=saisie.fonction.strip(),
        courriel=saisie.courriel.strip(),
        branche=saisie.branche,
        **champs,
    )
    Jury.objects.filter(pk=jury.pk).update(information_due=_a_informer(jury))
    op.journaliser(
        EvenementAudit.JURY_MEMBRE,
        membre,
        apres={"jury": jury.pk, "college": college, "nom": membre.nom, "voix": membre.voix_deliberative},
        regle=evenement_regle,
    )
    return membre


def designer_membre_syndical(
    demande: DemandeDesignation, saisie: MembreSaisi, *, voix_deliberative: bool, acteur: Acteur
) -> MembreJury:
    """A union branch answers its request with a designee (R-JURY-03): employee of a metallurgy company (at most one
    from temporary work in the union delegation), one voting member per union."""
    jury = demande.jury
    _composition_modifiable(jury, acteur, "désignation d'un membre syndical")
    with operation(acteur=acteur, permission=Action.DESIGNER_MEMBRES_JURY, objet=demande) as op:
        Jury.objects.select_for_update().get(pk=jury.pk)
        rules.verifier_branche_membre(saisie.branche, regle="R-JURY-03")
        syndicaux = MembreJury.objects.filter(jury=jury, college=College.SALARIE)
        rules.verifier_delegation_syndicale([*syndicaux.values_list("branche", flat=True), saisie.branche])
        syndicat = demande.branche_syndicale.parent
        if voix_deliberative and syndicaux.filter(syndicat=syndicat, voix_deliberative=True).exists():
            raise RegleViolee(
                "R-JURY-03",
                f"« {syndicat} » a déjà un membre qui siège avec voix délibérative : un seul membre par organisation "
                "syndicale vote ; désignez celui-ci sans voix délibérative (R-JURY-03).",
                code="voix_syndicale_deja_attribuee",
                champ="voix_deliberative",
            )
        return _creer_membre(
            jury,
            op,
            "R-JURY-03",
            college=College.SALARIE,
            saisie=saisie,
            branche_syndicale=demande.branche_syndicale,
            syndicat=syndicat,
            voix_deliberative=voix_deliberative,
        )


def designer_membre_patronal(jury: Jury, saisie: MembreSaisi, *, utilisateur: Any = None, acteur: Acteur) -> MembreJury:
    """The chambre syndicale that organised the evaluations chooses its delegation: at most 5 from metallurgy plus
    at most 1 from temporary work (R-JURY-02). `utilisateur` is the member's account (the president signs)."""
    _composition_modifiable(jury, acteur, "désignation d'un membre patronal")
    with operation(acteur=acteur, permission=Action.GERER_JURYS, objet=jury) as op:
        Jury.objects.select_for_update().get(pk=jury.pk)
        rules.verifier_branche_membre(saisie.branche, regle="R-JURY-02")
        patronaux = MembreJury.objects.filter(jury=jury, college=College.EMPLOYEUR)
        rules.verifier_delegation_patronale([*patronaux.values_list("branche", flat=True), saisie.branche])
        return _creer_membre(jury, op, "R-JURY-02", college=College.EMPLOYEUR, saisie=saisie, utilisateur=utilisateur)


def ajouter_invite(jury: Jury, saisie: MembreSaisi, *, acteur: Acteur) -> MembreJury:
    """A tutor or an evaluator attends for consultation, never with a vote (R-JURY-04)."""
    _composition_modifiable(jury, acteur, "ajout d'un invité")
    with operation(acteur=acteur, permission=Action.GERER_JURYS, objet=jury) as op:
        Jury.objects.select_for_update().get(pk=jury.pk)
        return _creer_membre(
            jury,
            op,
            "R-JURY-04",
            college=College.INVITE,
            saisie=MembreSaisi(saisie.nom, saisie.organisme, saisie.fonction, saisie.courriel, BrancheMembre.AUTRE),
            voix_deliberative=False,
        )


def retirer_membre(membre: MembreJury, *, acteur: Acteur) -> None:
    """Withdraw a member before the convocations; the CPREFP is informed again (R-JURY-07)."""
    jury = membre.jury
    _composition_modifiable(jury, acteur, "retrait d'un membre")
    with operation(acteur=acteur, permission=Action.GERER_JURYS, objet=jury) as op:
        Jury.objects.select_for_update().filter(pk=jury.pk).update(information_due=_a_informer(jury))
        op.journaliser(EvenementAudit.JURY_MEMBRE_RETIRE, jury, avant={"membre": membre.nom}, regle="R-JURY-07")
        membre.delete()


def designer_president(membre: MembreJury, *, acteur: Acteur) -> MembreJury:
    """The chambre syndicale that organised the evaluations designates the president in its delegation (R-JURY-05)."""
    jury = membre.jury
    _composition_modifiable(jury, acteur, "désignation du président")
    with operation(acteur=acteur, permission=Action.GERER_JURYS, objet=jury) as op:
        Jury.objects.select_for_update().get(pk=jury.pk)
        if membre.college != College.EMPLOYEUR:
            raise RegleViolee(
                "R-JURY-05",
                "Le président est désigné par la chambre syndicale qui a organisé les évaluations, parmi sa "
                "délégation patronale (R-JURY-05).",
                code="president_non_patronal",
            )
        MembreJury.objects.filter(jury=jury, president=True).update(president=False)
        MembreJury.objects.filter(pk=membre.pk).update(president=True)
        Jury.objects.filter(pk=jury.pk).update(information_due=_a_informer(jury))
        op.journaliser(EvenementAudit.JURY_PRESIDENT, jury, apres={"president": membre.nom}, regle="R-JURY-05")
    membre.refresh_from_db()
    return membre


# CPREFP (R-JURY-07) and convocations (R-JURY-08).


def cprefp_du_centre(centre: Organisation) -> Organisation:
    cprefp = Organisation.objects.filter(type=TypeOrganisation.CPREFP, region=centre.region, active=True).first()
    if cprefp is None:
        raise RegleViolee(
            "R-JURY-07",
            f"Aucune CPREFP n'est enregistrée pour la région « {centre.region or '—'} » du centre d'examen "
            "(R-JURY-07).",
            code="cprefp_introuvable",
        )
    return cprefp


def contenu_information(jury: Jury) -> dict[str, Any]:
    """What the CPREFP receives: the composition (names, colleges, votes) and the forecast calendar."""
    return {
        "jury": jury.pk,
        "date": jury.date.isoformat(),
        "lieu": jury.lieu,
        "calendrier": Periodicite(jury.periodicite).label,
        "qualification": str(jury.qualification),
        "membres": [
            {
                "nom": m.nom,
                "organisme": m.organisme,
                "fonction": m.fonction,
                "college": College(m.college).label,
                "voix_deliberative": m.voix_deliberative,
                "president": m.president,
            }
            for m in jury.membres.all()
        ],
    }


def informer_cprefp(jury: Jury, *, acteur: Acteur) -> InformationCprefp:
    """Send the CPREFP the composition and calendar in force: a dated notice, kept for the GTP (R-JURY-07)."""
    _souverain(jury, acteur, "information de la CPREFP")
    with transition(
        jury,
        acteur=acteur,
        permission=Action.GERER_JURYS,
        evenement=EvenementAudit.JURY_INFORMATION_CPREFP,
        regle="R-JURY-07",
        champ="etat",
        depuis=[EtatJury.PLANIFIE, EtatJury.CONVOQUE],
        quoi="informer la CPREFP",
    ) as t:
        if not t.objet.information_due:
            raise RegleViolee(
                "R-JURY-07",
                "La CPREFP connaît déjà la composition et le calendrier en vigueur de ce jury (R-JURY-07).",
                code="cprefp_deja_informee",
            )
        if not t.objet.membres.exists():
            raise RegleViolee(
                "R-JURY-07", "Le jury n'a encore aucun membre : rien à communiquer (R-JURY-07).", code="jury_vide"
            )
        cprefp = cprefp_du_centre(t.objet.centre_examen)
        contenu = contenu_information(t.objet)
        information = InformationCprefp.objects.create(
            jury=t.objet,
            cprefp=cprefp,
            motif=t.objet.information_due,
            envoyee_le=t.maintenant,
            contenu=contenu,
            envoyee_par=t.utilisateur,
        )
        if cprefp.email:
            lignes = "\n".join(f"- {m['nom']} ({m['organisme']}, {m['college']})" for m in contenu["membres"])
            programmer_courriel(
                destinataires=[cprefp.email],
                sujet=f"Jury du {date_longue(t.objet.date)} : {information.get_motif_display()}",
                corps=f"Jury du {date_longue(t.objet.date)} à {t.objet.lieu}, « {contenu['qualification']} ».\n"
                f"Calendrier : {contenu['calendrier']}.\nComposition :\n{lignes}\n",
                reference=f"jury-{t.objet.pk}-cprefp",
            )
        t.details["motif"] = information.motif
        t.objet.information_due = ""
    return information


TEXTE_PREAVIS = (
    f"Le membre salarié doit prévenir son employeur au moins {rules.PREAVIS_EMPLOYEUR} jours calendaires avant le "
    "jury (R-JURY-08)."
)


def convoquer(jury: Jury, *, le: datetime.date | None = None, acteur: Acteur) -> list[Convocation]:
    """Convene every member 15 calendar days ahead, with a copy to the mandating union branch (R-JURY-08), once the
    composition is complete (president, R-JURY-05) and known to the CPREFP (R-JURY-07)."""
    _souverain(jury, acteur, "convocation")
    le = le or aujourdhui()
    with transition(
        jury,
        acteur=acteur,
        permission=Action.GERER_JURYS,
        evenement=EvenementAudit.JURY_CONVOCATIONS,
        regle="R-JURY-08",
        champ="etat",
        depuis=[EtatJury.PLANIFIE],
        vers=EtatJury.CONVOQUE,
        quoi="convoquer les membres",
    ) as t:
        j = t.objet
        _verifier_date_convocation(j, le)
        if j.designations_demandees_le is None:
            raise RegleViolee(
                "R-JURY-01",
                "Demandez d'abord la désignation des membres syndicaux à chaque organisation (R-JURY-01).",
                code="designations_non_demandees",
            )
        if president(j) is None:
            raise RegleViolee(
                "R-JURY-05", "Le président du jury n'est pas désigné (R-JURY-05).", code="president_manquant"
            )
        _verifier_cprefp_informee(j)
        convocations = [_envoyer_convocation(j, m, le) for m in j.membres.select_related("branche_syndicale")]
        j.convoque_le = le
        t.details["convoques"] = len(convocations)
    return convocations


def _envoyer_convocation(jury: Jury, membre: MembreJury, le: datetime.date) -> Convocation:
    convocation = Convocation.objects.create(jury=jury, membre=membre, envoyee_le=le)
    destinataires = [a for a in (membre.courriel, getattr(membre.branche_syndicale, "email", "")) if a]
    if destinataires:
        programmer_courriel(
            destinataires=destinataires,
            sujet=f"Convocation au jury paritaire de délibération du {date_longue(jury.date)}",
            corps=f"{membre.nom},\nvous êtes convoqué(e) au jury paritaire de délibération du "
            f"{date_longue(jury.date)} à {jury.lieu} ({jury.centre_examen}), « {jury.qualification} ».\n"
            f"{TEXTE_PREAVIS}\n",
            reference=f"jury-{jury.pk}-convocation-{membre.pk}",
        )
    return convocation


def _verifier_date_convocation(jury: Jury, le: datetime.date) -> None:
    if le > aujourdhui():
        raise RegleViolee("R-JURY-08", "Une convocation ne peut être datée du futur.", code="date_future")
    rules.verifier_delai(jury.date, le, jours=rules.DELAI_CONVOCATION, regle="R-JURY-08", quoi="La convocation")


def _verifier_cprefp_informee(jury: Jury) -> None:
    if jury.information_due:
        raise RegleViolee(
            "R-JURY-07",
            "La CPREFP n'est pas informée de la composition et du calendrier en vigueur : informez-la avant de "
            "convoquer (R-JURY-07).",
            code="cprefp_non_informee",
        )


def convoquer_membre(membre: MembreJury, *, le: datetime.date | None = None, acteur: Acteur) -> Convocation:
    """Convene a member designated after the convocations, under the same 15-day notice (R-JURY-08) and once the
    CPREFP knows the new composition (R-JURY-07)."""
    jury = membre.jury
    _souverain(jury, acteur, "convocation d'un membre")
    le = le or aujourdhui()
    with operation(acteur=acteur, permission=Action.GERER_JURYS, objet=jury) as op:
        j = Jury.objects.select_for_update().get(pk=jury.pk)
        if j.etat != EtatJury.CONVOQUE:
            raise RegleViolee(
                "R-JURY-08",
                "Convoquez d'abord l'ensemble des membres ; la convocation individuelle sert au membre désigné après.",
                code="jury_non_convoque",
            )
        if Convocation.objects.filter(jury=j, membre=membre).exists():
            raise RegleViolee("R-JURY-08", f"{membre.nom} est déjà convoqué(e).", code="deja_convoque")
        _verifier_date_convocation(j, le)
        _verifier_cprefp_informee(j)
        convocation = _envoyer_convocation(j, membre, le)
        op.journaliser(
            EvenementAudit.JURY_CONVOCATIONS,
            j,
            apres={"membre": membre.nom, "envoyee_le": le.isoformat()},
            regle="R-JURY-08",
        )
    return convocation


def membres_a_convoquer(jury: Jury) -> QuerySet[MembreJury]:
    """Members designated after the convocations and not yet convened (R-JURY-08)."""
    return MembreJury.objects.filter(jury=jury, jury__etat=EtatJury.CONVOQUE, convocations__isnull=True)


# Presence, deliberation (R-JURY-09) and signature (R-JURY-10).


def _candidat(candidat: CandidatJury, acteur: Acteur, tentative: str) -> Jury:
    _souverain(candidat.jury, acteur, tentative)
    return candidat.jury


def marquer_presence(candidat: CandidatJury, *, presence: str, acteur: Acteur) -> CandidatJury:
    """Present, absent or excused: for an absent or excused candidate the jury decides nothing."""
    jury = _candidat(candidat, acteur, "saisie de la présence")
    if presence not in Presence.values:
        raise RegleViolee("R-JURY-09", f"Présence inconnue : « {presence} ».", code="presence_inconnue")
    with transition(
        jury,
        acteur=acteur,
        permission=Action.GERER_JURYS,
        evenement=EvenementAudit.JURY_PRESENCE,
        regle="R-JURY-09",
        champ="etat",
        depuis=[EtatJury.CONVOQUE],
        quoi="saisir la présence",
    ) as t:
        c = CandidatJury.objects.select_for_update().get(pk=candidat.pk)
        if presence != Presence.PRESENT:
            Vote.objects.filter(candidat=c).delete()
        c.presence = presence
        c.save(update_fields=["presence"])
        t.details.update(candidat=c.code, presence=presence)
    return c


def reporter_candidat(candidat: CandidatJury, *, vers: Jury, acteur: Acteur) -> CandidatJury:
    """An absent or excused candidate moves to a later jury of the same centre and qualification."""
    _candidat(candidat, acteur, "report d'un candidat")
    candidat = CandidatJury.objects.select_related("jury", "inscription").get(pk=candidat.pk)
    if candidat.presence not in (Presence.ABSENT, Presence.EXCUSE) or candidat.reporte_vers_id:
        raise RegleViolee(
            "R-JURY-09",
            "Seul un candidat absent ou excusé, pas encore reporté, passe à un jury ultérieur.",
            code="report_impossible",
        )
    if vers.date <= candidat.jury.date:
        raise RegleViolee("R-JURY-09", "Le candidat est reporté à un jury ultérieur.", code="jury_non_ulterieur")
    with operation(acteur=acteur, permission=Action.GERER_JURYS, objet=candidat.jury) as op:
        nouveau = presenter_candidat(vers, candidat.inscription, acteur=acteur)
        CandidatJury.objects.filter(pk=candidat.pk).update(reporte_vers=nouveau)
        op.journaliser(
            EvenementAudit.JURY_REPORT, candidat.jury, apres={"candidat": candidat.code, "vers": vers.pk}, regle=""
        )
    return nouveau


def voter(candidat: CandidatJury, *, membre: MembreJury, decision: str, acteur: Acteur) -> Vote:
    """A voting member's A or NA on a present candidate (R-JURY-09); invitees never vote (R-JURY-04)."""
    jury = _candidat(candidat, acteur, "vote")
    valeur = rules.verifier_valeur_decision(decision)
    with transition(
        jury,
        acteur=acteur,
        permission=Action.GERER_JURYS,
        evenement=EvenementAudit.JURY_VOTE,
        regle="R-JURY-09",
        champ="etat",
        depuis=[EtatJury.CONVOQUE],
        quoi="voter",
    ) as t:
        if t.objet.date > aujourdhui():
            raise RegleViolee(
                "R-JURY-09",
                f"Le jury délibère le {date_longue(t.objet.date)} : aucun vote avant sa réunion (R-JURY-09).",
                code="jury_pas_reuni",
            )
        if membre.jury_id != t.objet.pk or not membre.voix_deliberative:
            raise RegleViolee(
                "R-JURY-04",
                "Seuls les membres du jury avec voix délibérative votent ; un invité assiste sans voter (R-JURY-04).",
                code="vote_sans_voix",
            )
        c = CandidatJury.objects.get(pk=candidat.pk)
        if c.presence != Presence.PRESENT:
            raise RegleViolee(
                "R-JURY-09",
                f"Le candidat {c.code} n'est pas présent : le jury ne décide rien pour lui (R-JURY-09).",
                code="candidat_non_present",
            )
        vote, _ = Vote.objects.update_or_create(candidat=c, membre=membre, defaults={"decision": valeur})
        t.details.update(candidat=c.code, membre=membre.nom, vote=valeur.value)
    return vote


def arreter_decisions(jury: Jury, *, acteur: Acteur) -> Jury:
    """Each present candidate gets the majority of the votes, the president deciding a tie (R-JURY-05, R-JURY-09)."""
    _souverain(jury, acteur, "arrêt des décisions")
    with transition(
        jury,
        acteur=acteur,
        permission=Action.GERER_JURYS,
        evenement=EvenementAudit.JURY_DELIBERATION,
        regle="R-JURY-09",
        champ="etat",
        depuis=[EtatJury.CONVOQUE],
        vers=EtatJury.DELIBERE,
        quoi="arrêter les décisions",
    ) as t:
        candidats = list(CandidatJury.objects.filter(jury=t.objet).prefetch_related("votes__membre"))
        if not candidats:
            raise RegleViolee("R-JURY-09", "Aucun candidat n'est présenté à ce jury.", code="jury_sans_candidat")
        attendus = [c.code for c in candidats if c.presence == Presence.ATTENDU]
        if attendus:
            raise RegleViolee(
                "R-JURY-09",
                f"Indiquez si ces candidats sont présents, absents ou excusés : {', '.join(attendus)} (R-JURY-09).",
                code="presence_manquante",
            )
        decisions = {}
        for c in candidats:
            if c.presence != Presence.PRESENT:
                continue
            votes = list(c.votes.all())
            du_president = next((v.decision for v in votes if v.membre.president), None)
            c.decision = rules.decision_majoritaire(
                [v.decision for v in votes], vote_president=du_president, code=c.code
            )
            c.save(update_fields=["decision"])
            decisions[c.code] = c.decision
            _creer_cibles(c)
        t.objet.delibere_le = t.maintenant
        t.details["decisions"] = decisions
    return t.objet


def acquises(candidat: CandidatJury) -> set[int]:
    """The capacities the jury declares acquired: this path's results (or VAE conclusions) and the capacities carried
    over from an earlier jury (R-EVAL-06)."""
    ids = {c.pk for c in capacites_acquises(candidat)}
    ids |= {a.capacite.pk for a in acquis_reportables(candidat.inscription) if a.reprise}
    return ids


def capacites_par_bloc(candidat: CandidatJury) -> dict[int, set[int]]:
    """The capacities of the version the candidate was evaluated on, by bloc."""
    par_bloc: dict[int, set[int]] = {}
    for bloc_id, pk in Capacite.objects.filter(version_id=candidat.inscription.version_id).values_list("bloc_id", "pk"):
        par_bloc.setdefault(bloc_id, set()).add(pk)
    return par_bloc


def _creer_cibles(candidat: CandidatJury) -> None:
    """The targets the jury gives its A or NA on (R-GTP-02), each with the candidate's decision."""
    jury = candidat.jury
    for bloc_id in rules.cibles(
        capacites_par_bloc=capacites_par_bloc(candidat),
        acquises=acquises(candidat),
        rncp=jury.qualification.est_inscrite_rncp(jury.date),
    ):
        CibleJury.objects.create(candidat=candidat, bloc_id=bloc_id, decision=candidat.decision)


def declarer_cible(cible: CibleJury, *, decision: str, acteur: Acteur) -> CibleJury:
    """The jury's A or NA on one target of a candidate (R-GTP-02), after the decisions are arrêtées and until the PV
    is signed; a target is A only for a candidate declared A (R-JURY-09)."""
    jury = cible.candidat.jury
    _souverain(jury, acteur, "décision sur une certification")
    with transition(
        cible,
        acteur=acteur,
        permission=Action.GERER_JURYS,
        evenement=EvenementAudit.JURY_DECISION_CIBLE,
        regle="R-GTP-02",
        champ="decision",
        requete=CibleJury.objects.select_related("candidat__jury", "bloc"),
    ) as t:
        etat = Jury.objects.select_for_update().values_list("etat", flat=True).get(pk=jury.pk)  # vs. the signature
        if etat != EtatJury.DELIBERE:
            raise RegleViolee(
                "R-JURY-09",
                "Le jury déclare A ou NA chaque certification d'un candidat une fois ses décisions arrêtées, avant la "
                "signature du procès-verbal (R-JURY-09).",
                code="jury_non_delibere",
            )
        t.objet.decision = rules.verifier_decision_cible(
            t.objet.candidat.decision, decision, code=t.objet.candidat.code
        )
        t.details.update(candidat=t.objet.candidat.code, bloc=t.objet.bloc.numero if t.objet.bloc else None)
    return t.objet


def capacites_acquises(candidat: CandidatJury) -> list[Capacite]:
    """What the jury declares acquired: the état récapitulatif's acquired capacities, or the VAE conclusions'."""
    inscription = candidat.inscription
    if inscription.parcours == Parcours.VAE:
        conclusions = ConclusionCapacite.objects.filter(dossier__inscription=inscription, acquise=True)
        return [c.capacite for c in conclusions.select_related("capacite__version").order_by("capacite__numero")]
    resultats = ResultatCapacite.objects.filter(dossier__inscription=inscription, acquise=True)
    return [r.capacite for r in resultats.select_related("capacite__version").order_by("capacite__numero")]


def _peut_signer(jury: Jury, acteur: Acteur) -> None:
    membre = president(jury)
    utilisateur = utilisateur_de(acteur)
    if membre is None or utilisateur is None or membre.utilisateur_id != utilisateur.pk:
        raise AccesRefuse("Accès refusé : seul le président du jury signe son procès-verbal (R-JURY-10).")
    if not est_verifie(utilisateur):
        raise AccesRefuse(
            "Accès refusé : la signature du procès-verbal demande la saisie du code à usage unique (double "
            "authentification, R-JURY-10).",
        )


def signer(jury: Jury, *, acteur: Acteur) -> Jury:
    """The president signs after his second factor: dated, audited, and final (R-JURY-09, R-JURY-10); what the jury
    declares acquired feeds the carry-over (R-EVAL-06, R-LET-04)."""
    _souverain(jury, acteur, "signature")
    with transition(
        jury,
        acteur=acteur,
        permission=lambda: _peut_signer(jury, acteur),
        evenement=EvenementAudit.JURY_SIGNATURE,
        regle="R-JURY-10",
        champ="etat",
        depuis=[EtatJury.DELIBERE],
        vers=EtatJury.SIGNE,
        quoi="signer le procès-verbal",
    ) as t:
        if t.objet.date > aujourdhui():
            raise RegleViolee("R-JURY-10", "Le procès-verbal se signe le jour du jury ou après.", code="signature_tot")
        t.objet.signe_le = t.maintenant
        t.objet.signe_par = t.utilisateur
        reportees = 0
        for c in CandidatJury.objects.filter(jury=t.objet).exclude(decision="").select_related("inscription"):
            for capacite in capacites_acquises(c):
                saisir_acquis_anterieur(
                    c.inscription.candidat,
                    capacite,
                    date_jury=t.objet.date,
                    source=SourceAcquis.JURY,
                    reference=f"Procès-verbal du jury n° {t.objet.pk} ({c.code})",
                    acteur=SYSTEME,
                )
                reportees += 1
        t.details["capacites_reportees"] = reportees
        _envoyer_copies_pv(t.objet, signe_le=t.maintenant.date())
        t.details["decisions"] = dict(
            CandidatJury.objects.filter(jury=t.objet).exclude(decision="").values_list("code", "decision")
        )
    return t.objet


def _envoyer_copies_pv(jury: Jury, *, signe_le: datetime.date) -> None:
    """A copy of the signed PV, attached, to every member (R-JURY-10), scheduled in the signing transaction."""
    from cqpm.jurys.documents import proces_verbal  # the documents read this module's helpers

    destinataires = [m.courriel for m in jury.membres.exclude(courriel="")]
    if not destinataires:
        return
    pdf = rendre_pv(proces_verbal(jury, signe_le=signe_le))
    programmer_courriel(
        destinataires=destinataires,
        sujet=f"Procès-verbal signé du jury paritaire de délibération du {date_longue(jury.date)}",
        corps=f"Le procès-verbal du jury du {date_longue(jury.date)} ({jury.lieu}, « {jury.qualification} ») est "
        "signé par son président ; vous en trouverez la copie ci-jointe (R-JURY-10).\n",
        reference=f"jury-{jury.pk}-pv",
        pieces_jointes=[Fichier(f"proces-verbal-jury-{jury.pk}.pdf", pdf)],
    )


__all__ += ["Decision"]
