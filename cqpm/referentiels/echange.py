"""Import and export of one referential version as a JSON document (format ``cqpm-referentiel/1``).

The document holds the qualification (identity, resource centres, CQPI link, RNCP data, dated list stays) and one
version (référentiel d'activités, blocs with their capacities, conditions, criteria and allowed modalities). Its
published description is ``schema/referentiel-v1.schema.json``; the checks below are the authority (written in
Python to avoid a dependency), and a test keeps both in step.

Import is all or nothing: the file is read completely, every error is collected with its field path
(``version.blocs[1].capacites[0].intitule``) and the rule it breaks, and if there is any error nothing is written.
Keys starting with ``_`` are comments and ignored (``_source`` notes where the data comes from).

Decisions:
- A version imported as *décidée* is a referential the GTP decided in the past. R-REF-01 completeness is checked
  when the GTP decides a *new* version (services.decider_version), not here: historical sheets such as RNCP 28245
  publish no conditions de réalisation or critères per capacity, and inventing them would be worse than leaving
  them empty. Structure (R-REF-02, R-REF-03), categories (R-CAT-01), numbers (R-ID-*) and list history (R-LIST-*)
  are always checked.
- When the qualification already exists (same MQ number) only the version is added, old versions stay; the
  qualification part of the file then only identifies it — status, lists and centres change through the
  lifecycle services, not through a file. A version number that already exists is refused, never overwritten.
- The data the RNCP open-data sync adds (level, active flag, fiche state, replaced codes: `_CLES_RNCP_OPEN_DATA`)
  sit in ``qualification.rncp`` and are written only when known: a document from before they existed is still
  what the export writes for such a qualification, byte for byte, and reads back the same (format unchanged).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import RegleViolee
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels import rules
from cqpm.referentiels.enums import Liste, Modalite, StatutQualification, StatutVersion, TypeQualification
from cqpm.referentiels.models import (
    Activite,
    AncienNumero,
    Bloc,
    Capacite,
    CentreRessources,
    InscriptionListe,
    ModaliteAutorisee,
    Qualification,
    VersionReferentiel,
    ecriture_historique,
)
from cqpm.referentiels.numeros import NumeroInvalide, NumeroMQ, parse_bloc, parse_mq, valider_departement
from cqpm.referentiels.rules import ActiviteSaisie, BlocSaisi, CapaciteSaisie, Erreur, Periode, erreur

FORMAT = "cqpm-referentiel/1"
CODE_ERREUR = "fichier_invalide"

# Export.


def _date(valeur: datetime.date | None) -> str | None:
    return valeur.isoformat() if valeur else None


def exporter_version(version: VersionReferentiel) -> dict[str, Any]:
    """The exchange document of one version and its qualification; keys always present, in a stable order."""
    q = version.qualification
    return {"format": FORMAT, "qualification": _exporter_qualification(q), "version": _exporter_contenu(version)}


def _exporter_qualification(q: Qualification) -> dict[str, Any]:
    rncp = None
    open_data = {
        "niveau": q.rncp_niveau,
        "actif": q.rncp_actif,
        "etat": q.rncp_etat or None,
        "codes_anciens": [str(c) for c in q.rncp_codes_anciens or []] or None,
    }
    open_data = {cle: valeur for cle, valeur in open_data.items() if valeur is not None}
    if q.code_rncp or q.rncp_date_arrete or q.rncp_date_jo or q.rncp_debut or q.rncp_fin or open_data:
        rncp = {
            "code": q.code_rncp,
            "date_arrete": _date(q.rncp_date_arrete),
            "date_jo": _date(q.rncp_date_jo),
            "debut": _date(q.rncp_debut),
            "fin": _date(q.rncp_fin),
            **open_data,
        }
    centres = CentreRessources.objects.filter(qualification=q).select_related("territoriale").order_by("ordre", "pk")
    return {
        "type": q.type,
        "intitule": q.intitule,
        "numero": q.numero,
        "statut": q.statut,
        "date_creation": _date(q.date_creation),
        "centres_ressources": [c.territoriale.departement for c in centres],
        "anciens_numeros": [
            {"numero": a.numero, "remplace_le": a.remplace_le.isoformat()}
            for a in q.anciens_numeros.order_by("remplace_le", "numero")
        ],
        "cqpi": q.cqpi.numero if q.cqpi else None,
        "rncp": rncp,
        "codes_nsf": [str(c) for c in q.codes_nsf or []],
        "codes_rome": [str(c) for c in q.codes_rome or []],
        "attributions_annuelles_moyennes": q.attributions_annuelles_moyennes,
        "listes": [
            {"liste": i.liste, "debut": i.debut.isoformat(), "fin": _date(i.fin), "motif": i.motif}
            for i in q.inscriptions_listes.order_by("debut", "liste", "pk")
        ],
    }


def _exporter_contenu(v: VersionReferentiel) -> dict[str, Any]:
    capacites: dict[int, list[Capacite]] = {}
    for c in Capacite.objects.filter(version=v).prefetch_related("modalites").order_by("numero"):
        capacites.setdefault(c.bloc_id, []).append(c)
    return {
        "numero": v.numero,
        "statut": v.statut,
        "en_vigueur": v.qualification.version_courante_id == v.pk,
        "intitule": v.intitule,
        "categorie": v.categorie,
        "date_decision": _date(v.date_decision),
        "date_application": _date(v.date_application),
        "referentiel_activites": {
            "mission": v.mission,
            "activites": [{"code": a.code, "libelle": a.libelle} for a in v.activites.order_by("ordre", "pk")],
            "environnement_travail": v.environnement_travail,
            "interactions": v.interactions,
            "secteurs_emplois": v.secteurs_emplois,
        },
        "conditions_admissibilite": v.conditions_admissibilite,
        "blocs": [
            {
                "numero": b.numero,
                "intitule": b.intitule,
                "code_rncp": b.code_rncp,
                "numero_bdc": b.numero_bdc,
                "date_enregistrement_rncp": _date(b.date_enregistrement_rncp),
                "capacites": [
                    {
                        "numero": c.numero,
                        "intitule": c.intitule,
                        "conditions_realisation": c.conditions_realisation,
                        "criteres_evaluation": c.criteres_evaluation,
                        "modalites": [
                            str(m) for m in rules.modalites_par_priorite(x.modalite for x in c.modalites.all())
                        ],
                    }
                    for c in capacites.get(b.pk, [])
                ],
            }
            for b in v.blocs.order_by("numero")
        ],
    }


# Reading a document: every field is checked and every error kept, with its path.

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PETIT_ENTIER = 32767


def _longueur(modele: type[Any], nom: str) -> int | None:
    return modele._meta.get_field(nom).max_length  # type: ignore[no-any-return]


class _Lecteur:
    """Reads typed values out of a document, keeping every error with its path.

    A missing key yields the default silently: whether it was required is said once, by `objet()`.
    """

    def __init__(self) -> None:
        self.erreurs: list[Erreur] = []

    def refuser(self, champ: str, message: str, rule: str = "") -> None:
        self.erreurs.append(erreur(champ, message, rule))

    def objet(self, valeur: Any, chemin: str, cles: tuple[str, ...], obligatoires: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(valeur, dict):
            self.refuser(chemin, "Un objet JSON est attendu.")
            return {}
        for cle in valeur:
            if cle not in cles and not str(cle).startswith("_"):
                self.refuser(f"{chemin}.{cle}" if chemin else cle, f"Clé inconnue « {cle} ».")
        for cle in obligatoires:
            if cle not in valeur:
                self.refuser(f"{chemin}.{cle}" if chemin else cle, "Champ obligatoire absent.")
        return valeur

    def texte(
        self, obj: dict[str, Any], cle: str, chemin: str, *, longueur: int | None = None, non_vide: bool = False
    ) -> str:
        if cle not in obj:
            return ""
        valeur = obj[cle]
        if not isinstance(valeur, str):
            self.refuser(f"{chemin}.{cle}", "Un texte est attendu.")
            return ""
        if non_vide and not valeur.strip():
            self.refuser(f"{chemin}.{cle}", "Ce texte ne peut pas être vide.")
        if longueur is not None and len(valeur) > longueur:
            self.refuser(f"{chemin}.{cle}", f"Ce texte dépasse {longueur} caractères.")
        if "\x00" in valeur:
            self.refuser(f"{chemin}.{cle}", "Ce texte contient un caractère nul.")
        return valeur

    def choix(
        self, obj: dict[str, Any], cle: str, chemin: str, admis: list[str], *, defaut: str, rule: str = ""
    ) -> str:
        valeur = obj.get(cle, defaut)
        if cle in obj and valeur not in admis:
            self.refuser(
                f"{chemin}.{cle}", f"Valeur « {valeur} » inconnue ; valeurs admises : {', '.join(admis)}.", rule
            )
            return defaut
        return str(valeur)

    def entier(self, obj: dict[str, Any], cle: str, chemin: str, *, minimum: int, nul: bool = False) -> int | None:
        valeur = obj.get(cle)
        if cle not in obj or (valeur is None and nul):
            return None
        if isinstance(valeur, bool) or not isinstance(valeur, int) or not minimum <= valeur <= _PETIT_ENTIER:
            self.refuser(f"{chemin}.{cle}", f"Un entier entre {minimum} et {_PETIT_ENTIER} est attendu.")
            return None
        return valeur

    def booleen(self, obj: dict[str, Any], cle: str, chemin: str) -> bool:
        valeur = obj.get(cle, False)
        if not isinstance(valeur, bool):
            self.refuser(f"{chemin}.{cle}", "true ou false est attendu.")
            return False
        return valeur

    def date(self, obj: dict[str, Any], cle: str, chemin: str, *, nul: bool = True) -> datetime.date | None:
        valeur = obj.get(cle)
        if cle not in obj or (valeur is None and nul):
            return None
        if isinstance(valeur, str) and _DATE.match(valeur):
            try:
                return datetime.date.fromisoformat(valeur)
            except ValueError:
                pass
        self.refuser(f"{chemin}.{cle}", f"Une date AAAA-MM-JJ est attendue, pas « {valeur} ».")
        return None

    def liste(self, obj: dict[str, Any], cle: str, chemin: str) -> list[Any]:
        valeur = obj.get(cle, [])
        if not isinstance(valeur, list):
            self.refuser(f"{chemin}.{cle}", "Une liste JSON est attendue.")
            return []
        return valeur

    def textes(self, obj: dict[str, Any], cle: str, chemin: str) -> list[str]:
        valeurs = self.liste(obj, cle, chemin)
        for i, v in enumerate(valeurs):
            if not isinstance(v, str) or not v.strip():
                self.refuser(f"{chemin}.{cle}[{i}]", "Un code non vide est attendu.")
        return [v for v in valeurs if isinstance(v, str)]

    def numero_mq(self, valeur: Any, champ: str) -> NumeroMQ | None:
        if not isinstance(valeur, str):
            self.refuser(champ, "Un numéro MQ (texte) est attendu.", "R-ID-05")
            return None
        try:
            return parse_mq(valeur)
        except NumeroInvalide as exc:
            self.refuser(champ, exc.message, exc.rule)
            return None


@dataclass
class _QualificationLue:
    type: str
    intitule: str
    numero: NumeroMQ | None
    statut: str
    date_creation: datetime.date | None
    centres: list[str]
    anciens: list[tuple[str, datetime.date]]
    cqpi: str | None
    rncp: dict[str, Any]
    codes_nsf: list[str]
    codes_rome: list[str]
    attributions: int | None
    listes: list[tuple[Periode, str]]


@dataclass
class _VersionLue:
    numero: int
    statut: str
    en_vigueur: bool
    intitule: str
    categorie: str
    date_decision: datetime.date | None
    date_application: datetime.date | None
    textes: dict[str, str]
    activites: list[ActiviteSaisie]
    blocs: list[BlocSaisi] = field(default_factory=list)


_CLES_QUALIFICATION = (
    "type",
    "intitule",
    "numero",
    "statut",
    "date_creation",
    "centres_ressources",
    "anciens_numeros",
    "cqpi",
    "rncp",
    "codes_nsf",
    "codes_rome",
    "attributions_annuelles_moyennes",
    "listes",
)
_CLES_VERSION = (
    "numero",
    "statut",
    "en_vigueur",
    "intitule",
    "categorie",
    "date_decision",
    "date_application",
    "referentiel_activites",
    "conditions_admissibilite",
    "blocs",
)
_CLES_ACTIVITES = ("mission", "activites", "environnement_travail", "interactions", "secteurs_emplois")
_CLES_BLOC = ("numero", "intitule", "code_rncp", "numero_bdc", "date_enregistrement_rncp", "capacites")
_CLES_CAPACITE = ("numero", "intitule", "conditions_realisation", "criteres_evaluation", "modalites")
_CLES_RNCP_OPEN_DATA = ("niveau", "actif", "etat", "codes_anciens")
"""Optional keys of ``qualification.rncp``, from France Compétences' open data (rncp.py); absent when unknown."""
_CLES_RNCP = ("code", "date_arrete", "date_jo", "debut", "fin", *_CLES_RNCP_OPEN_DATA)
_NIVEAUX_RNCP = range(1, 9)
_CODE_RNCP = re.compile(r"\d+")
_CLES_LISTE = ("liste", "debut", "fin", "motif")


