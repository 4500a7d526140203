"""Actions on VAE files (R-VAE-01 to 03, R-ACC-02, R-EVAL-03), one function per transition of Annex 4.

Every action checks who acts: the candidate himself (his account, `cqpm.portail.services.candidat_de`) files his
request and follows it; the exam centre (a UIMM territoriale, within its scope) may file for him, and alone
instructs, decides, receives the proofs, sets up the commission de validation and records its conclusions. Each
transition checks the phase it leaves, its rule and its dates, writes the audit log in one transaction and
schedules its e-mails after the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.candidats.enums import Parcours, StatutInscription, VoieInscription
from cqpm.candidats.models import Candidat
from cqpm.candidats.services import candidat_visible, clore_inscription, inscrire
from cqpm.comptes.permissions import Action, exiger, perimetre, peut
from cqpm.core.acteurs import SYSTEME, utilisateur_de
from cqpm.core.courriels import programmer_courriel
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.core.pieces import PieceControlee, controler_piece
from cqpm.core.transitions import aujourdhui, transition
from cqpm.documents import etat_recapitulatif as etat
from cqpm.organisations.models import Organisation
from cqpm.portail.services import candidat_de
from cqpm.referentiels import catalogue
from cqpm.referentiels.models import Bloc, Capacite, Qualification
from cqpm.vae import rules
from cqpm.vae.enums import NaturePiece, Phase
from cqpm.vae.models import ConclusionCapacite, DossierVAE, Experience, MembreCommission, PieceVAE
from cqpm.vae.rules import ExperienceSaisie

# Who acts.


def _candidat_de(acteur: Any) -> Candidat | None:
    return candidat_de(acteur) if utilisateur_de(acteur) is not None else None


def est_le_candidat(acteur: Any, candidat: Candidat) -> bool:
    """The acting account is the candidate's own one, holding the candidate role."""
    soi = _candidat_de(acteur)
    return soi is not None and soi.pk == candidat.pk and peut(acteur, Action.CONSULTER_VAE)


def _exiger(acteur: Any, action: Action, dossier: DossierVAE) -> None:
    """The exam centre in its scope (or the secretariat); the candidate himself for filing and following."""
    propres = (Action.DEPOSER_VAE, Action.CONSULTER_VAE)
    if action in propres and est_le_candidat(acteur, dossier.candidat) and peut(acteur, action):
        return
    exiger(acteur, action, dossier)


def dossiers_visibles(utilisateur: Any) -> QuerySet[DossierVAE]:
    """All for the secretariat; its own for an exam centre; his own for a candidate."""
    qs = DossierVAE.objects.select_related("candidat", "qualification", "centre_examen", "inscription__version")
    portee = perimetre(utilisateur, Action.CONSULTER_VAE)
    if portee.toutes:
        return qs
    condition = Q(centre_examen__in=portee.organisations)
    soi = _candidat_de(utilisateur)
    if soi is not None and peut(utilisateur, Action.CONSULTER_VAE):
        condition |= Q(candidat=soi)
    return qs.filter(condition)


def capacites_visees(dossier: DossierVAE) -> QuerySet[Capacite]:
    """The capacities of the target: the blocs aimed at, or the whole CQPM, in the pinned version (R-VAE-03)."""
    inscription = dossier.inscription
    qs = Capacite.objects.filter(version_id=inscription.version_id).select_related("bloc")
    blocs = list(inscription.blocs.values_list("pk", flat=True))
    return (qs.filter(bloc_id__in=blocs) if blocs else qs).order_by("numero")


def _instantane(d: DossierVAE) -> dict[str, Any]:
    dates: tuple[str, ...] = ("recu_le", "avis_du_le", "instruction_le", "avis_le", "recevable_le", "fin_parcours_le")
    dates += ("accompagnement_le", "preuves_recues_le", "commission_le", "conclusions_le")
    valeurs: dict[str, Any] = {"phase": d.phase}
    for champ in dates:
        valeur = getattr(d, champ)
        if valeur is not None:
            valeurs[champ] = valeur.isoformat()
    for champ in ("motif_defavorable", "accompagnateur", "president", "validation"):
        if getattr(d, champ):
            valeurs[champ] = getattr(d, champ)
    return valeurs


