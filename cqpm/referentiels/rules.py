"""Rules of the referential register (Dispositif §1–2: R-REF-01 to R-REF-03, R-CAT-01, R-LIST-01 to R-LIST-03).

Pure checks on plain data — no database access — so that the decision service, the editing services and the
file import run the very same code. A check either returns a list of `Erreur` (to report every problem at once,
each naming its field path) or raises `RegleViolee`.

Field paths are those of the exchange format (`blocs[1].capacites[0].intitule`); the importer prefixes them with
`version.`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

from cqpm.core.errors import RegleViolee
from cqpm.referentiels.enums import Categorie, Liste, Modalite, StatutQualification


class Erreur(TypedDict):
    champ: str
    message: str
    rule: str


def erreur(champ: str, message: str, rule: str = "") -> Erreur:
    return {"champ": champ, "message": message, "rule": rule}


@dataclass(frozen=True)
class CapaciteSaisie:
    numero: int
    intitule: str
    conditions_realisation: str = ""
    criteres_evaluation: str = ""
    modalites: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlocSaisi:
    numero: int
    intitule: str
    capacites: tuple[CapaciteSaisie, ...] = ()
    code_rncp: str = ""
    numero_bdc: str = ""
    date_enregistrement_rncp: datetime.date | None = None


@dataclass(frozen=True)
class ActiviteSaisie:
    code: str
    libelle: str


@dataclass(frozen=True)
class ReferentielSaisi:
    """What R-REF-01 asks of a referential, whatever it comes from (database, form, file)."""

    intitule: str
    categorie: str
    centres_ressources: tuple[str, ...]
    mission: str
    activites: tuple[ActiviteSaisie, ...]
    blocs: tuple[BlocSaisi, ...]
    conditions_admissibilite: str


# R-CAT-01 — categories.

CATEGORIES: tuple[str, ...] = tuple(Categorie.values)

_EXPLICATIONS_CATEGORIE = {
    Categorie.C_ETOILE: (
        "Catégorie C* : le titulaire de ce CQPM est classé au moins au niveau IV, 3e échelon, coefficient 285, "
        "dès l'obtention du CQPM, sans que puissent être exigés les délais d'accès à ce classement (R-CAT-01)."
    ),
}


def explication_categorie(categorie: str) -> str:
    """French sentence shown next to a category (catalogue, certificate footnote)."""
    if categorie not in CATEGORIES:
        raise RegleViolee(
            "R-CAT-01",
            f"La catégorie « {categorie} » n'existe pas : A, B, C, C* ou D (R-CAT-01).",
            code="categorie_inconnue",
            champ="categorie",
        )
    return _EXPLICATIONS_CATEGORIE.get(
        Categorie(categorie), f"{Categorie(categorie).label}, fixée par le GTP « Qualifications » (R-CAT-01)."
    )


def erreurs_categorie(valeur: object, champ: str, *, obligatoire: bool) -> list[Erreur]:
    if valeur == "" and not obligatoire:
        return []
    if valeur == "":
        return [erreur(champ, "La catégorie est obligatoire pour une version décidée (R-CAT-01).", "R-CAT-01")]
    if valeur not in CATEGORIES:
        return [erreur(champ, f"La catégorie « {valeur} » n'existe pas : A, B, C, C* ou D (R-CAT-01).", "R-CAT-01")]
    return []


# R-REF-02 — evaluation modalities.

ORDRE_MODALITES: tuple[Modalite, ...] = tuple(Modalite)
"""Priority order of R-REF-02: the declaration order of the enum."""

EVALUATIONS = frozenset({Modalite.SITUATION_REELLE, Modalite.PROJETS, Modalite.SITUATION_RECONSTITUEE})
"""(a), (b), (c): the evaluation proper; (d) only completes it."""


def modalites_par_priorite(modalites: Iterable[str]) -> list[Modalite]:
    return sorted((Modalite(m) for m in set(modalites)), key=ORDRE_MODALITES.index)


def erreurs_modalites(modalites: Sequence[object], champ: str) -> list[Erreur]:
    """The allowed modalities of one capacity; an empty list is a gap R-REF-01 reports at decision time."""
    erreurs = []
    for i, m in enumerate(modalites):
        if m not in Modalite.values:
            erreurs.append(
                erreur(
                    f"{champ}[{i}]",
                    f"La modalité « {m} » n'existe pas ; valeurs admises : {', '.join(Modalite.values)} (R-REF-02).",
                    "R-REF-02",
                )
            )
    if erreurs:
        return erreurs
    if len(set(modalites)) != len(modalites):
        erreurs.append(erreur(champ, "Une modalité d'évaluation est citée deux fois (R-REF-02).", "R-REF-02"))
    if modalites and not EVALUATIONS & set(modalites):
        erreurs.append(
            erreur(
                champ,
                "L'avis de l'entreprise ne fait que compléter l'évaluation : autorisez aussi une situation réelle, "
                "une présentation de projets ou une situation reconstituée (R-REF-02).",
                "R-REF-02",
            )
        )
    return erreurs


def verifier_choix_modalites(autorisees: Iterable[str], choisies: Iterable[str], *, capacite: str) -> None:
    """The modalities chosen to evaluate one capacity must be allowed by its referential (R-REF-02, R-EVAL-01/02).

    A *situation reconstituée* is usable only where the referential explicitly allows it, and the *avis de
    l'entreprise* alone does not evaluate.
    """
    autorisees_, choisies_ = set(autorisees), set(choisies)
    if Modalite.SITUATION_RECONSTITUEE in choisies_ - autorisees_:
        raise RegleViolee(
            "R-REF-02",
            f"Le référentiel n'autorise pas la situation professionnelle reconstituée pour la capacité {capacite} "
            "(R-REF-02).",
            code="modalite_non_autorisee",
        )
    if choisies_ - autorisees_:
        noms = ", ".join(Modalite(m).label.lower() for m in modalites_par_priorite(choisies_ - autorisees_))
        raise RegleViolee(
            "R-REF-02",
            f"Modalité non autorisée par le référentiel pour la capacité {capacite} : {noms} (R-REF-02).",
            code="modalite_non_autorisee",
        )
    if not EVALUATIONS & choisies_:
        raise RegleViolee(
            "R-REF-02",
            f"La capacité {capacite} doit être évaluée en situation réelle, sur projets ou en situation "
            "reconstituée ; l'avis de l'entreprise ne fait que compléter l'évaluation (R-REF-02).",
            code="evaluation_manquante",
        )


# R-REF-03 — structure: capacities in exactly one bloc, contiguous numbering, no empty bloc.


def _contigus(numeros: list[int]) -> bool:
    return sorted(numeros) == list(range(1, len(numeros) + 1))


def erreurs_structure(blocs: Sequence[BlocSaisi], champ: str = "blocs") -> list[Erreur]:
    """Structural errors of the certification referential (R-REF-03) and of its modalities (R-REF-02)."""
    erreurs: list[Erreur] = []
    vus: dict[int, str] = {}
    numeros_blocs = [b.numero for b in blocs]
    if not _contigus(numeros_blocs):
        erreurs.append(
            erreur(
                champ,
                f"Les blocs doivent être numérotés de 1 à {len(blocs)} sans doublon ni trou "
                f"(numéros reçus : {', '.join(map(str, numeros_blocs))}) (R-REF-03).",
                "R-REF-03",
            )
        )
    for i, bloc in enumerate(blocs):
        chemin_bloc = f"{champ}[{i}]"
        if not bloc.intitule.strip():
            erreurs.append(erreur(f"{chemin_bloc}.intitule", f"Le bloc {bloc.numero} n'a pas d'intitulé.", "R-REF-01"))
        if not bloc.capacites:
            erreurs.append(
                erreur(
                    f"{chemin_bloc}.capacites",
                    f"Le bloc {bloc.numero} ne regroupe aucune capacité : un bloc vide n'existe pas (R-REF-03).",
                    "R-REF-03",
                )
            )
        for j, capacite in enumerate(bloc.capacites):
            chemin = f"{chemin_bloc}.capacites[{j}]"
            if capacite.numero in vus:
                erreurs.append(
                    erreur(
                        f"{chemin}.numero",
                        f"La capacité C{capacite.numero} figure déjà dans {vus[capacite.numero]} : chaque capacité "
                        "appartient à un seul bloc (R-REF-03).",
                        "R-REF-03",
                    )
                )
            else:
                vus[capacite.numero] = f"le bloc {bloc.numero}"
            if not capacite.intitule.strip():
                erreurs.append(
                    erreur(f"{chemin}.intitule", f"La capacité C{capacite.numero} n'a pas d'intitulé.", "R-REF-01")
                )
            erreurs += erreurs_modalites(capacite.modalites, f"{chemin}.modalites")
    numeros = [c.numero for b in blocs for c in b.capacites]
    if len(set(numeros)) == len(numeros) and not _contigus(numeros):
        erreurs.append(
            erreur(
                champ,
                f"Les capacités doivent être numérotées de C1 à C{len(numeros)} sans trou "
                f"(numéros reçus : {', '.join(f'C{n}' for n in sorted(numeros))}) (R-REF-03).",
                "R-REF-03",
            )
        )
    return erreurs


def verifier_structure(blocs: Sequence[BlocSaisi]) -> None:
    erreurs = erreurs_structure(blocs)
    if erreurs:
        raise RegleViolee(
            erreurs[0]["rule"] or "R-REF-03",
            f"Le regroupement des capacités en blocs est incorrect : {len(erreurs)} erreur(s) (R-REF-03).",
            code="structure_invalide",
            details=[dict(e) for e in erreurs],
        )


# R-REF-01 — completeness before the GTP decides.


def manques_referentiel(ref: ReferentielSaisi) -> list[Erreur]:
    """Every missing part of a referential, each naming its field (R-REF-01)."""
    manques: list[Erreur] = []

    def manque(champ: str, message: str) -> None:
        manques.append(erreur(champ, message, "R-REF-01"))

    if not ref.intitule.strip():
        manque("intitule", "Le titre du CQPM est absent.")
    if not ref.categorie:
        manque("categorie", "La catégorie (A, B, C, C* ou D) n'est pas fixée.")
    if not ref.centres_ressources:
        manque(
            "qualification.centres_ressources",
            "Aucune UIMM territoriale demandeuse (centre de ressources) n'est indiquée.",
        )
    if not ref.mission.strip():
        manque("referentiel_activites.mission", "La mission visée par la qualification n'est pas décrite.")
    if not ref.activites:
        manque("referentiel_activites.activites", "Aucune activité visée n'est donnée en exemple.")
    if not ref.blocs:
        manque("blocs", "Aucun bloc (unité cohérente) ne regroupe les capacités professionnelles.")
    if not any(b.capacites for b in ref.blocs):
        manque("blocs[].capacites", "Le référentiel de certification ne liste aucune capacité professionnelle.")
    for i, bloc in enumerate(ref.blocs):
        for j, c in enumerate(bloc.capacites):
            chemin = f"blocs[{i}].capacites[{j}]"
            if not c.conditions_realisation.strip():
                manque(
                    f"{chemin}.conditions_realisation", f"La capacité C{c.numero} n'a pas de conditions de réalisation."
                )
            if not c.criteres_evaluation.strip():
                manque(f"{chemin}.criteres_evaluation", f"La capacité C{c.numero} n'a pas de critères d'évaluation.")
            if not c.modalites:
                manque(f"{chemin}.modalites", f"La capacité C{c.numero} n'a aucune modalité d'évaluation autorisée.")
    if not ref.conditions_admissibilite.strip():
        manque("conditions_admissibilite", "Les conditions d'admissibilité sont absentes.")
    return manques


def verifier_decidable(ref: ReferentielSaisi) -> None:
    """Raise with every gap (R-REF-01) and every structural error (R-REF-02/03) at once."""
    erreurs = manques_referentiel(ref) + erreurs_categorie(ref.categorie, "categorie", obligatoire=False)
    erreurs += erreurs_structure(ref.blocs)
    if erreurs:
        nommes = ", ".join(e["champ"] for e in erreurs)
        raise RegleViolee(
            "R-REF-01" if any(e["rule"] == "R-REF-01" for e in erreurs) else erreurs[0]["rule"],
            f"Le référentiel ne peut pas être soumis à la décision du GTP : {len(erreurs)} élément(s) manquant(s) "
            f"ou incorrect(s) ({nommes}) (R-REF-01).",
            code="referentiel_incomplet",
            details=[dict(e) for e in erreurs],
        )


# R-LIST-01 to R-LIST-03 — dated list membership. A stay is the half-open period [debut, fin): on the list from
# `debut` included, off it from `fin` included (the date of the withdrawal decision).


@dataclass(frozen=True)
class Periode:
    liste: str
    debut: datetime.date
    fin: datetime.date | None = None

    def couvre(self, le: datetime.date) -> bool:
        return self.debut <= le and (self.fin is None or le < self.fin)

    def chevauche(self, autre: Periode) -> bool:
        return (self.fin is None or autre.debut < self.fin) and (autre.fin is None or self.debut < autre.fin)


def listes_a_la_date(periodes: Iterable[Periode], le: datetime.date) -> set[Liste]:
    return {Liste(p.liste) for p in periodes if p.couvre(le)}


def verifier_inscription(
    liste: str, statut: str, sur_listes: set[Liste], *, inscrite_rncp: bool, champ: str | None = None
) -> None:
    """May a qualification go on `liste` given the lists it is on that day? (R-LIST-01 to R-LIST-03)"""
    for e in erreurs_inscription(liste, statut, sur_listes, inscrite_rncp=inscrite_rncp, champ=champ or "liste"):
        raise RegleViolee(e["rule"], e["message"], code="inscription_liste_refusee", champ=champ)


def erreurs_inscription(
    liste: str, statut: str, sur_listes: set[Liste], *, inscrite_rncp: bool, champ: str
) -> list[Erreur]:
    if statut in (StatutQualification.EN_VEILLE, StatutQualification.SUPPRIMEE):
        libelle = StatutQualification(statut).label.lower()
        return [
            erreur(
                champ,
                f"Une qualification {libelle} est retirée des listes A et B : elle ne peut y être inscrite "
                "(R-LIST-03).",
                "R-LIST-03",
            )
        ]
    if statut == StatutQualification.PROJET:
        return [
            erreur(
                champ,
                "Une qualification en projet n'est inscrite sur la liste A qu'à sa création par le GTP (R-LIST-01).",
                "R-LIST-01",
            )
        ]
    if liste == Liste.B and Liste.A not in sur_listes and not inscrite_rncp:
        return [
            erreur(
                champ,
                "La liste B ne reçoit que des qualifications inscrites sur la liste A à cette date, ou des "
                "certifications enregistrées au RNCP (R-LIST-02).",
                "R-LIST-02",
            )
        ]
    if liste == Liste.C and Liste.B not in sur_listes:
        return [
            erreur(
                champ,
                "La liste C fait partie de la liste B : inscrivez d'abord la qualification sur la liste B (R-LIST-02).",
                "R-LIST-02",
            )
        ]
    return []


def erreurs_historique_listes(
    periodes: Sequence[Periode], statut: str, inscrite_rncp_le: Callable[[datetime.date], bool], champ: str
) -> list[Erreur]:
    """A whole recorded history must read as if built by the list services (import of a file)."""
    erreurs: list[Erreur] = []
    for i, p in enumerate(periodes):
        chemin = f"{champ}[{i}]"
        if p.fin is not None and p.fin < p.debut:
            erreurs.append(
                erreur(f"{chemin}.fin", "Le retrait d'une liste ne peut précéder l'inscription.", "R-LIST-03")
            )
            continue
        if any(p.liste == q.liste and p.chevauche(q) for q in periodes[:i]):
            erreurs.append(
                erreur(chemin, f"Cette période chevauche une autre inscription sur la liste {p.liste}.", "R-LIST-03")
            )
            continue
        autres = [q for q in periodes if q is not p]
        sur = listes_a_la_date(autres, p.debut)
        erreurs += erreurs_inscription(
            p.liste, StatutQualification.EN_VIGUEUR, sur, inscrite_rncp=inscrite_rncp_le(p.debut), champ=chemin
        )
        if p.fin is None and statut != StatutQualification.EN_VIGUEUR:
            erreurs.append(
                erreur(
                    f"{chemin}.fin",
                    "Une qualification qui n'est pas en vigueur ne reste inscrite sur aucune liste : "
                    "la période doit être close (R-LIST-03).",
                    "R-LIST-03",
                )
            )
    return erreurs