def _lire_qualification(lec: _Lecteur, brut: Any) -> _QualificationLue:
    ch = "qualification"
    d = lec.objet(brut, ch, _CLES_QUALIFICATION, ("intitule", "statut"))
    type_ = lec.choix(d, "type", ch, list(TypeQualification.values), defaut=TypeQualification.CQPM)
    statut = lec.choix(d, "statut", ch, list(StatutQualification.values), defaut=StatutQualification.PROJET)
    numero = None if d.get("numero") is None else lec.numero_mq(d["numero"], f"{ch}.numero")
    avant = len(lec.erreurs)
    date_creation = lec.date(d, "date_creation", ch)
    date_illisible = len(lec.erreurs) > avant
    if statut != StatutQualification.PROJET:
        if d.get("numero") is None:
            lec.refuser(f"{ch}.numero", "Une qualification créée porte un numéro MQ (R-ID-01).", "R-ID-01")
        if date_creation is None and not date_illisible:
            lec.refuser(
                f"{ch}.date_creation", "Une qualification créée porte sa date de création (R-ID-01).", "R-ID-01"
            )
    centres: list[str] = []
    for i, code in enumerate(lec.liste(d, "centres_ressources", ch)):
        try:
            centres.append(valider_departement(code if isinstance(code, str) else str(code)))
        except NumeroInvalide as exc:
            lec.refuser(f"{ch}.centres_ressources[{i}]", exc.message, exc.rule)
    if len(set(centres)) != len(centres):
        lec.refuser(f"{ch}.centres_ressources", "Un département est cité deux fois.")
    if numero and centres and tuple(centres) != numero.departements:
        lec.refuser(
            f"{ch}.centres_ressources",
            f"Les centres de ressources ({', '.join(centres)}) doivent être les départements du numéro "
            f"({', '.join(numero.departements)}), dans le même ordre (R-ID-01).",
            "R-ID-01",
        )
    anciens = []
    for i, a in enumerate(lec.liste(d, "anciens_numeros", ch)):
        chemin = f"{ch}.anciens_numeros[{i}]"
        a = lec.objet(a, chemin, ("numero", "remplace_le"), ("numero", "remplace_le"))
        ancien = lec.numero_mq(a.get("numero"), f"{chemin}.numero") if "numero" in a else None
        remplace_le = lec.date(a, "remplace_le", chemin, nul=False)
        if ancien and remplace_le:
            anciens.append((str(ancien), remplace_le))
    cqpi = None
    if d.get("cqpi") is not None:
        lu = lec.numero_mq(d["cqpi"], f"{ch}.cqpi")
        cqpi = str(lu) if lu else None
    rncp: dict[str, Any] = {}
    if d.get("rncp") is not None:
        r = lec.objet(d["rncp"], f"{ch}.rncp", _CLES_RNCP, ())
        rncp = {"code_rncp": lec.texte(r, "code", f"{ch}.rncp", longueur=_longueur(Qualification, "code_rncp"))}
        for cle, nom in (("date_arrete", "rncp_date_arrete"), ("date_jo", "rncp_date_jo"), ("debut", "rncp_debut")):
            rncp[nom] = lec.date(r, cle, f"{ch}.rncp")
        rncp["rncp_fin"] = lec.date(r, "fin", f"{ch}.rncp")
        if rncp["rncp_debut"] and rncp["rncp_fin"] and rncp["rncp_fin"] < rncp["rncp_debut"]:
            lec.refuser(f"{ch}.rncp.fin", "La fin de l'enregistrement RNCP précède son début.")
        rncp |= _lire_rncp_open_data(lec, r, f"{ch}.rncp")
    attributions = None
    if d.get("attributions_annuelles_moyennes") is not None:
        valeur = d["attributions_annuelles_moyennes"]
        if isinstance(valeur, bool) or not isinstance(valeur, int) or valeur < 0:
            lec.refuser(f"{ch}.attributions_annuelles_moyennes", "Un entier positif ou nul est attendu.", "R-REP-02")
        else:
            attributions = valeur
    listes = []
    for i, brut_liste in enumerate(lec.liste(d, "listes", ch)):
        chemin = f"{ch}.listes[{i}]"
        li = lec.objet(brut_liste, chemin, _CLES_LISTE, ("liste", "debut"))
        nom = lec.choix(li, "liste", chemin, list(Liste.values), defaut="", rule="R-LIST-01")
        debut = lec.date(li, "debut", chemin, nul=False)
        fin = lec.date(li, "fin", chemin)
        motif = lec.texte(li, "motif", chemin, longueur=_longueur(InscriptionListe, "motif"))
        if nom and debut:
            listes.append((Periode(nom, debut, fin), motif))
    lue = _QualificationLue(
        type=type_,
        intitule=lec.texte(d, "intitule", ch, longueur=_longueur(Qualification, "intitule"), non_vide=True),
        numero=numero,
        statut=statut,
        date_creation=date_creation,
        centres=centres,
        anciens=anciens,
        cqpi=cqpi,
        rncp=rncp,
        codes_nsf=lec.textes(d, "codes_nsf", ch),
        codes_rome=lec.textes(d, "codes_rome", ch),
        attributions=attributions,
        listes=listes,
    )
    inscrite: Callable[[datetime.date], bool] = Qualification(**rncp).est_inscrite_rncp
    lec.erreurs += rules.erreurs_historique_listes([p for p, _ in listes], statut, inscrite, f"{ch}.listes")
    return lue


