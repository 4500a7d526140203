"""Retention in action (R-ARCH-01 to 04): the purge report (what would go, why, under which rule), the purge
itself, the refusal to delete what is kept indefinitely, and the pseudonymisation of a candidate the purge left
with nothing kept indefinitely. The candidate's personal data (export, rectification) are in `donnees`.

« Year of validation » (R-ARCH-01): the year of the jury that deliberated on the inscription, the date R-LET-04
also counts from; an inscription that never reached a signed jury counts from its closing or cancellation, and
nothing runs while it is in progress.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q

from cqpm.archives import rules
from cqpm.archives.enums import ClasseConservation
from cqpm.archives.models import Pseudonymisation
from cqpm.archives.registre import declaration_de
from cqpm.attributions.enums import NatureCourrier
from cqpm.attributions.models import Certificat, Courrier
from cqpm.audit.enums import EvenementAudit
from cqpm.candidats.enums import StatutInscription
from cqpm.candidats.models import Candidat, Inscription
from cqpm.comptes.permissions import Action
from cqpm.core.acteurs import SYSTEME, Acteur
from cqpm.core.errors import RegleViolee
from cqpm.core.transitions import aujourdhui, operation
from cqpm.evaluations.models import AcquisAnterieur, DossierEvaluation, ModaliteChoisie, ResultatCapacite
from cqpm.jurys.models import CandidatJury
from cqpm.portail.models import CompteCandidat
from cqpm.vae.models import ConclusionCapacite, Experience, PieceVAE, Relance

CONTENU_DOSSIER_EVALUATION = (
    "recommandations",
    "adaptations",
    "avis_entreprise",
    "avis_auteur",
    "compensations_demandees",
    "compensations_accordees",
)
DATES_DOSSIER_EVALUATION = ("recommandations_le", "avis_le", "compensations_demandees_le", "compensations_accordees_le")


@dataclass(frozen=True)
class Validation:
    """When an inscription was validated (R-ARCH-01) and whether its CQPM was then registered in the RNCP."""

    le: datetime.date
    rncp: bool
    origine: str


@dataclass(frozen=True)
class DocumentExpire:
    """One line of the purge report: a document (or the rows of one kind of one inscription) to purge."""

    modele: str
    ids: tuple[int, ...]
    nature: str
    libelle: str
    inscription: int
    regle: str
    motif: str
    purge_le: datetime.date
    effacement: bool = False
    """True: the row stays (it carries results kept indefinitely) and only its content is erased."""

    @property
    def operation(self) -> str:
        return "Effacement du contenu" if self.effacement else "Suppression"


def validation(inscription: Inscription) -> Validation | None:
    """The validation R-ARCH-01 counts from; None while the inscription is in progress without a signed jury."""
    passage = (
        CandidatJury.objects.filter(inscription=inscription, jury__signe_le__isnull=False)
        .select_related("jury__qualification")
        .order_by("-jury__date")
        .first()
    )
    if passage is not None:
        jury = passage.jury
        return Validation(jury.date, jury.qualification.est_inscrite_rncp(jury.date), f"Jury du {jury.date:%d/%m/%Y}")
    if inscription.statut == StatutInscription.CLOSE and inscription.close_le:
        fin, quoi = inscription.close_le, "Inscription close"
    elif inscription.statut == StatutInscription.ANNULEE and inscription.annulee_le:
        fin, quoi = inscription.annulee_le.date(), "Inscription annulée"
    else:
        return None
    return Validation(fin, inscription.qualification.est_inscrite_rncp(fin), f"{quoi} le {fin:%d/%m/%Y}")


def _ligne(
    modele: type[models.Model],
    ids: Iterable[int],
    nature: str,
    libelle: str,
    inscription: Inscription,
    v: Validation,
    *,
    effacement: bool = False,
) -> DocumentExpire:
    return DocumentExpire(
        modele=modele._meta.label,
        ids=tuple(sorted(ids)),
        nature=nature,
        libelle=libelle,
        inscription=inscription.pk,
        regle="R-ARCH-01",
        motif=rules.motif_expiration(v.le, rncp=v.rncp, origine=v.origine),
        purge_le=rules.date_purge(v.le, rncp=v.rncp),
        effacement=effacement,
    )


def _contenu(dossier: DossierEvaluation) -> bool:
    return any(getattr(dossier, champ) for champ in CONTENU_DOSSIER_EVALUATION)


def documents_expires(le: datetime.date) -> list[DocumentExpire]:
    """Every document of limited retention (R-ARCH-01) whose time has run out on `le`, oldest first."""
    lignes: list[DocumentExpire] = []
    inscriptions = (
        Inscription.objects.filter(Q(dossier_evaluation__isnull=False) | Q(dossier_vae__isnull=False))
        .select_related("qualification", "dossier_evaluation", "dossier_vae")
        .distinct()
        .order_by("pk")
    )
    for inscription in inscriptions:
        v = validation(inscription)
        if v is None or not rules.est_expire(v.le, rncp=v.rncp, le=le):
            continue
        dossier = getattr(inscription, "dossier_evaluation", None)
        if dossier is not None:
            if _contenu(dossier):
                lignes.append(
                    _ligne(
                        DossierEvaluation,
                        [dossier.pk],
                        "Dossier d'évaluation (contenu)",
                        str(dossier),
                        inscription,
                        v,
                        effacement=True,
                    )
                )
            modalites = list(ModaliteChoisie.objects.filter(dossier=dossier).values_list("pk", flat=True))
            if modalites:
                lignes.append(
                    _ligne(
                        ModaliteChoisie,
                        modalites,
                        "Modalités d'évaluation choisies",
                        f"{len(modalites)} modalité(s) du {dossier}",
                        inscription,
                        v,
                    )
                )
        vae = getattr(inscription, "dossier_vae", None)
        if vae is not None:
            for piece in PieceVAE.objects.filter(dossier=vae).order_by("pk"):
                lignes.append(_ligne(PieceVAE, [piece.pk], "Pièce d'un dossier de VAE", str(piece), inscription, v))
            for modele, nature in ((Experience, "Dossier d'activités (expériences)"), (Relance, "Relances")):
                ids = list(modele.objects.filter(dossier=vae).values_list("pk", flat=True))  # type: ignore[attr-defined]
                if ids:
                    lignes.append(
                        _ligne(
                            modele, ids, nature, f"{len(ids)} ligne(s) du dossier de VAE n° {vae.pk}", inscription, v
                        )
                    )
    courriers = Courrier.objects.filter(nature=NatureCourrier.ACQUISITION_PARTIELLE).select_related(
        "demande__jury__qualification", "candidat__inscription"
    )
    for courrier in courriers.order_by("pk"):
        jury = courrier.demande.jury
        v = Validation(jury.date, jury.qualification.est_inscrite_rncp(jury.date), f"Jury du {jury.date:%d/%m/%Y}")
        if rules.est_expire(v.le, rncp=v.rncp, le=le):
            lignes.append(
                _ligne(
                    Courrier,
                    [courrier.pk],
                    "Copie de la lettre d'acquisition partielle",
                    f"{courrier} du {courrier.date:%d/%m/%Y}",
                    courrier.candidat.inscription,
                    v,
                )
            )
    return sorted(lignes, key=lambda d: (d.purge_le, d.inscription, d.modele, d.ids))


@dataclass(frozen=True)
class Rapport:
    le: datetime.date
    documents: list[DocumentExpire]
    a_pseudonymiser: list[Candidat]


def simulation(*, acteur: Acteur, le: datetime.date | None = None) -> Rapport:
    """What the purge would do on `le` (today by default), without doing it: the secretariat's dry run."""
    from cqpm.comptes.permissions import exiger

    exiger(acteur, Action.PURGER_ARCHIVES)
    jour = le or aujourdhui()
    documents = documents_expires(jour)
    return Rapport(jour, documents, candidats_a_pseudonymiser(jour))