def _notifier(destinataires: Iterable[str], sujet: str, gabarit: str, dossier: DossierVAE, **contexte: Any) -> None:
    adresses = [a for a in destinataires if a]
    if adresses:
        programmer_courriel(
            destinataires=adresses,
            sujet=sujet,
            corps=render_to_string(f"vae/courriels/{gabarit}.txt", {"dossier": dossier, **contexte}),
            reference=f"VAE n° {dossier.pk}",
        )


# Filing the recevabilité file (R-VAE-01, R-ACC-02, R-VAE-03).


def meme_personne(candidat: Candidat) -> Q:
    """The register rows of this person, whoever recorded them: the same surname key and birth date, as the
    duplicate detection of `cqpm.candidats` compares them (merged rows included)."""
    return Q(cle_doublon=candidat.cle_doublon, date_naissance=candidat.date_naissance)


def verifier_une_demande_par_an(candidat: Candidat, qualification: Qualification, annee: int, *, acteur: Any) -> None:
    """One VAE request per CQPM and calendar year, whichever exam centre received the other (R-VAE-01), for the
    person and not only this row: the same person recorded again by another territoriale is the same candidate.
    The refusal names the other request only to a caller who may read it."""
    personne = Candidat.objects.filter(meme_personne(candidat)).values("pk")
    autres = DossierVAE.objects.filter(candidat__in=personne, qualification=qualification, annee=annee)
    autre = autres.order_by("pk").first()
    if autre is None:
        return
    visible = dossiers_visibles(acteur).filter(pk=autre.pk).select_related("centre_examen").first()
    lequel = (
        f" (dossier n° {visible.pk}, reçu le {visible.recu_le:%d/%m/%Y} par « {visible.centre_examen} »)"
        if visible is not None
        else " auprès d'un autre centre d'examen"
    )
    raise RegleViolee(
        "R-VAE-01",
        f"Une demande de VAE sur ce CQPM a déjà été déposée pour ce candidat{lequel} en {annee} : une seule demande "
        "de VAE par CQPM est admise dans l'année civile, quel que soit le centre d'examen (R-VAE-01).",
        code="demande_deja_deposee",
        champ="qualification_id",
    )


def _controler(pieces: Sequence[tuple[str, File[bytes]]], *, regle: str) -> list[tuple[str, File[bytes], Any]]:
    controlees = []
    for nature, fichier in pieces:
        if nature not in NaturePiece.values:
            raise RegleViolee(regle, f"Nature de pièce inconnue : « {nature} ».", code="nature_inconnue")
        controlees.append((nature, fichier, controler_piece(fichier, regle=regle, champ=f"piece_{nature}")))
    return controlees


def _ranger_piece(
    dossier: DossierVAE, nature: str, fichier: File[bytes], controle: PieceControlee, acteur: Any
) -> PieceVAE:
    piece = PieceVAE(
        dossier=dossier,
        nature=nature,
        nom_original=controle.nom,
        taille=controle.taille,
        type_detecte=controle.type,
        deposee_par=utilisateur_de(acteur),
    )
    piece.fichier.save(controle.nom, fichier, save=False)
    piece.save()
    return piece