def _lire_rncp_open_data(lec: _Lecteur, r: dict[str, Any], chemin: str) -> dict[str, Any]:
    """The optional open-data keys of ``rncp``; an absent or null key leaves the field empty."""
    valeurs: dict[str, Any] = {}
    niveau = r.get("niveau")
    if niveau is not None:
        if isinstance(niveau, bool) or not isinstance(niveau, int) or niveau not in _NIVEAUX_RNCP:
            lec.refuser(f"{chemin}.niveau", "Un niveau du cadre national des certifications (1 à 8) est attendu.")
        else:
            valeurs["rncp_niveau"] = niveau
    actif = r.get("actif")
    if actif is not None:
        if not isinstance(actif, bool):
            lec.refuser(f"{chemin}.actif", "true, false ou null est attendu.")
        else:
            valeurs["rncp_actif"] = actif
    if r.get("etat") is not None:
        valeurs["rncp_etat"] = lec.texte(r, "etat", chemin, longueur=_longueur(Qualification, "rncp_etat"))
    if r.get("codes_anciens") is not None:
        codes = lec.textes(r, "codes_anciens", chemin)
        for i, code in enumerate(codes):
            if code.strip() and not _CODE_RNCP.fullmatch(code):
                lec.refuser(f"{chemin}.codes_anciens[{i}]", f"« {code} » n'est pas un code RNCP (chiffres seuls).")
        valeurs["rncp_codes_anciens"] = codes
    return valeurs