def _purger_document(op: Any, document: DocumentExpire) -> None:
    modele = {m._meta.label: m for m in (DossierEvaluation, ModaliteChoisie, PieceVAE, Experience, Relance, Courrier)}[
        document.modele
    ]
    objets = list(modele.objects.filter(pk__in=document.ids).order_by("pk"))  # type: ignore[attr-defined]
    for objet in objets:
        op.journaliser(
            EvenementAudit.ARCHIVES_PURGE,
            objet,
            avant={"nature": document.nature, "inscription": document.inscription},
            apres={"operation": document.operation, "motif": document.motif},
            regle=document.regle,
        )
    if document.effacement:
        vide = dict.fromkeys(CONTENU_DOSSIER_EVALUATION, "") | dict.fromkeys(DATES_DOSSIER_EVALUATION)
        modele.objects.filter(pk__in=document.ids).update(**vide)  # type: ignore[attr-defined]
        return
    fichiers = [o.fichier for o in objets if isinstance(o, PieceVAE) and o.fichier]
    modele.objects.filter(pk__in=document.ids).delete()  # type: ignore[attr-defined]
    for fichier in fichiers:
        op.apres_commit(lambda f=fichier: f.storage.delete(f.name))


def purger(*, acteur: Acteur, le: datetime.date | None = None) -> Rapport:
    """Purge every document whose retention ran out (R-ARCH-01), then pseudonymise the candidates left with
    nothing kept indefinitely; each purged row and each pseudonymisation is audited. Returns what was done."""
    with operation(acteur=acteur, permission=Action.PURGER_ARCHIVES) as op:
        jour = le or aujourdhui()
        documents = documents_expires(jour)
        for document in documents:
            _purger_document(op, document)
        candidats = candidats_a_pseudonymiser(jour)
        for candidat in candidats:
            _pseudonymiser(op, candidat, jour)
    return Rapport(jour, documents, candidats)