def deposer_demande(
    candidat: Candidat,
    qualification: Qualification,
    *,
    acteur: Any,
    centre_examen: Organisation,
    financement: str,
    type_beneficiaire: str,
    origine: str,
    declaration_honneur: bool,
    experiences: Sequence[ExperienceSaisie],
    pieces: Sequence[tuple[str, File[bytes]]],
    blocs: Iterable[Bloc] = (),
    entreprise: Organisation | None = None,
    accord_employeur: bool = False,
) -> DossierVAE:
    """File a VAE request: the inscription préalable (parcours VAE, whole CQPM or blocs: R-ACC-02, R-VAE-03) and
    its recevabilité file (R-VAE-01), received today; the opinion is due within 3 months (R-VAE-02)."""
    le = aujourdhui()
    dossier = DossierVAE(candidat=candidat, qualification=qualification, centre_examen=centre_examen)
    soi = est_le_candidat(acteur, candidat)
    if _candidat_de(acteur) is not None and not soi:
        raise AccesRefuse("Accès refusé : un candidat dépose sa demande de VAE pour lui-même seulement.")
    # The ids the caller names must be in his perimeter before any rule speaks of them: staff file only for a
    # candidate they already see (their own register), never for another territoriale's one.
    if not soi:
        exiger(acteur, Action.DEPOSER_VAE)
        candidat_visible(acteur, candidat.pk)
    catalogue.qualification_visible(acteur, qualification.pk)
    _exiger(acteur, Action.DEPOSER_VAE, dossier)
    rules.verifier_recevabilite(
        declaration_honneur=declaration_honneur,
        experiences=experiences,
        natures={nature for nature, _ in pieces},
        le=le,
    )
    controlees = _controler(pieces, regle="R-VAE-01")
    with transaction.atomic():
        candidat = Candidat.objects.select_for_update().get(pk=candidat.pk)
        # Every row of the person, locked in one order: two filings for two rows of one person are serialised.
        list(Candidat.objects.select_for_update().filter(meme_personne(candidat)).order_by("pk").values_list("pk"))
        verifier_une_demande_par_an(candidat, qualification, le.year, acteur=acteur)
        inscription = inscrire(
            candidat,
            qualification,
            # The candidate files for himself through his own account: the inscription is recorded on his behalf.
            acteur=SYSTEME if soi else acteur,
            centre_examen=centre_examen,
            parcours=Parcours.VAE,
            voie=VoieInscription.DIRECTE,
            financement=financement,
            type_beneficiaire=type_beneficiaire,
            origine=origine,
            accord_employeur=accord_employeur,
            entreprise=entreprise,
            blocs=blocs,
            date_inscription=le,
        )
        dossier = DossierVAE(
            inscription=inscription,
            candidat=candidat,
            qualification=qualification,
            centre_examen=centre_examen,
            annee=le.year,
            recu_le=le,
            avis_du_le=rules.avis_du_le(le),
            declaration_honneur=True,
            declaration_le=le,
            deposee_par=utilisateur_de(acteur),
        )
        try:
            with transaction.atomic():
                dossier.save()
        except IntegrityError as exc:  # a concurrent request of the same candidate won the race
            verifier_une_demande_par_an(candidat, qualification, le.year, acteur=acteur)
            raise exc
        Experience.objects.bulk_create(
            Experience(
                dossier=dossier,
                poste=e.poste.strip(),
                employeur=e.employeur.strip(),
                activite_entreprise=e.activite_entreprise.strip(),
                type_contrat=e.type_contrat,
                debut=e.debut,
                fin=e.fin,
                rapport=e.rapport.strip(),
            )
            for e in sorted(experiences, key=lambda e: e.debut)
        )
        noms = [_ranger_piece(dossier, nature, f, c, acteur).nom_original for nature, f, c in controlees]
        journaliser(
            acteur=acteur,
            action=EvenementAudit.VAE_DEPOT,
            objet=dossier,
            apres={
                **_instantane(dossier),
                "inscription": inscription.pk,
                "pieces": noms,
                "experiences": len(experiences),
            },
            regle="R-VAE-01",
        )
        _notifier(
            [centre_examen.email],
            f"Demande de VAE reçue : {candidat} — {qualification.intitule}",
            "depot",
            dossier,
        )
    return dossier