def _lire_capacite(lec: _Lecteur, brut: Any, chemin: str) -> CapaciteSaisie | None:
    c = lec.objet(brut, chemin, _CLES_CAPACITE, ("numero", "intitule"))
    numero = lec.entier(c, "numero", chemin, minimum=1)
    modalites = lec.liste(c, "modalites", chemin)
    textes = {k: lec.texte(c, k, chemin) for k in ("intitule", "conditions_realisation", "criteres_evaluation")}
    if numero is None:
        return None
    return CapaciteSaisie(numero=numero, modalites=tuple(modalites), **textes)


def _lire_bloc(lec: _Lecteur, brut: Any, chemin: str, numero_mq: NumeroMQ | None) -> tuple[BlocSaisi | None, bool]:
    """The bloc, and whether every number in it could be read (else the structure check would mislead)."""
    b = lec.objet(brut, chemin, _CLES_BLOC, ("numero", "intitule", "capacites"))
    numero = lec.entier(b, "numero", chemin, minimum=1)
    intitule = lec.texte(b, "intitule", chemin, longueur=_longueur(Bloc, "intitule"))
    code_rncp = lec.texte(b, "code_rncp", chemin, longueur=_longueur(Bloc, "code_rncp"))
    numero_bdc = lec.texte(b, "numero_bdc", chemin, longueur=_longueur(Bloc, "numero_bdc"))
    if numero_bdc:
        try:
            lu = parse_bloc(numero_bdc)
            numero_bdc = str(lu)
            parent = lu.cqpm
            if numero_mq and (parent.annee, parent.mois, parent.departements, parent.sequence) != (
                numero_mq.annee,
                numero_mq.mois,
                numero_mq.departements,
                numero_mq.sequence,
            ):
                lec.refuser(
                    f"{chemin}.numero_bdc",
                    f"Le numéro de bloc « {numero_bdc} » ne reprend pas le numéro du CQPM « {numero_mq} » (R-ID-02).",
                    "R-ID-02",
                )
        except NumeroInvalide as exc:
            lec.refuser(f"{chemin}.numero_bdc", exc.message, exc.rule)
    date_rncp = lec.date(b, "date_enregistrement_rncp", chemin)
    capacites = [
        _lire_capacite(lec, c, f"{chemin}.capacites[{j}]") for j, c in enumerate(lec.liste(b, "capacites", chemin))
    ]
    complet = numero is not None and all(capacites)
    if numero is None:
        return None, False
    bloc = BlocSaisi(
        numero=numero,
        intitule=intitule,
        capacites=tuple(c for c in capacites if c),
        code_rncp=code_rncp,
        numero_bdc=numero_bdc,
        date_enregistrement_rncp=date_rncp,
    )
    return bloc, complet