def purge_du_jour(le: datetime.date, ecrire: Callable[[str], None]) -> None:
    """The daily job (`taches_quotidiennes`): the system purges what ran out and writes its French report."""
    rapport = purger(acteur=SYSTEME, le=le)
    ecrire(
        f"Purge des archives du {le:%d/%m/%Y} : {len(rapport.documents)} document(s) purgé(s), "
        f"{len(rapport.a_pseudonymiser)} candidat(s) pseudonymisé(s) (R-ARCH-01)."
    )
    for document in rapport.documents:
        ecrire(f"- {document.operation} : {document.nature} — {document.libelle}. {document.motif}")


def supprimer(objet: models.Model, *, acteur: Acteur) -> None:
    """The only deletion path of a stored document: refused, citing its rule, for whatever is kept indefinitely
    (R-ARCH-02 to 04) and for a limited document whose time has not run out (R-ARCH-01), which the purge removes
    itself once it has. The refusal is audited."""
    declaration = declaration_de(objet)
    with operation(acteur=acteur, permission=Action.PURGER_ARCHIVES) as op:
        if declaration is not None and declaration.classe == ClasseConservation.INDEFINIE:
            regle = declaration.regle
        else:
            regle = "R-ARCH-01"
        op.journaliser(
            EvenementAudit.ARCHIVES_SUPPRESSION_REFUSEE,
            objet,
            apres={"nature": declaration.nature if declaration else objet._meta.verbose_name},
            regle=regle,
        )
    if regle != "R-ARCH-01":
        raise rules.refus_suppression(objet, regle=regle)
    raise RegleViolee(
        "R-ARCH-01",
        f"« {objet} » est conservé jusqu'à l'expiration de sa durée de conservation : c'est la purge qui le "
        "supprime alors, avec son rapport (R-ARCH-01).",
        code="conservation_en_cours",
    )


