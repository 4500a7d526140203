"""Bulk registration of a cohort from an XLSX or CSV file (R-ACC-01/02, R-REG-01, R-REG-03, R-REG-04).

One row is one inscription. Each row goes through `services.creer_candidat` (or reuses the exact same person
already in the actor's scope: same surname, first names and birth date) then `services.inscrire`: no rule is
written again here; this module only reads cells, finds the rows they name (CQPM, exam centre, company…) and
places each refusal on its row and column. Every row is first checked by the services' controls without writing
(`controler_candidat`, `controler_inscription`; no transaction, so no write lock while a cohort is checked); in
preview (`apercu=True`) or with a single error nothing is written, not even the audit log. A valid file is then
written in one transaction (e-mails leave only `on_commit`).

Files are read as a stream (openpyxl's read-only mode, CSV line by line), their type recognised by content (a ZIP
holding a workbook, or UTF-8 text), their size, uncompressed size and number of rows capped.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from cqpm.candidats import services
from cqpm.candidats.enums import Financement, Origine, Parcours, TypeBeneficiaire, VoieInscription
from cqpm.candidats.models import Candidat, Inscription, cle_doublon
from cqpm.comptes.permissions import Action, exiger, perimetre, peut
from cqpm.core.dates import date_inexistante
from cqpm.core.errors import RegleViolee
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Bloc, Qualification
from cqpm.referentiels.numeros import NumeroInvalide, parse_mq, valider_departement
from cqpm.referentiels.recherche import normaliser

TAILLE_MAX = int(getattr(settings, "IMPORT_INSCRIPTIONS_TAILLE_MAX", 2 * 1000 * 1000))
"""Bytes of the file as sent."""
DECOMPRESSE_MAX = int(getattr(settings, "IMPORT_INSCRIPTIONS_DECOMPRESSE_MAX", 30 * 1000 * 1000))
"""Bytes of a workbook once unzipped: a small file may hide a huge one (ZIP bomb)."""
LIGNES_MAX = int(getattr(settings, "IMPORT_INSCRIPTIONS_LIGNES_MAX", 500))
"""Data rows of one file: a cohort, not a register."""
LONGUEUR_LIGNE_MAX = 20_000
REGLE_FICHIER = "IMPORT"
"""Product rule of the file's form (type, size, columns), distinct from the Dispositif's rules on its content."""


@dataclass(frozen=True)
class Colonne:
    """A column of the template: its header, the rule it serves and what the « Aide » sheet says of it."""

    cle: str
    entete: str
    regle: str
    aide: str
    obligatoire: bool = False
    longueur: int = 300
    choix: tuple[tuple[str, str], ...] = ()
    """(stored value, value shown in the template's list) — a column with a closed list of values."""
    texte: bool = False
    """Typed as text in the template, so that Excel keeps leading zeros (département, SIRET)."""
    date: bool = False

    @property
    def valeurs_admises(self) -> list[str]:
        return [affiche for _, affiche in self.choix]


def _choix(enum: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(v), str(lib)) for v, lib in enum.choices)


OUI_NON = (("oui", "Oui"), ("non", "Non"))


def _phrase(texte: str, regle: str) -> str:
    """« valeur non admise … » → « Valeur non admise … (R-REG-04). »"""
    texte = texte.strip().rstrip(".")
    return f"{texte[:1].upper()}{texte[1:]} ({regle})."