def _lire_version(lec: _Lecteur, brut: Any, qualification: _QualificationLue) -> _VersionLue:
    ch = "version"
    d = lec.objet(brut, ch, _CLES_VERSION, ("numero", "statut", "intitule", "blocs"))
    statut = lec.choix(d, "statut", ch, list(StatutVersion.values), defaut=StatutVersion.BROUILLON)
    decidee = statut == StatutVersion.DECIDEE
    categorie = d.get("categorie", "")
    lec.erreurs += rules.erreurs_categorie(categorie, f"{ch}.categorie", obligatoire=decidee)
    for cle, message in (
        ("date_decision", "Une version décidée porte la date de la décision du GTP."),
        ("date_application", "Une version décidée porte sa date d'application."),
    ):
        if decidee and d.get(cle) is None:
            lec.refuser(f"{ch}.{cle}", message)
    date_decision = lec.date(d, "date_decision", ch)
    date_application = lec.date(d, "date_application", ch)
    if date_decision and date_application and date_application < date_decision:
        lec.refuser(f"{ch}.date_application", "Une version ne s'applique pas avant la décision du GTP.")
    en_vigueur = lec.booleen(d, "en_vigueur", ch)
    if en_vigueur and not decidee:
        lec.refuser(f"{ch}.en_vigueur", "Seule une version décidée peut être la version en vigueur.")
    if decidee and qualification.statut == StatutQualification.PROJET:
        lec.refuser(f"{ch}.statut", "Une qualification en projet n'a pas encore de version décidée par le GTP.")
    ra = lec.objet(d.get("referentiel_activites", {}), f"{ch}.referentiel_activites", _CLES_ACTIVITES, ())
    textes = {k: lec.texte(ra, k, f"{ch}.referentiel_activites") for k in _CLES_ACTIVITES if k != "activites"}
    textes["conditions_admissibilite"] = lec.texte(d, "conditions_admissibilite", ch)
    activites: list[ActiviteSaisie] = []
    for i, brut_activite in enumerate(lec.liste(ra, "activites", f"{ch}.referentiel_activites")):
        chemin = f"{ch}.referentiel_activites.activites[{i}]"
        a = lec.objet(brut_activite, chemin, ("code", "libelle"), ("code", "libelle"))
        code = lec.texte(a, "code", chemin, longueur=_longueur(Activite, "code"), non_vide=True)
        if code and any(code == x.code for x in activites):
            lec.refuser(f"{chemin}.code", f"L'activité {code} est citée deux fois.")
        activites.append(ActiviteSaisie(code=code, libelle=lec.texte(a, "libelle", chemin, non_vide=True)))
    lus = [
        _lire_bloc(lec, b, f"{ch}.blocs[{i}]", qualification.numero) for i, b in enumerate(lec.liste(d, "blocs", ch))
    ]
    blocs = [b for b, _ in lus if b]
    if all(complet for _, complet in lus):
        lec.erreurs += [{**e, "champ": f"{ch}.{e['champ']}"} for e in rules.erreurs_structure(blocs)]
    return _VersionLue(
        numero=lec.entier(d, "numero", ch, minimum=1) or 0,
        statut=statut,
        en_vigueur=en_vigueur,
        intitule=lec.texte(d, "intitule", ch, longueur=_longueur(VersionReferentiel, "intitule"), non_vide=True),
        categorie=categorie if isinstance(categorie, str) else "",
        date_decision=date_decision,
        date_application=date_application,
        textes=textes,
        activites=activites,
        blocs=blocs,
    )