def joindre_piece(dossier: DossierVAE, nature: str, fichier: File[bytes], *, acteur: Any) -> PieceVAE:
    """Complete the recevabilité file while it is received or instructed (R-VAE-01)."""
    _exiger(acteur, Action.DEPOSER_VAE, dossier)
    if nature == NaturePiece.PREUVES:
        raise RegleViolee(
            "R-VAE-02",
            "Le dossier de preuves est remis au centre d'examen, qui en enregistre la réception (R-VAE-02).",
            code="nature_refusee",
        )
    ((_, _, controle),) = _controler([(nature, fichier)], regle="R-VAE-01")
    with transaction.atomic():
        dossier = _verrouiller(dossier, Phase.RECEPTION, Phase.INSTRUCTION, quoi="compléter le dossier")
        piece = _ranger_piece(dossier, nature, fichier, controle, acteur)
        journaliser(
            acteur=acteur,
            action=EvenementAudit.VAE_PIECE,
            objet=dossier,
            apres={"nature": nature, "piece": piece.nom_original, "taille": piece.taille},
            regle="R-VAE-01",
        )
    return piece


# Transitions (R-VAE-02).


def _refus_phase(dossier: DossierVAE, depuis: Sequence[Phase], quoi: str) -> RegleViolee:
    attendues = ", ".join(f"« {Phase(p).label} »" for p in depuis)
    return RegleViolee(
        "R-VAE-02",
        f"Impossible de {quoi} : le dossier est en phase « {dossier.get_phase_display()} » ; cette étape suit la "
        f"phase {attendues} (R-VAE-02).",
        code="phase_incorrecte",
    )


def _verrouiller(dossier: DossierVAE, *depuis: Phase, quoi: str) -> DossierVAE:
    dossier = DossierVAE.objects.select_for_update().select_related("candidat", "centre_examen").get(pk=dossier.pk)
    if dossier.phase not in depuis:
        raise _refus_phase(dossier, depuis, quoi)
    return dossier


def _ecrire(
    dossier: DossierVAE, avant: dict[str, Any], *, acteur: Any, action: EvenementAudit, champs: list[str]
) -> None:
    dossier.save(update_fields=["phase", *champs])
    journaliser(acteur=acteur, action=action, objet=dossier, avant=avant, apres=_instantane(dossier), regle="R-VAE-02")


def ouvrir_instruction(dossier: DossierVAE, *, acteur: Any, le: datetime.date | None = None) -> DossierVAE:
    """The exam centre starts instructing the recevabilité (Annex 4)."""
    exiger(acteur, Action.INSTRUIRE_VAE, dossier)
    le = le or aujourdhui()
    with transaction.atomic():
        dossier = _verrouiller(dossier, Phase.RECEPTION, quoi="ouvrir l'instruction")
        rules.verifier_date(le, apres=dossier.recu_le, aujourdhui=aujourdhui(), quoi="L'ouverture de l'instruction")
        avant = _instantane(dossier)
        dossier.phase, dossier.instruction_le = Phase.INSTRUCTION, le
        _ecrire(dossier, avant, acteur=acteur, action=EvenementAudit.VAE_INSTRUCTION, champs=["instruction_le"])
    return dossier


def declarer_recevable(dossier: DossierVAE, *, acteur: Any, le: datetime.date | None = None) -> DossierVAE:
    """Favourable opinion: the candidate writes his dossier de preuves; the whole path now ends at most 12 months
    later (R-VAE-02)."""
    exiger(acteur, Action.INSTRUIRE_VAE, dossier)
    le = le or aujourdhui()
    with transaction.atomic():
        dossier = _verrouiller(dossier, Phase.INSTRUCTION, quoi="déclarer la demande recevable")
        rules.verifier_date(le, apres=dossier.instruction_le, aujourdhui=aujourdhui(), quoi="L'avis de recevabilité")
        avant = _instantane(dossier)
        dossier.phase, dossier.avis_le, dossier.recevable_le = Phase.RECEVABLE, le, le
        dossier.fin_parcours_le = rules.fin_parcours_le(le)
        _ecrire(
            dossier,
            avant,
            acteur=acteur,
            action=EvenementAudit.VAE_RECEVABLE,
            champs=["avis_le", "recevable_le", "fin_parcours_le"],
        )
        _notifier([dossier.candidat.courriel], "Votre demande de VAE est recevable", "recevable", dossier)
    return dossier