COLONNES: tuple[Colonne, ...] = (
    Colonne("nom", "Nom de naissance", "R-REG-04", "Nom de naissance du candidat.", True, 150),
    Colonne("prenoms", "Prénoms", "R-REG-04", "Tous les prénoms, dans l'ordre de l'état civil.", True, 200),
    Colonne(
        "date_naissance", "Date de naissance", "R-REG-04", "Au format JJ/MM/AAAA ; passée, après 1900.", True, date=True
    ),
    Colonne("commune_naissance", "Commune de naissance", "R-REG-04", "Commune de naissance.", True, 150),
    Colonne(
        "departement_naissance",
        "Département de naissance",
        "R-REG-04",
        "Code (69, 2A, 971…) ou nom ; « Étranger » pour une naissance hors de France.",
        True,
        100,
        texte=True,
    ),
    Colonne("pays_naissance", "Pays de naissance", "R-REG-04", "France si la case est vide.", False, 100),
    Colonne("courriel", "Adresse électronique", "R-REG-04", "Facultative ; valide si elle est indiquée.", False, 254),
    Colonne(
        "qualification",
        "N° du CQPM",
        "R-REG-03",
        "Numéro MQ (par exemple MQ 2005 12 69 0198 R) ou code RNCP (RNCP28245) ; le CQPM doit être ouvert aux "
        "inscriptions : ni en veille, ni supprimé.",
        True,
        60,
        texte=True,
    ),
    Colonne(
        "blocs",
        "Blocs visés",
        "R-VAE-03",
        "Numéros des blocs séparés par des virgules (1, 2) ; vide : le CQPM entier. Blocs de la version du "
        "référentiel en vigueur à la date d'inscription (R-REG-03).",
        False,
        100,
        texte=True,
    ),
    Colonne(
        "centre_examen",
        "Centre d'examen (département)",
        "R-REG-01",
        "Département de l'UIMM territoriale dont relève le candidat, qui devient son centre d'examen (69, 2A…).",
        True,
        3,
        texte=True,
    ),
    Colonne(
        "date_inscription",
        "Date d'inscription",
        "R-REG-03",
        "JJ/MM/AAAA ; aujourd'hui si la case est vide ; jamais future. Fixe la version du référentiel.",
        False,
        date=True,
    ),
    Colonne(
        "motif_retroactivite",
        "Motif de l'enregistrement tardif",
        "R-REG-03",
        "Obligatoire si la date d'inscription précède l'enregistrement, de RETROACTIVITE_JOURS jours au plus (30 par "
        "défaut) : pourquoi l'inscription est enregistrée après sa date.",
        False,
        2000,
    ),
    Colonne(
        "parcours",
        "Parcours",
        "R-ACC-02",
        "Formation continue ou VAE ; jamais la formation initiale. La VAE suppose un CQPM inscrit au RNCP.",
        True,
        choix=_choix(Parcours),
    ),
    Colonne(
        "voie",
        "Voie d'inscription",
        "R-REG-01",
        "Par l'entreprise, par un organisme de formation, ou directement par le candidat (CIF, VAE individuelle, "
        "CPF sans accord de l'employeur).",
        True,
        choix=_choix(VoieInscription),
    ),
    Colonne(
        "type_beneficiaire",
        "Bénéficiaire",
        "R-ACC-01",
        "Salarié de la métallurgie (entreprise du secteur M), d'une autre branche (secteur HM), ou demandeur d'emploi.",
        True,
        choix=_choix(TypeBeneficiaire),
    ),
    Colonne(
        "origine",
        "Origine du candidat",
        "R-REG-04",
        "Colonne du procès-verbal (annexe 7) : SL, CPF, ETT ou DE ; DE pour un demandeur d'emploi et lui seul.",
        True,
        choix=_choix(Origine),
    ),
    Colonne(
        "financement",
        "Dispositif de financement",
        "R-REG-04",
        "Colonne du procès-verbal (annexe 7). Un apprenti : CPF ou CPFCA seulement (R-ACC-02) ; VAE et CVAE : "
        "une VAE seulement ; POEI, POEC : un demandeur d'emploi.",
        True,
        choix=_choix(Financement),
    ),
    Colonne(
        "apprenti", "Apprenti", "R-ACC-02", "Oui ou Non (Non si vide) ; un apprenti passe par son CPF.", choix=OUI_NON
    ),
    Colonne(
        "accord_employeur",
        "Accord de l'employeur",
        "R-REG-01",
        "Oui ou Non (Non si vide) ; jamais pour un demandeur d'emploi.",
        choix=OUI_NON,
    ),
    Colonne(
        "entreprise",
        "SIRET de l'entreprise",
        "R-REG-04",
        "SIRET (14 chiffres) de l'entreprise du salarié ; vide pour un demandeur d'emploi. Un compte d'entreprise "
        "peut laisser vide : c'est alors la sienne. Une entreprise n'inscrit que ses salariés.",
        False,
        255,
        texte=True,
    ),
    Colonne(
        "organisme_formation",
        "Organisme de formation (SIRET ou nom)",
        "R-REG-01",
        "Obligatoire pour une inscription par un organisme de formation ; un compte d'organisme de formation peut "
        "laisser vide : c'est alors le sien.",
        False,
        255,
        texte=True,
    ),
)
PAR_CLE = {c.cle: c for c in COLONNES}
OBLIGATOIRES = [c for c in COLONNES if c.obligatoire]

CHAMP_COLONNE = {
    "qualification_id": "qualification",
    "centre_examen_id": "centre_examen",
    "entreprise_id": "entreprise",
    "organisme_formation_id": "organisme_formation",
}
"""The `champ` of a service's refusal → the column it points at."""


# Report.


@dataclass(frozen=True)
class Erreur:
    regle: str
    message: str
    ligne: int | None = None
    colonne: str | None = None
    """French header of the column at fault; None when the whole row (or file) is."""
    code: str = "regle_violee"

    def situation(self) -> str:
        parties = [f"ligne {self.ligne}" if self.ligne else "fichier"]
        if self.colonne:
            parties.append(f"colonne « {self.colonne} »")
        return ", ".join(parties)


@dataclass
class Ligne:
    numero: int
    """The row number in the spreadsheet (the header is row 1)."""
    cellules: dict[str, str]
    erreurs: list[Erreur] = field(default_factory=list)
    candidat_reutilise: bool = False
    inscription_id: int | None = None

    @property
    def valide(self) -> bool:
        return not self.erreurs


@dataclass
class Rapport:
    apercu: bool
    lignes: list[Ligne] = field(default_factory=list)
    erreurs_fichier: list[Erreur] = field(default_factory=list)
    importe: bool = False

    @property
    def erreurs(self) -> list[Erreur]:
        return [*self.erreurs_fichier, *(e for ligne in self.lignes for e in ligne.erreurs)]

    @property
    def valide(self) -> bool:
        return bool(self.lignes) and not self.erreurs

    @property
    def lignes_en_erreur(self) -> int:
        return sum(1 for ligne in self.lignes if ligne.erreurs)

    def refus(self) -> RegleViolee:
        """The whole import refused, as one error whose details place each fault (API)."""
        erreurs = self.erreurs
        nombre = len(erreurs)
        regle = erreurs[0].regle if erreurs else REGLE_FICHIER
        message = (
            f"Import refusé : {nombre} erreur{'s' if nombre > 1 else ''} dans le fichier ; aucune inscription n'est "
            f"enregistrée (import tout ou rien). Première erreur, {erreurs[0].situation()} : {erreurs[0].message}"
            if erreurs
            else "Import refusé : le fichier ne contient aucune ligne d'inscription."
        )
        details = [{"champ": e.situation(), "message": e.message, "rule": e.regle} for e in erreurs]
        return RegleViolee(regle, message, code="import_refuse", details=details)


# Reading the file.


def _refus(message: str, code: str = "fichier_invalide") -> RegleViolee:
    return RegleViolee(REGLE_FICHIER, message, code=code, champ="fichier")


def _taille(fichier: IO[bytes]) -> int:
    taille = getattr(fichier, "size", None)
    if isinstance(taille, int):
        return taille
    position = fichier.tell()
    fichier.seek(0, io.SEEK_END)
    fin = fichier.tell()
    fichier.seek(position)
    return fin


def _texte(valeur: Any) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "Oui" if valeur else "Non"
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)
    if isinstance(valeur, datetime.datetime):
        valeur = valeur.date()
    if isinstance(valeur, datetime.date):
        return f"{valeur:%d/%m/%Y}"
    return str(valeur).strip()