def lire_document(donnees: Any) -> tuple[_QualificationLue | None, _VersionLue | None, list[Erreur]]:
    """Check a whole document without touching the database; returns what was read and every error."""
    lec = _Lecteur()
    d = lec.objet(donnees, "", ("format", "qualification", "version"), ("format", "qualification", "version"))
    if d and d.get("format") != FORMAT:
        lec.refuser("format", f"Format « {d.get('format')} » non pris en charge : « {FORMAT} » est attendu.")
    if lec.erreurs:
        return None, None, lec.erreurs
    qualification = _lire_qualification(lec, d["qualification"])
    version = _lire_version(lec, d["version"], qualification)
    return qualification, version, lec.erreurs


# Import.


def _refus(erreurs: list[Erreur]) -> RegleViolee:
    regle = next((e["rule"] for e in erreurs if e["rule"]), "IMPORT")
    return RegleViolee(
        regle,
        f"Le fichier est refusé : {len(erreurs)} erreur(s) ; rien n'a été enregistré.",
        code=CODE_ERREUR,
        details=[dict(e) for e in erreurs],
    )


def _verifier_registre(q: _QualificationLue, v: _VersionLue) -> tuple[Qualification | None, list[Erreur]]:
    """Checks against what the register already holds (run inside the import transaction)."""
    erreurs: list[Erreur] = []
    territoriales = set(
        Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, departement__in=q.centres).values_list(
            "departement", flat=True
        )
    )
    for i, code in enumerate(q.centres):
        if code not in territoriales:
            erreurs.append(
                erreur(
                    f"qualification.centres_ressources[{i}]",
                    f"Aucune UIMM territoriale n'est enregistrée pour le département « {code} ».",
                    "R-REF-01",
                )
            )
    if q.cqpi and not Qualification.objects.filter(numero=q.cqpi, type=TypeQualification.CQPI).exists():
        erreurs.append(erreur("qualification.cqpi", f"Aucun CQPI n'est enregistré sous le numéro « {q.cqpi} »."))
    existante = Qualification.objects.filter(numero=str(q.numero)).first() if q.numero else None
    if q.numero and existante is None:
        remplace = AncienNumero.objects.filter(numero=str(q.numero)).select_related("qualification").first()
        if remplace:
            erreurs.append(
                erreur(
                    "qualification.numero",
                    f"Le numéro « {q.numero} » a été remplacé par « {remplace.qualification.numero} » (R-ID-03).",
                    "R-ID-03",
                )
            )
        elif Qualification.objects.filter(sequence=q.numero.sequence).exists():
            erreurs.append(
                erreur(
                    "qualification.numero",
                    f"La séquence nationale {q.numero.sequence:04d} est déjà portée par une autre qualification "
                    "(R-ID-01).",
                    "R-ID-01",
                )
            )
        for i, (ancien, _) in enumerate(q.anciens):
            if (
                AncienNumero.objects.filter(numero=ancien).exists()
                or Qualification.objects.filter(numero=ancien).exists()
            ):
                erreurs.append(
                    erreur(f"qualification.anciens_numeros[{i}].numero", f"Le numéro « {ancien} » est déjà attribué.")
                )
    if existante is not None:
        deja = existante.versions.filter(numero=v.numero).first()
        if deja and deja.est_decidee:
            erreurs.append(
                erreur(
                    "version.numero",
                    f"La version {v.numero} de « {existante} » existe déjà et a été décidée : elle ne peut être "
                    "ni modifiée ni remplacée (R-REF-03).",
                    "R-REF-03",
                )
            )
        elif deja:
            erreurs.append(
                erreur(
                    "version.numero",
                    f"La version {v.numero} de « {existante} » existe déjà en projet : modifiez-la ou supprimez-la "
                    "avant d'importer ce fichier.",
                    "R-REF-03",
                )
            )
    return existante, erreurs


