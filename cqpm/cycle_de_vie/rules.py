"""Rules of the lifecycle (Dispositif Part 1: R-LC-CRE-01 to R-LC-SUP-04), as pure functions on plain data.

No database access here: the services read the rows and call these checks, so that pages, API and tests
exercise the very same code. A check either returns a list of `Erreur` (to report every gap at once) or raises
`RegleViolee` with the French sentence users see.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie.enums import OrigineDemande, TypeDemande
from cqpm.organisations.enums import TypeOrganisation
from cqpm.referentiels.recherche import normaliser
from cqpm.referentiels.rules import BlocSaisi, CapaciteSaisie, Erreur, erreur

# Who may file which request (R-LC-CRE-01, R-LC-REV-01, R-LC-REV-02, R-LC-SUP-02).


class Organisme(Protocol):
    """What the rules read of an organisation."""

    @property
    def pk(self) -> int | None: ...

    @property
    def type(self) -> str: ...


def _noms(organisations: Sequence[Organisme]) -> str:
    return ", ".join(f"« {o} »" for o in organisations)


def _sans_doublon(organisations: Sequence[Organisme], regle: str) -> None:
    pks = [o.pk for o in organisations]
    if len(set(pks)) != len(pks):
        raise RegleViolee(regle, "Une même organisation figure deux fois parmi les demandeurs.", code="doublon")


def verifier_demandeurs_creation(demandeurs: Sequence[Organisme], *, par_le_gtp: bool) -> OrigineDemande:
    """A creation comes from the UIMM, one UIMM territoriale, or two territoriales jointly (R-LC-CRE-01)."""
    regle = "R-LC-CRE-01"
    if par_le_gtp:
        raise RegleViolee(
            regle,
            "Le GTP « Qualifications » ne demande pas lui-même la création d'un CQPM : la demande émane de l'UIMM, "
            "d'une UIMM territoriale ou de deux UIMM territoriales conjointement (R-LC-CRE-01).",
            code="origine_refusee",
        )
    if not demandeurs:
        raise RegleViolee(regle, "Indiquez qui demande la création du CQPM (R-LC-CRE-01).", code="sans_demandeur")
    _sans_doublon(demandeurs, regle)
    autres = [o for o in demandeurs if o.type not in (TypeOrganisation.UIMM, TypeOrganisation.TERRITORIALE)]
    if autres:
        raise RegleViolee(
            regle,
            f"{_noms(autres)} ne peut pas demander la création d'un CQPM : seule l'UIMM, une UIMM territoriale ou "
            "deux UIMM territoriales conjointement le peuvent (R-LC-CRE-01).",
            code="origine_refusee",
        )
    if any(o.type == TypeOrganisation.UIMM for o in demandeurs):
        if len(demandeurs) > 1:
            raise RegleViolee(
                regle,
                "L'UIMM demande seule la création d'un CQPM ; une demande conjointe réunit deux UIMM territoriales "
                "(R-LC-CRE-01).",
                code="origine_refusee",
            )
        return OrigineDemande.UIMM
    if len(demandeurs) > 2:
        raise RegleViolee(
            regle,
            f"Une demande conjointe de création réunit au plus deux UIMM territoriales ({len(demandeurs)} indiquées : "
            f"{_noms(demandeurs)}) (R-LC-CRE-01).",
            code="trop_de_demandeurs",
        )
    return OrigineDemande.TERRITORIALES


def verifier_demandeurs_suite(
    type_demande: str,
    demandeurs: Sequence[Organisme],
    *,
    par_le_gtp: bool,
    centres: Sequence[Organisme],
    nouveaux_centres: Sequence[Organisme] = (),
) -> OrigineDemande:
    """Revision and reactivation come first from the resource centre(s), a revision may come from the GTP itself
    (R-LC-REV-01); veille and suppression from the resource centre(s) or the GTP (R-LC-SUP-02). A change of
    resource centre is joint: every leaving centre and every incoming one files it (R-LC-REV-02)."""
    fermeture = type_demande in (TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION)
    regle = "R-LC-SUP-02" if fermeture else "R-LC-REV-01"
    libelle = TypeDemande(type_demande).label.lower()
    if nouveaux_centres and fermeture:
        raise RegleViolee(
            "R-LC-REV-02",
            "Le changement de centre de ressources se demande avec une révision ou une réactivation (R-LC-REV-02).",
            code="changement_centres_refuse",
        )
    if par_le_gtp:
        if type_demande == TypeDemande.REACTIVATION:
            raise RegleViolee(
                regle,
                "La réactivation d'un CQPM est demandée par son (ses) centre(s) de ressources (R-LC-REV-01).",
                code="origine_refusee",
            )
        if demandeurs:
            raise RegleViolee(regle, "Une demande du GTP n'a pas d'autre demandeur.", code="origine_refusee")
        if nouveaux_centres:
            raise RegleViolee(
                "R-LC-REV-02",
                "Un changement de centre de ressources est demandé conjointement par le centre qui se retire et le "
                "ou les centres qui le remplacent, non par le GTP (R-LC-REV-02).",
                code="changement_non_conjoint",
            )
        return OrigineDemande.GTP
    if not demandeurs:
        raise RegleViolee(regle, f"Indiquez qui demande la {libelle} du CQPM ({regle}).", code="sans_demandeur")
    _sans_doublon(demandeurs, regle)
    non_territoriales = [o for o in demandeurs if o.type != TypeOrganisation.TERRITORIALE]
    if non_territoriales:
        raise RegleViolee(
            regle,
            f"{_noms(non_territoriales)} n'est pas une UIMM territoriale centre de ressources de ce CQPM : la demande "
            f"de {libelle} émane du (des) centre(s) de ressources ({regle}).",
            code="origine_refusee",
        )
    actuels = {o.pk for o in centres}
    if not nouveaux_centres:
        etrangers = [o for o in demandeurs if o.pk not in actuels]
        if etrangers:
            raise RegleViolee(
                regle,
                f"{_noms(etrangers)} n'est pas centre de ressources de ce CQPM : la demande de {libelle} émane du "
                f"(des) centre(s) de ressources ({regle}) ; pour le devenir, déposez avec lui une demande conjointe "
                "de changement de centre de ressources (R-LC-REV-02).",
                code="pas_centre_de_ressources",
            )
        return OrigineDemande.TERRITORIALES
    _verifier_changement_centres(demandeurs, centres, nouveaux_centres)
    return OrigineDemande.TERRITORIALES


def _verifier_changement_centres(
    demandeurs: Sequence[Organisme], centres: Sequence[Organisme], nouveaux: Sequence[Organisme]
) -> None:
    regle = "R-LC-REV-02"
    _sans_doublon(nouveaux, regle)
    if any(o.type != TypeOrganisation.TERRITORIALE for o in nouveaux):
        raise RegleViolee(regle, "Un centre de ressources est une UIMM territoriale (R-LC-REV-02).", code="centre")
    actuels, futurs, signataires = {o.pk for o in centres}, {o.pk for o in nouveaux}, {o.pk for o in demandeurs}
    if futurs == actuels:
        raise RegleViolee(
            regle, "Les centres de ressources demandés sont déjà ceux du CQPM (R-LC-REV-02).", code="sans_changement"
        )
    manquants = [o for o in [*centres, *nouveaux] if (o.pk in actuels) != (o.pk in futurs) and o.pk not in signataires]
    if manquants:
        raise RegleViolee(
            regle,
            "Le changement de centre de ressources est une demande conjointe du centre qui se retire et du ou des "
            f"centres qui le remplacent : il y manque {_noms(manquants)} (R-LC-REV-02).",
            code="changement_non_conjoint",
        )
    if not actuels - futurs and not signataires & actuels:
        raise RegleViolee(
            regle,
            "L'ajout d'un co-centre de ressources est demandé conjointement avec un centre de ressources actuel "
            "(R-LC-REV-02).",
            code="changement_non_conjoint",
        )
    etrangers = [o for o in demandeurs if o.pk not in actuels | futurs]
    if etrangers:
        raise RegleViolee(
            regle,
            f"{_noms(etrangers)} n'est ni centre de ressources de ce CQPM ni candidat à le devenir (R-LC-REV-02).",
            code="pas_centre_de_ressources",
        )


# The dossier (R-LC-CRE-02, R-LC-REV-03, R-LC-REA-01).

SECTIONS_CREATION = (
    "besoins_entreprises",
    "perspectives_emplois",
    "positionnement",
    "publics_flux",
    "analyse_activites",
    "analyse_unites",
)
SECTIONS_REVISION = ("historique", *SECTIONS_CREATION)
SECTIONS_REACTIVATION = ("historique", "flux_potentiel", "arguments")


def sections_requises(type_demande: str, *, avec_revision: bool = False) -> tuple[tuple[str, str], ...]:
    """(field, rule) of each written part the dossier of this kind of request must hold."""
    if type_demande == TypeDemande.CREATION:
        return tuple((s, "R-LC-CRE-02") for s in SECTIONS_CREATION)
    revision = (("historique", "R-LC-REV-03"), *((s, "R-LC-CRE-02") for s in SECTIONS_CREATION))
    if type_demande == TypeDemande.REVISION:
        return revision
    if type_demande == TypeDemande.REACTIVATION:
        reactivation = tuple((s, "R-LC-REA-01") for s in SECTIONS_REACTIVATION)
        return reactivation + (revision[1:] if avec_revision else ())
    return ()


@dataclass(frozen=True)
class DossierSaisi:
    """The written dossier of a request, whatever it comes from."""

    type: str
    avec_revision: bool
    sections: dict[str, str]
    fin_souhaitee: datetime.date | None
    motif: str


def manques_dossier(dossier: DossierSaisi, libelles: dict[str, str]) -> list[Erreur]:
    """Every missing written part, each naming its field and its rule (R-LC-CRE-02, R-LC-REV-03, R-LC-REA-01)."""
    manques = [
        erreur(champ, f"Rapport d'opportunité : la partie « {libelles[champ]} » n'est pas rédigée ({regle}).", regle)
        for champ, regle in sections_requises(dossier.type, avec_revision=dossier.avec_revision)
        if not dossier.sections.get(champ, "").strip()
    ]
    if dossier.type == TypeDemande.REACTIVATION and not dossier.avec_revision and dossier.fin_souhaitee is None:
        manques.append(
            erreur(
                "fin_souhaitee",
                "La durée souhaitée de la réactivation (fin de la session qui la motive) n'est pas indiquée, alors "
                "qu'aucune révision n'y est combinée (R-LC-REA-01).",
                "R-LC-REA-01",
            )
        )
    if dossier.type in (TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION) and not dossier.motif.strip():
        manques.append(erreur("motif", "La demande n'est pas motivée (R-LC-SUP-02).", "R-LC-SUP-02"))
    return manques


def verifier_motif(type_demande: str, motif: str) -> None:
    if type_demande in (TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION) and not motif.strip():
        raise RegleViolee(
            "R-LC-SUP-02",
            f"Une demande de {TypeDemande(type_demande).label.lower()} doit être motivée (R-LC-SUP-02).",
            code="motif_absent",
            champ="motif",
        )


# Blocs: applicable only from their RNCP registration (R-LC-CRE-06).


class BlocDate(Protocol):
    @property
    def date_enregistrement_rncp(self) -> datetime.date | None: ...


def bloc_applicable(bloc: BlocDate, le: datetime.date) -> bool:
    """May a candidate be engaged on this bloc alone on date `le`? Only once the CNCP registered it (R-LC-CRE-06)."""
    return bloc.date_enregistrement_rncp is not None and bloc.date_enregistrement_rncp <= le


# The gap between two versions of a referential (R-LC-REV-03).

SEUIL_REFORMULATION = 0.5
"""Two capacities (or blocs) with the same number are the same one reworded when their titles are at least this
similar; below it, the old one was removed and a new one took its number (numbers stay contiguous, R-REF-03)."""


@dataclass(frozen=True)
class CapaciteDansBloc:
    bloc: int
    capacite: CapaciteSaisie

    @property
    def code(self) -> str:
        return f"C{self.capacite.numero}"


@dataclass(frozen=True)
class ModificationCapacite:
    ancienne: CapaciteDansBloc
    nouvelle: CapaciteDansBloc
    champs: tuple[str, ...]


@dataclass(frozen=True)
class DeplacementCapacite:
    ancienne: CapaciteDansBloc
    nouvelle: CapaciteDansBloc


@dataclass(frozen=True)
class ModificationBloc:
    ancien: BlocSaisi
    nouveau: BlocSaisi
    champs: tuple[str, ...]


LIBELLES_CHAMPS = {
    "numero": "numéro",
    "intitule": "intitulé",
    "conditions_realisation": "conditions de réalisation",
    "criteres_evaluation": "critères d'évaluation",
    "modalites": "modalités d'évaluation",
    "code_rncp": "code RNCP",
}


@dataclass(frozen=True)
class Ecart:
    """What a revised referential changes in the capacities and blocs of the old one (R-LC-REV-03)."""

    capacites_ajoutees: tuple[CapaciteDansBloc, ...] = ()
    capacites_supprimees: tuple[CapaciteDansBloc, ...] = ()
    capacites_modifiees: tuple[ModificationCapacite, ...] = ()
    capacites_deplacees: tuple[DeplacementCapacite, ...] = ()
    blocs_ajoutes: tuple[BlocSaisi, ...] = ()
    blocs_supprimes: tuple[BlocSaisi, ...] = ()
    blocs_modifies: tuple[ModificationBloc, ...] = ()

    @property
    def est_vide(self) -> bool:
        return not any(getattr(self, champ) for champ in self.__dataclass_fields__)

    def lignes(self) -> list[str]:
        """The gap in French, one line per change, as the dossier and the GTP read it."""

        def champs(noms: tuple[str, ...]) -> str:
            return ", ".join(LIBELLES_CHAMPS[n] for n in noms)

        lignes = [f"Bloc ajouté : bloc {b.numero} « {b.intitule} »" for b in self.blocs_ajoutes]
        lignes += [f"Bloc supprimé : bloc {b.numero} « {b.intitule} »" for b in self.blocs_supprimes]
        lignes += [f"Bloc {m.ancien.numero} modifié : {champs(m.champs)}" for m in self.blocs_modifies]
        lignes += [
            f"Capacité ajoutée : {c.code} « {c.capacite.intitule} » (bloc {c.bloc})" for c in self.capacites_ajoutees
        ]
        lignes += [
            f"Capacité supprimée : {c.code} « {c.capacite.intitule} » (bloc {c.bloc})"
            for c in self.capacites_supprimees
        ]
        lignes += [
            f"Capacité modifiée : {m.ancienne.code}"
            + (f" devenue {m.nouvelle.code}" if "numero" in m.champs else "")
            + f" ({champs(m.champs)})"
            for m in self.capacites_modifiees
        ]
        lignes += [
            f"Capacité déplacée : {d.nouvelle.code} passe du bloc {d.ancienne.bloc} au bloc {d.nouvelle.bloc}"
            for d in self.capacites_deplacees
        ]
        return lignes


T = TypeVar("T")


def _apparier(
    anciens: Sequence[T], nouveaux: Sequence[T], numero: Callable[[T], int], titre: Callable[[T], str]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pair old and new items: same number and title, then same title (renumbered), then same number with a close
    title (reworded). Returns the pairs and what is left on each side (removed, added)."""
    restants_a, restants_n = list(anciens), list(nouveaux)
    paires: list[tuple[T, T]] = []

    def passe(correspond: Callable[[T, T], bool]) -> None:
        for a in list(restants_a):
            n = next((n for n in restants_n if correspond(a, n)), None)
            if n is not None:
                paires.append((a, n))
                restants_a.remove(a)
                restants_n.remove(n)

    def t(x: T) -> str:
        return normaliser(titre(x))

    passe(lambda a, n: numero(a) == numero(n) and t(a) == t(n))
    passe(lambda a, n: t(a) == t(n))
    passe(
        lambda a, n: numero(a) == numero(n) and difflib.SequenceMatcher(None, t(a), t(n)).ratio() >= SEUIL_REFORMULATION
    )
    return paires, restants_a, restants_n