def declarer_non_recevable(
    dossier: DossierVAE, *, acteur: Any, motif: str, le: datetime.date | None = None
) -> DossierVAE:
    """Unfavourable opinion: the file is closed, with its reason (R-VAE-02), and so is the registration it opened."""
    exiger(acteur, Action.INSTRUIRE_VAE, dossier)
    le = le or aujourdhui()
    if not motif.strip():
        raise RegleViolee(
            "R-VAE-02", "Un avis défavorable est motivé : indiquez le motif (R-VAE-02).", code="motif", champ="motif"
        )
    quoi = "déclarer la demande non recevable"
    with transition(
        dossier,
        acteur=acteur,
        permission=Action.INSTRUIRE_VAE,
        evenement=EvenementAudit.VAE_NON_RECEVABLE,
        regle="R-VAE-02",
        champ="phase",
        depuis=[Phase.INSTRUCTION],
        vers=Phase.CLOS,
        refus=lambda d: _refus_phase(d, [Phase.INSTRUCTION], quoi),
        requete=DossierVAE.objects.select_related("candidat", "centre_examen", "inscription"),
        instantane_metier=_instantane,
    ) as t:
        dossier = t.objet
        rules.verifier_date(le, apres=dossier.instruction_le, aujourdhui=aujourdhui(), quoi="L'avis de recevabilité")
        dossier.avis_le, dossier.motif_defavorable = le, motif.strip()
        # The path ends here: its registration is closed (unless already cancelled), so that next year's request
        # (R-VAE-01) is not refused as « déjà inscrit » (R-REG-01).
        if dossier.inscription.statut == StatutInscription.EN_COURS:
            clore_inscription(
                dossier.inscription,
                acteur=acteur,
                motif=f"Demande de VAE n° {dossier.pk} non recevable : {motif.strip()}",
                regle="R-VAE-02",
                le=le,
                permission=Action.INSTRUIRE_VAE,
            )
        _notifier([dossier.candidat.courriel], "Votre demande de VAE n'est pas recevable", "non_recevable", dossier)
    return t.objet


def accompagner(
    dossier: DossierVAE, *, acteur: Any, accompagnateur: str, le: datetime.date | None = None
) -> DossierVAE:
    """At his request, the candidate is helped by a third party to write his dossier de preuves (optional)."""
    exiger(acteur, Action.INSTRUIRE_VAE, dossier)
    le = le or aujourdhui()
    if not accompagnateur.strip():
        raise RegleViolee(
            "R-VAE-02", "Nommez l'accompagnateur (R-VAE-02).", code="accompagnateur", champ="accompagnateur"
        )
    with transaction.atomic():
        dossier = _verrouiller(dossier, Phase.RECEVABLE, quoi="enregistrer un accompagnement")
        rules.verifier_date(le, apres=dossier.recevable_le, aujourdhui=aujourdhui(), quoi="L'accompagnement")
        avant = _instantane(dossier)
        dossier.phase, dossier.accompagnement_le = Phase.ACCOMPAGNEMENT, le
        dossier.accompagnateur = accompagnateur.strip()[:200]
        _ecrire(
            dossier,
            avant,
            acteur=acteur,
            action=EvenementAudit.VAE_ACCOMPAGNEMENT,
            champs=["accompagnement_le", "accompagnateur"],
        )
    return dossier


def recevoir_preuves(
    dossier: DossierVAE, *, acteur: Any, fichier: File[bytes] | None = None, le: datetime.date | None = None
) -> DossierVAE:
    """The exam centre receives the dossier de preuves (the file, when it comes electronically)."""
    exiger(acteur, Action.INSTRUIRE_VAE, dossier)
    le = le or aujourdhui()
    controle = controler_piece(fichier, regle="R-VAE-02") if fichier is not None else None
    with transaction.atomic():
        dossier = _verrouiller(dossier, Phase.RECEVABLE, Phase.ACCOMPAGNEMENT, quoi="recevoir le dossier de preuves")
        rules.verifier_date(le, apres=dossier.recevable_le, aujourdhui=aujourdhui(), quoi="La réception des preuves")
        avant = _instantane(dossier)
        dossier.phase, dossier.preuves_recues_le = Phase.PREUVES_RECUES, le
        if fichier is not None and controle is not None:
            _ranger_piece(dossier, NaturePiece.PREUVES, fichier, controle, acteur)
        _ecrire(dossier, avant, acteur=acteur, action=EvenementAudit.VAE_PREUVES, champs=["preuves_recues_le"])
    return dossier