def _creer_qualification(q: _QualificationLue) -> Qualification:
    cqpi = Qualification.objects.get(numero=q.cqpi) if q.cqpi else None
    qualification = Qualification.objects.create(
        type=q.type,
        intitule=q.intitule,
        numero=str(q.numero) if q.numero else None,
        sequence=q.numero.sequence if q.numero else None,
        statut=q.statut,
        date_creation=q.date_creation,
        cqpi=cqpi,
        codes_nsf=q.codes_nsf,
        codes_rome=q.codes_rome,
        attributions_annuelles_moyennes=q.attributions,
        **q.rncp,
    )
    territoriales = {
        o.departement: o
        for o in Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, departement__in=q.centres)
    }
    CentreRessources.objects.bulk_create(
        CentreRessources(qualification=qualification, territoriale=territoriales[d], ordre=i)
        for i, d in enumerate(q.centres, start=1)
    )
    AncienNumero.objects.bulk_create(
        AncienNumero(qualification=qualification, numero=n, remplace_le=le) for n, le in q.anciens
    )
    InscriptionListe.objects.bulk_create(
        InscriptionListe(qualification=qualification, liste=p.liste, debut=p.debut, fin=p.fin, motif=motif)
        for p, motif in q.listes
    )
    return qualification


def _creer_version(qualification: Qualification, v: _VersionLue) -> VersionReferentiel:
    with ecriture_historique():
        version = VersionReferentiel.objects.create(
            qualification=qualification,
            numero=v.numero,
            statut=v.statut,
            intitule=v.intitule,
            categorie=v.categorie,
            date_decision=v.date_decision,
            date_application=v.date_application,
            **v.textes,
        )
        Activite.objects.bulk_create(
            Activite(version=version, code=a.code, libelle=a.libelle, ordre=i) for i, a in enumerate(v.activites, 1)
        )
        blocs = Bloc.objects.bulk_create(
            Bloc(
                version=version,
                numero=b.numero,
                intitule=b.intitule,
                code_rncp=b.code_rncp,
                numero_bdc=b.numero_bdc,
                date_enregistrement_rncp=b.date_enregistrement_rncp,
            )
            for b in v.blocs
        )
        paires = [(bloc, c) for bloc, b in zip(blocs, v.blocs, strict=True) for c in b.capacites]
        capacites = Capacite.objects.bulk_create(
            Capacite(
                version=version,
                bloc=bloc,
                numero=c.numero,
                intitule=c.intitule,
                conditions_realisation=c.conditions_realisation,
                criteres_evaluation=c.criteres_evaluation,
            )
            for bloc, c in paires
        )
        ModaliteAutorisee.objects.bulk_create(
            ModaliteAutorisee(capacite=capacite, modalite=Modalite(m))
            for capacite, (_, c) in zip(capacites, paires, strict=True)
            for m in c.modalites
        )
    return version