def _champs_modifies(ancienne: CapaciteSaisie, nouvelle: CapaciteSaisie) -> tuple[str, ...]:
    champs = [
        c
        for c in ("numero", "intitule", "conditions_realisation", "criteres_evaluation")
        if getattr(ancienne, c) != getattr(nouvelle, c)
    ]
    if set(ancienne.modalites) != set(nouvelle.modalites):
        champs.append("modalites")
    return tuple(champs)


def ecart(anciens: Sequence[BlocSaisi], nouveaux: Sequence[BlocSaisi]) -> Ecart:
    """The gap between two certification referentials (R-LC-REV-03): blocs and capacities added, removed,
    changed, and capacities that moved to another bloc."""
    paires_blocs, blocs_supprimes, blocs_ajoutes = _apparier(
        anciens, nouveaux, lambda b: b.numero, lambda b: b.intitule
    )
    bloc_correspondant = {a.numero: n.numero for a, n in paires_blocs}
    blocs_modifies = [
        ModificationBloc(a, n, champs)
        for a, n in paires_blocs
        if (champs := tuple(c for c in ("numero", "intitule", "code_rncp") if getattr(a, c) != getattr(n, c)))
    ]

    def a_plat(blocs: Sequence[BlocSaisi]) -> list[CapaciteDansBloc]:
        return [CapaciteDansBloc(b.numero, c) for b in blocs for c in b.capacites]

    paires, supprimees, ajoutees = _apparier(
        a_plat(anciens), a_plat(nouveaux), lambda c: c.capacite.numero, lambda c: c.capacite.intitule
    )
    modifiees = [
        ModificationCapacite(a, n, champs) for a, n in paires if (champs := _champs_modifies(a.capacite, n.capacite))
    ]
    deplacees = [DeplacementCapacite(a, n) for a, n in paires if bloc_correspondant.get(a.bloc) != n.bloc]
    return Ecart(
        capacites_ajoutees=tuple(sorted(ajoutees, key=lambda c: c.capacite.numero)),
        capacites_supprimees=tuple(sorted(supprimees, key=lambda c: c.capacite.numero)),
        capacites_modifiees=tuple(sorted(modifiees, key=lambda m: m.ancienne.capacite.numero)),
        capacites_deplacees=tuple(sorted(deplacees, key=lambda d: d.nouvelle.capacite.numero)),
        blocs_ajoutes=tuple(blocs_ajoutes),
        blocs_supprimes=tuple(blocs_supprimes),
        blocs_modifies=tuple(blocs_modifies),
    )