def constituer_commission(
    dossier: DossierVAE,
    *,
    acteur: Any,
    president: str,
    membres: Sequence[tuple[str, str]],
    date: datetime.date,
) -> DossierVAE:
    """The exam centre sets up the commission de validation, which its representative chairs, on a date within the
    12 months of the path (R-VAE-02)."""
    exiger(acteur, Action.INSTRUIRE_VAE, dossier)
    membres = [(nom.strip(), qualite.strip()) for nom, qualite in membres if nom.strip()]
    if not president.strip():
        raise RegleViolee(
            "R-VAE-02",
            "Le représentant de l'UIMM territoriale centre d'examen préside la commission de validation : nommez-le "
            "(R-VAE-02).",
            code="president",
            champ="president",
        )
    if not membres:
        raise RegleViolee(
            "R-VAE-02",
            "Nommez au moins un membre de la commission de validation à côté de son président (R-VAE-02).",
            code="membres",
            champ="membres",
        )
    with transaction.atomic():
        dossier = _verrouiller(dossier, Phase.PREUVES_RECUES, quoi="constituer la commission de validation")
        assert dossier.fin_parcours_le is not None and dossier.preuves_recues_le is not None
        if date < dossier.preuves_recues_le:
            raise RegleViolee(
                "R-VAE-02",
                f"La commission de validation se tient après la réception du dossier de preuves, le "
                f"{dossier.preuves_recues_le:%d/%m/%Y} (R-VAE-02).",
                code="date_anterieure",
                champ="date",
            )
        if date > dossier.fin_parcours_le:
            raise RegleViolee(
                "R-VAE-02",
                f"La commission du {date:%d/%m/%Y} dépasserait la borne du parcours : tout le parcours VAE tient en "
                f"12 mois depuis la recevabilité du {dossier.recevable_le:%d/%m/%Y}, soit jusqu'au "
                f"{dossier.fin_parcours_le:%d/%m/%Y} (R-VAE-02).",
                code="hors_delai",
                champ="date",
            )
        avant = _instantane(dossier)
        dossier.phase, dossier.commission_le, dossier.president = Phase.COMMISSION, date, president.strip()[:200]
        MembreCommission.objects.bulk_create(
            MembreCommission(dossier=dossier, nom=nom[:200], qualite=qualite[:200]) for nom, qualite in membres
        )
        _ecrire(
            dossier, avant, acteur=acteur, action=EvenementAudit.VAE_COMMISSION, champs=["commission_le", "president"]
        )
    return dossier


def enregistrer_conclusions(
    dossier: DossierVAE,
    *,
    acteur: Any,
    acquises: Mapping[int, bool],
    observations: str = "",
    le: datetime.date | None = None,
) -> DossierVAE:
    """The president's conclusions, capacity by capacity over the target (whole CQPM or blocs, R-VAE-03): total,
    partial or no validation, handed to the jury paritaire (R-VAE-02)."""
    exiger(acteur, Action.INSTRUIRE_VAE, dossier)
    le = le or aujourdhui()
    with transaction.atomic():
        dossier = _verrouiller(dossier, Phase.COMMISSION, quoi="enregistrer les conclusions")
        rules.verifier_date(le, apres=dossier.commission_le, aujourdhui=aujourdhui(), quoi="Les conclusions")
        capacites = list(capacites_visees(dossier))
        attendues = {c.pk for c in capacites}
        if set(acquises) != attendues:
            manquantes = [f"C{c.numero}" for c in capacites if c.pk not in acquises]
            raise RegleViolee(
                "R-VAE-02",
                "La commission de validation conclut sur chaque capacité visée, et sur elles seules"
                + (f" ; sans conclusion : {', '.join(manquantes)}" if manquantes else "")
                + " (R-VAE-02, R-VAE-03).",
                code="conclusions_incompletes",
                champ="acquises",
            )
        avant = _instantane(dossier)
        ConclusionCapacite.objects.bulk_create(
            ConclusionCapacite(dossier=dossier, capacite=c, acquise=bool(acquises[c.pk])) for c in capacites
        )
        dossier.phase, dossier.conclusions_le = Phase.CONCLUSIONS, le
        dossier.validation = rules.validation_de([bool(acquises[c.pk]) for c in capacites])
        dossier.observations = observations.strip()
        _ecrire(
            dossier,
            avant,
            acteur=acteur,
            action=EvenementAudit.VAE_CONCLUSIONS,
            champs=["conclusions_le", "validation", "observations"],
        )
        _notifier([dossier.candidat.courriel], "Conclusions de la commission de validation VAE", "conclusions", dossier)
    return dossier