# Pseudonymisation.


def conserve_indefiniment(candidat_ids: Iterable[int]) -> set[int]:
    """The candidates about whom a record kept for its content names them: a result, a jury passage, a
    certificate or a letter (R-ARCH-02, R-ARCH-03). Rows kept only as the anchor of others (an emptied evaluation
    dossier, a VAE file without conclusion) do not count: they name nobody once the candidate is pseudonymised."""
    ids = list(candidat_ids)
    gardes: set[int] = set()
    for requete in (
        ResultatCapacite.objects.filter(dossier__inscription__candidat__in=ids).values_list(
            "dossier__inscription__candidat", flat=True
        ),
        ConclusionCapacite.objects.filter(dossier__candidat__in=ids).values_list("dossier__candidat", flat=True),
        AcquisAnterieur.objects.filter(candidat__in=ids).values_list("candidat", flat=True),
        CandidatJury.objects.filter(inscription__candidat__in=ids).values_list("inscription__candidat", flat=True),
        Certificat.objects.filter(cible__candidat__inscription__candidat__in=ids).values_list(
            "cible__candidat__inscription__candidat", flat=True
        ),
    ):
        gardes.update(requete)
    return gardes


def candidats_a_pseudonymiser(le: datetime.date) -> list[Candidat]:
    """Candidates whose every inscription is over and past its retention (R-ARCH-01), with nothing kept
    indefinitely about them, not yet pseudonymised. The database narrows them first (no inscription in
    progress, nothing kept indefinitely), so the daily job reads few rows."""
    possibles = (
        Candidat.objects.filter(pseudonymisation__isnull=True, inscriptions__isnull=False)
        .exclude(inscriptions__statut=StatutInscription.EN_COURS)
        .values_list("pk", flat=True)
        .distinct()
    )
    ids = set(possibles)
    ids -= conserve_indefiniment(ids)
    fins: dict[int, list[Inscription]] = defaultdict(list)
    for inscription in Inscription.objects.filter(candidat__in=ids).select_related("qualification"):
        fins[inscription.candidat_id].append(inscription)
    eligibles = []
    for candidat_id, inscriptions in fins.items():
        validations = [validation(i) for i in inscriptions]
        if all(v is not None and rules.est_expire(v.le, rncp=v.rncp, le=le) for v in validations):
            eligibles.append(candidat_id)
    return list(Candidat.objects.filter(pk__in=eligibles).order_by("pk"))


PSEUDONYME = "Candidat pseudonymisé"


def _pseudonymiser(op: Any, candidat: Candidat, le: datetime.date) -> None:
    Pseudonymisation.objects.create(candidat=candidat, le=le, annee_naissance=candidat.date_naissance.year)
    candidat.nom = PSEUDONYME
    candidat.prenoms = f"n° {candidat.pk}"
    candidat.date_naissance = datetime.date(candidat.date_naissance.year, 1, 1)
    candidat.commune_naissance = "—"
    candidat.departement_naissance = "—"
    candidat.courriel = ""
    candidat.save()
    compte = CompteCandidat.objects.filter(candidat=candidat).select_related("utilisateur").first()
    if compte is not None:  # his candidate space closes: no name, no address, no way in
        utilisateur = compte.utilisateur
        utilisateur.username = f"pseudonyme-{candidat.pk}"
        utilisateur.email = utilisateur.first_name = utilisateur.last_name = ""
        utilisateur.is_active = False
        utilisateur.set_unusable_password()
        utilisateur.save()
    op.journaliser(
        EvenementAudit.ARCHIVES_PSEUDONYMISATION,
        candidat,
        avant={"identite": "nom, prénoms, jour et lieu de naissance, adresse électronique"},
        apres={"nom": candidat.nom, "prenoms": candidat.prenoms, "annee_naissance": candidat.date_naissance.year},
        regle="R-ARCH-01",
    )