# Open to new candidates on a date? (R-LC-CRE-06, R-LC-REA-02, R-LC-SUP-04)


@dataclass(frozen=True)
class Evenement:
    """A favourable GTP decision that opens or closes a CQPM to new candidates."""

    date: datetime.date
    type: str
    fin_reactivation: datetime.date | None = None


def motif_de_fermeture(
    intitule: str, creation: datetime.date | None, evenements: Sequence[Evenement], le: datetime.date
) -> RegleViolee | None:
    """Why no candidate may be engaged on `le`, or None when one may.

    Open from the creation decision (R-LC-CRE-06); closed from a veille or suppression decision, date included
    (R-LC-SUP-02, R-LC-SUP-04); open again from a reactivation, until its end date included (R-LC-REA-02).
    `evenements` are in chronological order.
    """
    if creation is None or le < creation:
        depuis = f" (décision du GTP du {creation:%d/%m/%Y})" if creation else ""
        return RegleViolee(
            "R-LC-CRE-06",
            f"« {intitule} » n'est applicable qu'à partir de la décision de création du GTP{depuis} : aucun candidat "
            f"ne peut y être engagé le {le:%d/%m/%Y} (R-LC-CRE-06).",
            code="cqpm_non_applicable",
        )
    fermeture: Evenement | None = None
    fin: datetime.date | None = None
    for evenement in evenements:
        if evenement.date > le:
            break
        if evenement.type in (TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION):
            fermeture, fin = evenement, None
        elif evenement.type == TypeDemande.REACTIVATION:
            fermeture, fin = None, evenement.fin_reactivation
    if fermeture is not None:
        etat = "mis en veille" if fermeture.type == TypeDemande.MISE_EN_VEILLE else "supprimé"
        return RegleViolee(
            "R-LC-SUP-04",
            f"« {intitule} » a été {etat} par décision du GTP du {fermeture.date:%d/%m/%Y} : aucun nouveau candidat ne "
            "peut y être engagé depuis cette date ; seuls les candidats déjà engagés peuvent encore l'obtenir "
            "(R-LC-SUP-04).",
            code="cqpm_ferme",
        )
    if fin is not None and le > fin:
        return RegleViolee(
            "R-LC-REA-02",
            f"La réactivation de « {intitule} » a pris fin le {fin:%d/%m/%Y} : aucun nouveau candidat ne peut y être "
            "engagé après cette date (R-LC-REA-02).",
            code="reactivation_terminee",
        )
    return None