def blocs_valides(dossier: DossierVAE) -> list[Bloc]:
    """The blocs whose every capacity the commission found acquired."""
    par_bloc: dict[int, list[bool]] = {}
    blocs: dict[int, Bloc] = {}
    for c in dossier.conclusions.select_related("capacite__bloc"):
        blocs[c.capacite.bloc_id] = c.capacite.bloc
        par_bloc.setdefault(c.capacite.bloc_id, []).append(c.acquise)
    return [blocs[b] for b, valeurs in sorted(par_bloc.items(), key=lambda p: blocs[p[0]].numero) if all(valeurs)]


def etat_pour_le_jury(dossier: DossierVAE) -> etat.EtatRecapitulatif:
    """The conclusions as the état récapitulatif handed to the jury. No company opinion: in VAE the avis de
    l'entreprise does not complete the evaluation (R-EVAL-03); the commission de validation judged the proofs."""
    if dossier.phase != Phase.CONCLUSIONS:
        raise RegleViolee(
            "R-VAE-02",
            "Les conclusions de la commission de validation ne sont pas encore enregistrées (R-VAE-02).",
            code="sans_conclusions",
        )
    c, q, v = dossier.candidat, dossier.qualification, dossier.inscription.version
    conclusions = list(dossier.conclusions.select_related("capacite__bloc"))
    blocs: dict[int, list[ConclusionCapacite]] = {}
    for conclusion in conclusions:
        blocs.setdefault(conclusion.capacite.bloc_id, []).append(conclusion)
    return etat.EtatRecapitulatif(
        centre=etat.CentreExamen(nom=dossier.centre_examen.nom, adresse=dossier.centre_examen.adresse),
        candidat=etat.Candidat(
            nom=c.nom, prenoms=c.prenoms, date_naissance=c.date_naissance, lieu_naissance=c.commune_naissance
        ),
        qualification=etat.QualificationEvaluee(intitule=q.intitule, numero=q.numero or "", version=v.numero),
        blocs=tuple(
            etat.BlocEvalue(
                numero=liste[0].capacite.bloc.numero,
                intitule=liste[0].capacite.bloc.intitule,
                capacites=tuple(
                    etat.CapaciteEvaluee(
                        numero=x.capacite.numero,
                        intitule=x.capacite.intitule,
                        resultat=etat.Resultat.ACQUISE if x.acquise else etat.Resultat.NON_ACQUISE,
                        observations=x.observations,
                    )
                    for x in liste
                ),
            )
            for liste in sorted(blocs.values(), key=lambda li: li[0].capacite.bloc.numero)
        ),
        dates_evaluation=(dossier.commission_le,) if dossier.commission_le else (),
        commission=(
            etat.MembreCommission(nom=dossier.president, qualite="Président, représentant du centre d'examen"),
            *(etat.MembreCommission(nom=m.nom, qualite=m.qualite) for m in dossier.membres.all()),
        ),
        avis_entreprise=None,
        etabli_le=dossier.conclusions_le,
    )