def importer_referentiel(donnees: dict[str, Any], *, acteur: Any) -> VersionReferentiel:
    """Import one document, or refuse it whole: `RegleViolee` (code ``fichier_invalide``) listing every error.

    Only the secretariat imports (`acteur=SYSTEME` for a management command or the demo loader).
    """
    exiger(acteur, Action.IMPORTER_REFERENTIEL)
    qualification_lue, version_lue, erreurs = lire_document(donnees)
    if erreurs or qualification_lue is None or version_lue is None:
        raise _refus(erreurs)
    try:
        with transaction.atomic():
            existante, erreurs = _verifier_registre(qualification_lue, version_lue)
            if erreurs:
                raise _refus(erreurs)
            qualification = existante or _creer_qualification(qualification_lue)
            if existante is None:
                journaliser(
                    acteur=acteur,
                    action=EvenementAudit.QUALIFICATION_IMPORT,
                    objet=qualification,
                    apres=donnees["qualification"],
                    regle="R-ID-01",
                )
            version = _creer_version(qualification, version_lue)
            if version_lue.en_vigueur:
                qualification.version_courante = version
            qualification.save()
            journaliser(
                acteur=acteur,
                action=EvenementAudit.VERSION_IMPORT,
                objet=version,
                apres={"numero": version.numero, "statut": version.statut, "en_vigueur": version_lue.en_vigueur},
                regle="R-REF-03",
            )
    except IntegrityError as exc:
        raise _refus([erreur("", f"Le registre a refusé l'enregistrement : {exc}.")]) from exc
    return version