def _lignes_xlsx(fichier: IO[bytes]) -> Iterator[list[Any]]:
    try:
        with zipfile.ZipFile(fichier) as archive:
            infos = archive.infolist()
            noms = {i.filename for i in infos}
            if "[Content_Types].xml" not in noms or "xl/workbook.xml" not in noms:
                raise _refus("Ce fichier ZIP n'est pas un classeur XLSX : déposez un fichier .xlsx ou .csv.")
            if sum(i.file_size for i in infos) > DECOMPRESSE_MAX:
                raise _refus("Ce classeur est trop volumineux une fois décompressé : découpez la cohorte.", "trop_gros")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise _refus("Ce fichier XLSX est illisible (archive endommagée).") from exc
    fichier.seek(0)
    from openpyxl import load_workbook

    try:
        classeur = load_workbook(fichier, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise _refus("Ce fichier XLSX est illisible : enregistrez-le de nouveau depuis le tableur.") from exc
    try:
        feuille = classeur["Inscriptions"] if "Inscriptions" in classeur.sheetnames else classeur.worksheets[0]
        for rangee in feuille.iter_rows(values_only=True):
            yield list(rangee)
    finally:
        classeur.close()


def _lignes_csv(fichier: IO[bytes]) -> Iterator[list[Any]]:
    decodeur = codecs.getincrementaldecoder("utf-8-sig")()

    def textes() -> Iterator[str]:
        numero = 0
        while True:
            octets = fichier.readline(LONGUEUR_LIGNE_MAX + 1)
            if not octets:
                return
            numero += 1
            if len(octets) > LONGUEUR_LIGNE_MAX:
                raise _refus(f"La ligne {numero} du fichier CSV est trop longue.")
            if b"\x00" in octets:
                raise _refus("Ce fichier n'est ni un classeur XLSX ni un texte CSV : déposez un fichier .xlsx ou .csv.")
            try:
                yield decodeur.decode(octets)
            except UnicodeDecodeError as exc:
                raise _refus(
                    f"La ligne {numero} du fichier CSV n'est pas encodée en UTF-8 : enregistrez le fichier en "
                    "« CSV UTF-8 » depuis le tableur.",
                    "encodage_invalide",
                ) from exc

    flux = textes()
    entete = next(flux, "")
    separateur = ";" if entete.count(";") >= entete.count(",") and ";" in entete else ","
    try:
        yield from csv.reader(_enchainer(entete, flux), delimiter=separateur)
    except csv.Error as exc:
        raise _refus(f"Fichier CSV mal formé : {exc}.") from exc


def _enchainer(premier: str, suite: Iterator[str]) -> Iterator[str]:
    yield premier
    yield from suite


def lire_rangees(fichier: IO[bytes]) -> Iterator[list[Any]]:
    """The file's rows as lists of cells, its type recognised by its content, never by its name."""
    if _taille(fichier) > TAILLE_MAX:
        raise _refus(
            f"Fichier trop volumineux : {TAILLE_MAX // 1000} Ko au plus ; découpez la cohorte en plusieurs fichiers.",
            "trop_gros",
        )
    fichier.seek(0)
    tete = fichier.read(8)
    fichier.seek(0)
    if tete.startswith(b"PK\x03\x04"):
        return _lignes_xlsx(fichier)
    if tete.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refus("Le format XLS (Excel 97-2003) n'est pas accepté : enregistrez le classeur en XLSX ou en CSV.")
    if not tete:
        raise _refus("Le fichier est vide.")
    return _lignes_csv(fichier)


def _cle_entete(texte: Any) -> str:
    return normaliser(_texte(texte).replace("*", "").replace("’", "'"))


ENTETES = {_cle_entete(c.entete): c for c in COLONNES}


def _colonnes(entete: list[Any]) -> list[Colonne | None]:
    trouvees: list[Colonne | None] = []
    inconnues = []
    for cellule in entete:
        cle = _cle_entete(cellule)
        colonne = ENTETES.get(cle)
        if cle and colonne is None:
            inconnues.append(_texte(cellule))
        trouvees.append(colonne)
    if inconnues:
        liste = ", ".join(f"« {n} »" for n in inconnues)
        raise _refus(f"Colonne(s) inconnue(s) : {liste}. Utilisez les en-têtes du modèle à télécharger.", "entetes")
    presentes = {c.cle for c in trouvees if c is not None}
    doubles = [c.entete for c in COLONNES if sum(1 for t in trouvees if t is c) > 1]
    if doubles:
        raise _refus(f"Colonne(s) en double : {', '.join(doubles)}.", "entetes")
    manquantes = [c.entete for c in OBLIGATOIRES if c.cle not in presentes]
    if manquantes:
        liste = ", ".join(f"« {n} »" for n in manquantes)
        raise _refus(
            f"Colonne(s) obligatoire(s) absente(s) : {liste}. Utilisez les en-têtes du modèle à télécharger.", "entetes"
        )
    return trouvees


# Interpreting cells.


class CelluleInvalide(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _date(valeur: Any) -> datetime.date | None:
    if isinstance(valeur, datetime.datetime):
        return valeur.date()
    if isinstance(valeur, datetime.date):
        return valeur
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        from openpyxl.utils.datetime import from_excel

        try:
            converti = from_excel(valeur)
        except (ValueError, OverflowError) as exc:
            raise CelluleInvalide("date illisible ; attendu : JJ/MM/AAAA") from exc
        return converti.date() if isinstance(converti, datetime.datetime) else None
    texte = _texte(valeur)
    if not texte:
        return None
    for motif in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(texte, motif).date()
        except ValueError:
            continue
    if inexistante := date_inexistante(texte):
        raise CelluleInvalide(inexistante)
    raise CelluleInvalide(f"date illisible « {texte} » ; attendu : JJ/MM/AAAA")


def _alias(colonne: Colonne) -> dict[str, str]:
    """Accepted spellings of a closed list: the stored code, the label, its leading code (« SL » of « SL (…) »)."""
    alias: dict[str, str] = {}
    for valeur, libelle in colonne.choix:
        for forme in (valeur, libelle, libelle.split(" (")[0], valeur.replace("_", " ")):
            alias.setdefault(normaliser(forme), valeur)
    if colonne.cle == "parcours":
        alias["vae"] = Parcours.VAE
    if colonne.cle == "voie":
        alias.update({"entreprise": "entreprise", "organisme de formation": "organisme_formation"})
        alias.update({"directe": "directe", "candidat": "directe"})
    return alias


ALIAS = {c.cle: _alias(c) for c in COLONNES if c.choix}


def _choix_de(colonne: Colonne, texte: str) -> str:
    valeur = ALIAS[colonne.cle].get(normaliser(texte))
    if valeur is None:
        admises = " ; ".join(colonne.valeurs_admises)
        raise CelluleInvalide(f"valeur non admise « {texte} » ; valeurs admises : {admises}")
    return valeur


@dataclass
class Contexte:
    """What an import looks up once: the actor's own organisations, the CQPMs, centres and organisations named."""

    acteur: Any
    qualifications: dict[str, Qualification | None] = field(default_factory=dict)
    centres: dict[str, Organisation | None] = field(default_factory=dict)
    organisations: dict[tuple[str, str], Organisation | None] = field(default_factory=dict)
    siennes: dict[str, list[Organisation]] = field(default_factory=dict)
    blocs: dict[int, dict[int, Bloc]] = field(default_factory=dict)
    """Per version, its blocs by number."""

    def precharger(self, lignes: list[dict[str, Any]]) -> None:
        """One query per kind for all the rows of a file: the CQPMs named by RNCP code and by MQ number, the exam
        centres by département, the companies and training organisations by SIRET. The lookups below read these
        first and query only what is not there (an organisation named by its name)."""
        codes: dict[str, str] = {}
        sequences: dict[str, int] = {}
        for cellules in lignes:
            cle, code = _cle_qualification(_texte(cellules.get("qualification")))
            if cle in self.qualifications or not cle:
                continue
            if code.isdigit():
                codes[cle] = code
            else:
                try:
                    sequences[cle] = parse_mq(cle).sequence
                except NumeroInvalide:
                    continue
        if codes:
            trouvees = Qualification.objects.filter(
                code_rncp__in={v for c in codes.values() for v in (c, f"RNCP{c}")}
            ).order_by("intitule", "pk")
            par_code: dict[str, Qualification] = {}
            for q in trouvees:
                par_code.setdefault(q.code_rncp.removeprefix("RNCP"), q)
            self.qualifications.update({cle: par_code.get(code) for cle, code in codes.items()})
        if sequences:
            par_sequence: dict[int | None, Qualification] = {}
            for q in Qualification.objects.filter(sequence__in=set(sequences.values())).order_by("intitule", "pk"):
                par_sequence.setdefault(q.sequence, q)
            self.qualifications.update({cle: par_sequence.get(seq) for cle, seq in sequences.items()})
        departements = {_code_departement(_texte(c.get("centre_examen"))) for c in lignes} - {None, *self.centres}
        if departements:
            centres: dict[str, Organisation] = {}
            territoriales = Organisation.objects.filter(
                type=TypeOrganisation.TERRITORIALE, departement__in=departements
            )
            for o in territoriales.order_by("nom", "pk"):
                centres.setdefault(o.departement, o)
            self.centres.update({d: centres.get(d) for d in departements if d is not None})
        for colonne, type_organisation in (
            ("entreprise", TypeOrganisation.ENTREPRISE),
            ("organisme_formation", TypeOrganisation.ORGANISME_FORMATION),
        ):
            sirets = {_siret(_texte(c.get(colonne))) for c in lignes}
            sirets = {s for s in sirets if s.isdigit() and (type_organisation, s) not in self.organisations}
            if not sirets:
                continue
            par_siret: dict[str, list[Organisation]] = {}
            for o in Organisation.objects.filter(type=type_organisation, siret__in=sirets):
                par_siret.setdefault(o.siret, []).append(o)
            for siret in sirets:
                memes = par_siret.get(siret, [])
                self.organisations[(type_organisation, siret)] = memes[0] if len(memes) == 1 else None

    def sienne(self, type_organisation: str) -> Organisation | None:
        """The actor's one organisation of this type (company or training organisation), if he acts for it."""
        if type_organisation not in self.siennes:
            portee = perimetre(self.acteur, Action.INSCRIRE_CANDIDATS)
            self.siennes[type_organisation] = (
                []
                if portee.toutes
                else list(Organisation.objects.filter(pk__in=portee.organisations, type=type_organisation))
            )
        trouvees = self.siennes[type_organisation]
        return trouvees[0] if len(trouvees) == 1 else None


def _cle_qualification(texte: str) -> tuple[str, str]:
    """The cell as a cache key, and the RNCP code it may be."""
    cle = re.sub(r"\s+", " ", texte.upper()).strip()
    return cle, cle.replace(" ", "").removeprefix("RNCP")


def _qualification(ctx: Contexte, texte: str) -> Qualification:
    cle, code = _cle_qualification(texte)
    if cle not in ctx.qualifications:
        trouvee = None
        if code.isdigit():
            trouvee = Qualification.objects.filter(code_rncp__in=[code, f"RNCP{code}"]).first()
        else:
            try:
                numero = parse_mq(cle)
            except NumeroInvalide as exc:
                raise CelluleInvalide(f"numéro de CQPM illisible « {texte} » : {exc.message}") from exc
            trouvee = Qualification.objects.filter(sequence=numero.sequence).first()
        ctx.qualifications[cle] = trouvee
    qualification = ctx.qualifications[cle]
    if qualification is None:
        raise CelluleInvalide(f"aucun CQPM ne porte le numéro « {texte} »")
    return qualification


def _code_departement(texte: str) -> str | None:
    try:
        return valider_departement(texte.zfill(2) if texte.isdigit() else texte)
    except NumeroInvalide:
        return None


def _centre(ctx: Contexte, texte: str) -> Organisation:
    code = _code_departement(texte)
    if code is None:
        raise CelluleInvalide(f"département illisible « {texte} » ; attendu : 69, 2A, 971…")
    if code not in ctx.centres:
        ctx.centres[code] = Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, departement=code).first()
    centre = ctx.centres[code]
    if centre is None:
        raise CelluleInvalide(f"aucune UIMM territoriale n'est enregistrée pour le département « {code} »")
    return centre


def _siret(texte: str) -> str:
    siret = re.sub(r"\s", "", texte)
    if siret.isdigit() and len(siret) < 14:
        siret = siret.zfill(14)  # a spreadsheet read the SIRET as a number and dropped its leading zeros
    return siret


def _organisation(ctx: Contexte, texte: str, type_organisation: str) -> Organisation:
    siret = _siret(texte)
    cle = (type_organisation, siret if siret.isdigit() else normaliser(texte))
    if cle not in ctx.organisations:
        qs = Organisation.objects.filter(type=type_organisation)
        trouvees = list(qs.filter(siret=siret)[:2] if siret.isdigit() else qs.filter(nom__iexact=texte)[:2])
        ctx.organisations[cle] = trouvees[0] if len(trouvees) == 1 else None
    organisation = ctx.organisations[cle]
    genre = "entreprise" if type_organisation == TypeOrganisation.ENTREPRISE else "organisme de formation"
    if organisation is None:
        raise CelluleInvalide(f"aucun(e) {genre} enregistré(e) n'est identifié(e) par « {texte} »")
    return organisation


def _blocs(ctx: Contexte, qualification: Qualification, texte: str) -> list[Bloc]:
    """Blocs by number, in the version in force today; `inscrire` checks they belong to the pinned version."""
    numeros = [n.strip().upper().removeprefix("BLOC").strip() for n in re.split(r"[,;/ ]+", texte) if n.strip()]
    if not all(n.isdigit() for n in numeros):
        raise CelluleInvalide(f"numéros de blocs illisibles « {texte} » ; attendu : 1, 2")
    version = qualification.version_courante
    if version is None:
        raise CelluleInvalide("ce CQPM n'a pas de référentiel en vigueur dont viser des blocs")
    if version.pk not in ctx.blocs:  # every bloc of the version, once per file
        ctx.blocs[version.pk] = {b.numero: b for b in Bloc.objects.filter(version=version)}
    blocs = {int(n): ctx.blocs[version.pk][int(n)] for n in numeros if int(n) in ctx.blocs[version.pk]}
    inconnus = [n for n in numeros if int(n) not in blocs]
    if inconnus:
        raise CelluleInvalide(f"bloc(s) {', '.join(inconnus)} absent(s) du référentiel en vigueur de ce CQPM")
    return [blocs[int(n)] for n in numeros]


@dataclass
class Saisie:
    """One inscription as typed in (a row of the file or the page's form), ready for the services."""

    candidat: dict[str, Any]
    qualification: Qualification
    inscription: dict[str, Any]


def interpreter(
    cellules: dict[str, Any], ctx: Contexte, numero: int | None = None
) -> tuple[Saisie | None, list[Erreur]]:
    """Cells → arguments of `creer_candidat` and `inscrire`, or the cells that cannot be read."""
    erreurs: list[Erreur] = []
    lu: dict[str, Any] = {}

    def lire(cle: str, conversion: Callable[[str], Any] | None = None) -> None:
        colonne = PAR_CLE[cle]
        brut = cellules.get(cle)
        texte = _texte(brut)
        if "\x00" in texte or len(texte) > colonne.longueur:
            erreurs.append(
                Erreur(
                    colonne.regle,
                    f"Valeur trop longue ({colonne.longueur} caractères au plus) ou illisible ({colonne.regle}).",
                    numero,
                    colonne.entete,
                    "valeur_invalide",
                )
            )
            return
        try:
            if colonne.date:
                lu[cle] = _date(brut)
            elif conversion is not None and texte:
                lu[cle] = conversion(texte)
            else:
                lu[cle] = texte
        except CelluleInvalide as exc:
            erreurs.append(
                Erreur(colonne.regle, _phrase(exc.message, colonne.regle), numero, colonne.entete, "valeur_invalide")
            )
            return
        if colonne.obligatoire and lu[cle] in ("", None) and colonne.regle != "R-REG-04":
            # État civil (R-REG-04) is left to creer_candidat, which names every missing part at once.
            erreurs.append(
                Erreur(
                    colonne.regle,
                    f"La colonne « {colonne.entete} » est obligatoire ({colonne.regle}).",
                    numero,
                    colonne.entete,
                    "valeur_absente",
                )
            )

    for cle in ("nom", "prenoms", "date_naissance", "commune_naissance", "departement_naissance"):
        lire(cle)
    lire("pays_naissance")
    lire("courriel")
    lire("qualification", lambda t: _qualification(ctx, t))
    lire("centre_examen", lambda t: _centre(ctx, t))
    lire("date_inscription")
    lire("motif_retroactivite")
    for cle in ("parcours", "voie", "type_beneficiaire", "origine", "financement", "apprenti", "accord_employeur"):
        lire(cle, lambda t, c=PAR_CLE[cle]: _choix_de(c, t))  # type: ignore[misc]
    lire("entreprise", lambda t: _organisation(ctx, t, TypeOrganisation.ENTREPRISE))
    lire("organisme_formation", lambda t: _organisation(ctx, t, TypeOrganisation.ORGANISME_FORMATION))
    if isinstance(lu.get("qualification"), Qualification):
        lire("blocs", lambda t: _blocs(ctx, lu["qualification"], t))
    if erreurs:
        return None, erreurs
    entreprise = lu["entreprise"] or None
    if entreprise is None and lu["type_beneficiaire"] != TypeBeneficiaire.DEMANDEUR_EMPLOI:
        entreprise = ctx.sienne(TypeOrganisation.ENTREPRISE)
    organisme = lu["organisme_formation"] or None
    if organisme is None and lu["voie"] == VoieInscription.ORGANISME_FORMATION:
        organisme = ctx.sienne(TypeOrganisation.ORGANISME_FORMATION)
    saisie = Saisie(
        candidat={
            "nom": lu["nom"],
            "prenoms": lu["prenoms"],
            "date_naissance": lu["date_naissance"],
            "commune_naissance": lu["commune_naissance"],
            "departement_naissance": lu["departement_naissance"],
            "pays_naissance": lu["pays_naissance"] or "France",
            "courriel": lu["courriel"],
        },
        qualification=lu["qualification"],
        inscription={
            "centre_examen": lu["centre_examen"],
            "date_inscription": lu["date_inscription"],
            "motif_retroactivite": lu["motif_retroactivite"],
            "parcours": lu["parcours"],
            "voie": lu["voie"],
            "type_beneficiaire": lu["type_beneficiaire"],
            "origine": lu["origine"],
            "financement": lu["financement"],
            "apprenti": lu["apprenti"] == "oui",
            "accord_employeur": lu["accord_employeur"] == "oui",
            "entreprise": entreprise,
            "organisme_formation": organisme,
            "blocs": lu.get("blocs") or [],
        },
    )
    return saisie, []


# Writing.


def _cle_personne(donnees: dict[str, Any]) -> tuple[str, str, datetime.date] | None:
    """Who a row names: surname key, first names (case, accents, hyphens ignored) and birth date; None when the
    row names nobody yet (no surname or no birth date: its état civil is refused later)."""
    naissance = donnees.get("date_naissance")
    if not isinstance(naissance, datetime.date) or not str(donnees.get("nom") or "").strip():
        return None
    return cle_doublon(donnees["nom"]), normaliser(str(donnees.get("prenoms") or "").replace("-", " ")), naissance


def candidats_identiques(acteur: Any, personnes: list[dict[str, Any]]) -> dict[tuple[Any, ...], Candidat]:
    """`candidat_identique` for every row of a file, in one query: per person named, the first (by number) of the
    unmerged candidates of the actor's scope with the same surname key, first names and birth date."""
    cles = {cle for cle in map(_cle_personne, personnes) if cle is not None}
    if not cles:
        return {}
    memes = services.candidats_visibles(acteur).filter(
        cle_doublon__in={c[0] for c in cles}, date_naissance__in={c[2] for c in cles}, fusionne_dans__isnull=True
    )
    trouves: dict[tuple[Any, ...], Candidat] = {}
    for candidat in memes.order_by("pk"):
        cle = (candidat.cle_doublon, normaliser(candidat.prenoms.replace("-", " ")), candidat.date_naissance)
        if cle in cles:
            trouves.setdefault(cle, candidat)
    return trouves


def candidat_identique(acteur: Any, donnees: dict[str, Any]) -> Candidat | None:
    """The same person already in the actor's scope: same surname (case, accents, hyphens ignored), first names
    and birth date. A homonym with other first names is another person: a new candidate is created."""
    cle = _cle_personne(donnees)
    return None if cle is None else candidats_identiques(acteur, [donnees]).get(cle)


def enregistrer(saisie: Saisie, *, acteur: Any) -> tuple[Inscription, bool]:
    """Create (or reuse) the candidate, then register him; returns the inscription and whether he was reused."""
    existant = candidat_identique(acteur, saisie.candidat)
    candidat = existant or services.creer_candidat(acteur=acteur, **saisie.candidat)
    inscription = services.inscrire(candidat, saisie.qualification, acteur=acteur, **saisie.inscription)
    return inscription, existant is not None


def erreurs_du_refus(exc: RegleViolee, numero: int | None) -> list[Erreur]:
    """A service's refusal placed on its column(s): one error per detail when it names several fields."""

    def entete(champ: str | None) -> str | None:
        colonne = PAR_CLE.get(CHAMP_COLONNE.get(champ or "", champ or ""))
        return colonne.entete if colonne else None

    if exc.details and all(d.get("champ") for d in exc.details):
        return [
            Erreur(exc.rule, _phrase(d["message"], exc.rule), numero, entete(d["champ"]), exc.code) for d in exc.details
        ]
    return [Erreur(exc.rule, exc.message, numero, entete(exc.champ), exc.code)]


def _rangees_plafonnees(fichier: IO[bytes]) -> list[tuple[int, list[Any]]]:
    """The non-empty rows with their number, header included; refused before any row is checked (nor any lock
    taken) when there are more than LIGNES_MAX inscriptions."""
    rangees: list[tuple[int, list[Any]]] = []
    for numero, rangee in enumerate(lire_rangees(fichier), start=1):
        if not any(_texte(c) for c in rangee):
            continue
        if len(rangees) > LIGNES_MAX:
            raise _refus(
                f"Trop de lignes : {LIGNES_MAX} inscriptions au plus par fichier ; découpez la cohorte.",
                "trop_de_lignes",
            )
        rangees.append((numero, rangee))
    return rangees


def controler(saisie: Saisie, *, acteur: Any) -> bool:
    """Every check of `enregistrer`, without writing: whether the person is already known (then reused)."""
    existant = candidat_identique(acteur, saisie.candidat)
    _controler_ligne(saisie, existant, acteur=acteur, lectures=None)
    return existant is not None


def _controler_ligne(
    saisie: Saisie, existant: Candidat | None, *, acteur: Any, lectures: services.Lectures | None
) -> tuple[Candidat | None, Inscription]:
    """The checks of `creer_candidat` (a new person: the candidate, unsaved) and of `inscrire` (the inscription,
    unsaved), reading through `lectures` what the rows of a file share."""
    nouveau = None
    if existant is None:
        valeurs, courriel = services.controler_candidat(acteur=acteur, **saisie.candidat)
        nouveau = Candidat(**valeurs, courriel=courriel)
    inscription = services.controler_inscription(
        existant, saisie.qualification, acteur=acteur, lectures=lectures, **saisie.inscription
    )
    return nouveau, inscription


def _lectures(acteur: Any, saisies: list[Saisie]) -> tuple[dict[tuple[Any, ...], Candidat], services.Lectures]:
    """The people of the file already known, and their registrations in progress: three queries for all rows."""
    existants = candidats_identiques(acteur, [s.candidat for s in saisies])
    lectures = services.Lectures()
    services.precharger_candidats(lectures, [c.pk for c in existants.values()], acteur=acteur)
    return existants, lectures


def _ecriture_groupee(acteur: Any, saisies: list[Saisie]) -> bool:
    """Whether the file can be written in bulk with the very outcome of writing it row by row: each person once
    (a person named twice is created by one row and reused by the next, whose checks see the first inscription),
    and the new candidates visible to the actor (`inscrire` checks so on each one it just created)."""
    personnes = [_cle_personne(s.candidat) for s in saisies]
    if None in personnes or len(set(personnes)) < len(personnes):
        return False
    utilisateur = acteur if getattr(acteur, "is_authenticated", False) else None
    return perimetre(acteur, Action.CONSULTER_INSCRIPTIONS).toutes or (
        utilisateur is not None and peut(utilisateur, Action.INSCRIRE_CANDIDATS)
    )


def _ecrire_en_masse(saisies: list[tuple[Ligne, Saisie]], *, acteur: Any) -> None:
    """Every row checked again inside the transaction, then written at once (`services.enregistrer_en_masse`):
    the reused candidates' rows locked first, in one order, as `inscrire` locks each one."""
    existants = candidats_identiques(acteur, [s.candidat for _, s in saisies])
    ids = [c.pk for c in existants.values()]
    verrouilles = {c.pk: c for c in Candidat.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    lectures = services.Lectures()
    services.precharger_candidats(lectures, ids, acteur=acteur)
    nouveaux: list[Candidat] = []
    prevues: list[tuple[Inscription, list[Bloc]]] = []
    for ligne, saisie in saisies:
        trouve = existants.get(_cle_personne(saisie.candidat) or ())
        existant = verrouilles.get(trouve.pk, trouve) if trouve is not None else None
        try:
            nouveau, inscription = _controler_ligne(saisie, existant, acteur=acteur, lectures=lectures)
        except RegleViolee as exc:  # the register changed since the check: report it, write nothing
            ligne.erreurs = erreurs_du_refus(exc, ligne.numero)
            raise
        candidat = existant if existant is not None else nouveau
        assert candidat is not None  # a new person when not reused
        if nouveau is not None:
            nouveaux.append(nouveau)
        inscription.candidat = candidat
        prevues.append((inscription, list(saisie.inscription.get("blocs") or [])))
        ligne.candidat_reutilise = existant is not None
    services.enregistrer_en_masse(nouveaux, prevues, acteur=acteur)
    for (ligne, _), (inscription, _) in zip(saisies, prevues, strict=True):
        ligne.inscription_id = inscription.pk


def _personne_et_cible(saisie: Saisie) -> tuple[Any, ...]:
    """Who is registered on what: the same person twice on the same target in one file is refused (R-REG-01)."""
    c = saisie.candidat
    prenoms = normaliser(str(c.get("prenoms") or "").replace("-", " "))
    blocs = tuple(sorted(b.pk for b in saisie.inscription.get("blocs") or ()))
    return (cle_doublon(str(c.get("nom") or "")), prenoms, c.get("date_naissance"), saisie.qualification.pk, blocs)


def importer(fichier: IO[bytes], *, acteur: Any, apercu: bool) -> Rapport:
    """Read the file and register each row, all or nothing; `apercu` checks everything and writes nothing.

    The row limit is checked before any row; every row is then checked by the services' own controls without a
    transaction (no write lock is held while a cohort is checked: other users keep writing). Only a valid file,
    out of preview, is written, in one transaction that runs the services again (all or nothing).
    A file-level fault (type, size, columns, too many rows) raises `RegleViolee`; row faults are in the report.
    """
    exiger(acteur, Action.INSCRIRE_CANDIDATS)
    rapport = Rapport(apercu=apercu)
    ctx = Contexte(acteur=acteur)
    rangees = _rangees_plafonnees(fichier)
    if not rangees:
        raise _refus("Le fichier ne contient pas de ligne d'en-têtes : partez du modèle à télécharger.", "vide")
    colonnes = _colonnes(rangees[0][1])
    toutes = [
        (numero, {c.cle: v for c, v in zip(colonnes, rangee, strict=False) if c is not None})
        for numero, rangee in rangees[1:]
    ]
    ctx.precharger([cellules for _, cellules in toutes])
    lues: list[tuple[Ligne, Saisie]] = []
    for numero, cellules in toutes:
        ligne = Ligne(numero, {cle: _texte(v) for cle, v in cellules.items()})
        rapport.lignes.append(ligne)
        saisie, ligne.erreurs = interpreter(cellules, ctx, numero)
        if saisie is not None:
            lues.append((ligne, saisie))
    # Who is already known, and his registrations in progress, read once for all rows; then each row in order.
    existants, lectures = _lectures(acteur, [s for _, s in lues])
    saisies: list[tuple[Ligne, Saisie]] = []
    vues: dict[tuple[Any, ...], int] = {}
    for ligne, saisie in lues:
        numero = ligne.numero
        existant = existants.get(_cle_personne(saisie.candidat) or ())
        try:
            _controler_ligne(saisie, existant, acteur=acteur, lectures=lectures)
        except RegleViolee as exc:
            ligne.erreurs = erreurs_du_refus(exc, numero)
            continue
        ligne.candidat_reutilise = existant is not None
        cle = _personne_et_cible(saisie)
        if cle in vues:
            ligne.erreurs = [
                Erreur(
                    "R-REG-01",
                    f"La même personne est déjà inscrite sur ce CQPM à la ligne {vues[cle]} du fichier : une seule "
                    "inscription en cours par candidat et par cible (R-REG-01).",
                    numero,
                    code="deja_inscrit",
                )
            ]
            continue
        vues[cle] = numero
        saisies.append((ligne, saisie))
    if not rapport.lignes:
        rapport.erreurs_fichier.append(
            Erreur(REGLE_FICHIER, "Le fichier ne contient aucune ligne d'inscription.", code="vide")
        )
    if apercu or not rapport.valide:
        return rapport
    try:
        with transaction.atomic():
            if _ecriture_groupee(acteur, [s for _, s in saisies]):
                _ecrire_en_masse(saisies, acteur=acteur)
                rapport.importe = True
                return rapport
            for ligne, saisie in saisies:
                try:
                    inscription, ligne.candidat_reutilise = enregistrer(saisie, acteur=acteur)
                except RegleViolee as exc:  # the register changed since the check: report it, write nothing
                    ligne.erreurs = erreurs_du_refus(exc, ligne.numero)
                    raise
                ligne.inscription_id = inscription.pk
    except RegleViolee:
        for ligne, _ in saisies:
            ligne.inscription_id = None
        return rapport
    rapport.importe = True
    return rapport


__all__ = [
    "COLONNES",
    "LIGNES_MAX",
    "TAILLE_MAX",
    "Erreur",
    "Ligne",
    "Rapport",
    "Saisie",
    "enregistrer",
    "importer",
    "interpreter",
    "modele_xlsx",
]


# The template.


def modele_xlsx(*, exemple_siret: str = "") -> bytes:
    """The workbook users fill: French headers, one example row, closed lists as data validations, and an « Aide »
    sheet that explains each column with its rule. `importer` reads it back as it is."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    classeur = Workbook()
    feuille = classeur.active
    assert feuille is not None
    feuille.title = "Inscriptions"
    listes = classeur.create_sheet("Listes")
    aide = classeur.create_sheet("Aide")
    gras = Font(bold=True)
    obligatoire = PatternFill("solid", fgColor="FFE699")
    exemple: dict[str, Any] = {
        "nom": "MARTIN",
        "prenoms": "Léa Marie",
        "date_naissance": datetime.date(1990, 3, 14),
        "commune_naissance": "Lyon",
        "departement_naissance": "69",
        "pays_naissance": "France",
        "courriel": "lea.martin@exemple.fr",
        "qualification": "MQ 2005 12 69 0198 R",
        "blocs": "",
        "centre_examen": "69",
        "date_inscription": None,
        "motif_retroactivite": "",
        "parcours": Parcours.FORMATION_CONTINUE.label,
        "voie": VoieInscription.ENTREPRISE.label,
        "type_beneficiaire": TypeBeneficiaire.SALARIE_METALLURGIE.label,
        "origine": Origine.SALARIE.label,
        "financement": Financement.PF.label,
        "apprenti": "Non",
        "accord_employeur": "Oui",
        "entreprise": exemple_siret,
        "organisme_formation": "",
    }
    for i, colonne in enumerate(COLONNES, start=1):
        lettre = get_column_letter(i)
        entete = feuille.cell(row=1, column=i, value=colonne.entete)
        entete.font = gras
        entete.alignment = Alignment(wrap_text=True, vertical="top")
        entete.comment = Comment(f"{colonne.aide} ({colonne.regle})", "CQPM")
        if colonne.obligatoire:
            entete.fill = obligatoire
        cellule = feuille.cell(row=2, column=i, value=exemple[colonne.cle])
        feuille.column_dimensions[lettre].width = max(16, min(40, len(colonne.entete) + 4))
        plage = f"{lettre}2:{lettre}{LIGNES_MAX + 1}"
        if colonne.texte:
            for rangee in range(2, LIGNES_MAX + 2):
                feuille.cell(row=rangee, column=i).number_format = "@"
        if colonne.date:
            for rangee in range(2, LIGNES_MAX + 2):
                feuille.cell(row=rangee, column=i).number_format = "DD/MM/YYYY"
            cellule.number_format = "DD/MM/YYYY"
        if colonne.choix:
            listes.cell(row=1, column=i, value=colonne.entete).font = gras
            for j, valeur in enumerate(colonne.valeurs_admises, start=2):
                listes.cell(row=j, column=i, value=valeur)
            fin = len(colonne.choix) + 1
            validation = DataValidation(
                type="list",
                formula1=f"=Listes!${lettre}$2:${lettre}${fin}",
                allow_blank=not colonne.obligatoire,
                showErrorMessage=True,
                errorTitle="Valeur non admise",
                error=f"Choisissez une valeur de la liste ({colonne.regle}).",
                promptTitle=colonne.entete[:32],
                prompt=colonne.aide[:255],
                showInputMessage=True,
            )
            validation.add(plage)
            feuille.add_data_validation(validation)
    feuille.freeze_panes = "A2"
    listes.sheet_state = "hidden"

    aide.append(["Import en masse des inscriptions préalables (R-REG-01)"])
    aide["A1"].font = Font(bold=True, size=14)
    for texte in (
        "Une ligne par inscription, sur la feuille « Inscriptions ». La ligne 2 est un exemple : remplacez-la ou "
        "supprimez-la.",
        f"Au plus {LIGNES_MAX} lignes et {TAILLE_MAX // 1000} Ko par fichier. Le fichier peut aussi être un CSV "
        "UTF-8 (séparateur « ; » ou « , ») avec les mêmes en-têtes.",
        "L'import est tout ou rien : une seule ligne en erreur et aucune inscription n'est enregistrée. L'aperçu "
        "montre chaque erreur avec sa ligne, sa colonne et la règle du Dispositif en cause.",
        "Un candidat déjà connu (même nom de naissance, prénoms et date de naissance) est réutilisé, pas recréé.",
    ):
        aide.append([texte])
    aide.append([])
    aide.append(["Colonne", "Obligatoire", "Règle", "Ce qu'il faut indiquer", "Valeurs admises"])
    for cellule in aide[aide.max_row]:
        cellule.font = gras
    for colonne in COLONNES:
        aide.append(
            [
                colonne.entete,
                "oui" if colonne.obligatoire else "non",
                colonne.regle,
                colonne.aide,
                " ; ".join(colonne.valeurs_admises),
            ]
        )
    for lettre, largeur in zip("ABCDE", (34, 12, 10, 80, 80), strict=True):
        aide.column_dimensions[lettre].width = largeur
    for rangee in aide.iter_rows(min_row=7):
        for cellule in rangee:
            cellule.alignment = Alignment(wrap_text=True, vertical="top")
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
