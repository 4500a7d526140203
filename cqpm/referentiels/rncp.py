"""Synchronisation with France Compétences' RNCP open data (XML flux V4.1): read, compare, then apply.

The export holds about 30,000 fiches (hundreds of MB, distributed zipped). `lire_fiches` streams it with
`iterparse` and turns each `FICHES/FICHE` into a typed `FicheRNCP`, dropping the element at once, so memory does not
grow with the file. A fiche with a malformed value becomes an `ErreurFiche` (fiche number, element path) and is
never used. `comparer` matches fiches to our qualifications by RNCP code, following the version chains, and
computes what would change without writing; `appliquer` writes it, one transaction and one audit row per
qualification. An element absent from a fiche (or an empty list) changes nothing: only values present are taken.

Security: expat (stdlib) neither fetches external entities nor lets entity expansion explode (amplification limit,
expat ≥ 2.4), but this export has no use for a DTD, so any DOCTYPE is refused before parsing (`_sans_dtd`): no
entity is ever declared, hence none expanded.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import datetime
import os
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from unidecode import unidecode

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.errors import RegleViolee
from cqpm.referentiels.models import Bloc, Qualification, ecriture_enregistrement_rncp
from cqpm.referentiels.recherche import normaliser

Source = str | os.PathLike[str] | IO[bytes]


class FichierRNCPInvalide(Exception):
    """The file as a whole cannot be read (not XML, truncated, DTD, bad zip): nothing of it is used."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# The typed fiche.

_NUMERO = re.compile(r"(RNCP|RS)(\d+)")
_CODE_BLOC = re.compile(r"RNCP(\d+)BC(\d+)")
_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
_NIVEAU = re.compile(r"(?:NIV(?:EAU)?)?([1-8])")
_NSF = re.compile(r"\d{3}[a-z]?")
_ROME = re.compile(r"[A-Z]\d{4}")
_ENTIER = re.compile(r"\d+")
_SANS_NIVEAU = {"", "AUCUN", "SANS NIVEAU"}


@dataclasses.dataclass(frozen=True)
class Certificateur:
    siret: str
    nom: str


@dataclasses.dataclass(frozen=True)
class BlocRNCP:
    code: str
    libelle: str = ""
    liste_competences: str = ""
    modalites_evaluation: str = ""

    @property
    def numero(self) -> int | None:
        """nn of RNCPxxxxxBCnn: our bloc number; None when the code does not follow that pattern."""
        m = _CODE_BLOC.fullmatch(self.code)
        return int(m[2]) if m else None


@dataclasses.dataclass(frozen=True)
class StatistiquePromotion:
    annee: int
    nombre_certifies: int | None


@dataclasses.dataclass(frozen=True)
class FicheRNCP:
    numero: str
    intitule: str = ""
    etat: str = ""
    actif: bool | None = None
    niveau: int | None = None
    codes_nsf: tuple[str, ...] = ()
    codes_rome: tuple[str, ...] = ()
    certificateurs: tuple[Certificateur, ...] = ()
    blocs: tuple[BlocRNCP, ...] = ()
    date_decision: datetime.date | None = None
    date_effet: datetime.date | None = None
    date_fin_enregistrement: datetime.date | None = None
    date_dernier_jo: datetime.date | None = None
    statistiques: tuple[StatistiquePromotion, ...] = ()
    anciennes_certifications: tuple[str, ...] = ()
    nouvelles_certifications: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The digits of an RNCP number, as `Qualification.code_rncp` holds them; "" for an RS fiche."""
        return _code(self.numero)

    def moyenne_attributions(self) -> int | None:
        """R-REP-02: mean of NOMBRE_CERTIFIES over the 5 most recent years given, rounded half up."""
        nombres: dict[int, int] = {}
        for s in self.statistiques:
            if s.nombre_certifies is not None:
                nombres.setdefault(s.annee, s.nombre_certifies)
        recents = [nombres[a] for a in sorted(nombres, reverse=True)[:5]]
        if not recents:
            return None
        return (2 * sum(recents) + len(recents)) // (2 * len(recents))


def _code(numero: str) -> str:
    m = _NUMERO.fullmatch(numero)
    return m[2] if m and m[1] == "RNCP" else ""


@dataclasses.dataclass(frozen=True)
class ErreurFiche:
    """A malformed value: the fiche it is in is not used at all (never half-applied)."""

    numero: str
    chemin: str
    valeur: str
    message: str
    certificateurs: tuple[Certificateur, ...] = ()

    def __str__(self) -> str:
        return f"{self.numero} — {self.chemin} : « {self.valeur} » {self.message}."


class _Lecture:
    """Reads the elements of one FICHE element, collecting every malformed value."""

    def __init__(self, fiche: ET.Element, numero: str) -> None:
        self.fiche = fiche
        self.numero = numero
        self.problemes: list[tuple[str, str, str]] = []

    def probleme(self, chemin: str, valeur: str, message: str) -> None:
        court = valeur if len(valeur) <= 80 else valeur[:79] + "…"
        self.problemes.append((f"FICHE/{chemin}", court, message))

    @staticmethod
    def texte(element: ET.Element | None) -> str:
        return " ".join("".join(element.itertext()).split()) if element is not None else ""

    def champ(self, chemin: str) -> str:
        return self.texte(self.fiche.find(chemin))

    def date(self, chemin: str) -> datetime.date | None:
        valeur = self.champ(chemin)
        if not valeur:
            return None
        m = _DATE.fullmatch(valeur)
        try:
            if m:
                return datetime.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            pass
        self.probleme(chemin, valeur, "n'est pas une date valide au format JJ/MM/AAAA")
        return None

    def oui_non(self, chemin: str) -> bool | None:
        valeur = self.champ(chemin)
        if not valeur:
            return None
        if valeur.lower() in ("oui", "non"):
            return valeur.lower() == "oui"
        self.probleme(chemin, valeur, "n'est ni « Oui » ni « Non »")
        return None

    def niveau(self, chemin: str) -> int | None:
        valeur = self.champ(chemin).upper()
        if valeur in _SANS_NIVEAU:
            return None
        m = _NIVEAU.fullmatch(valeur.replace(" ", ""))
        if m:
            return int(m[1])
        self.probleme(chemin, valeur, "n'est pas un niveau du cadre national (NIV1 à NIV8)")
        return None

    def codes(self, chemin: str, motif: re.Pattern[str], *, majuscules: bool, nom: str) -> tuple[str, ...]:
        codes: list[str] = []
        for i, element in enumerate(self.fiche.findall(chemin), start=1):
            brut = self.texte(element)
            code = brut.replace(" ", "")
            code = code.upper() if majuscules else code.lower()
            if not code:
                continue
            if motif.fullmatch(code):
                codes.append(code)
            else:
                self.probleme(f"{chemin}[{i}]", brut, f"n'est pas un code {nom}")
        return tuple(dict.fromkeys(codes))

    def entier(self, element: ET.Element, balise: str, chemin: str) -> int | None:
        valeur = self.texte(element.find(balise))
        if not valeur:
            return None
        if _ENTIER.fullmatch(valeur.replace(" ", "")):
            return int(valeur.replace(" ", ""))
        self.probleme(chemin, valeur, "n'est pas un nombre entier")
        return None

    def statistiques(self) -> tuple[StatistiquePromotion, ...]:
        stats = []
        chemin = "STATISTIQUES_PROMOTIONS/STATISTIQUES_PROMOTION"
        for i, element in enumerate(self.fiche.findall(chemin), start=1):
            annee = self.entier(element, "ANNEE", f"{chemin}[{i}]/ANNEE")
            nombre = self.entier(element, "NOMBRE_CERTIFIES", f"{chemin}[{i}]/NOMBRE_CERTIFIES")
            if annee is None:
                if nombre is not None:
                    self.probleme(f"{chemin}[{i}]/ANNEE", "", "manque : un nombre de certifiés sans année")
                continue
            stats.append(StatistiquePromotion(annee, nombre))
        return tuple(stats)

    def chaine(self, chemin: str) -> tuple[str, ...]:
        """Numbers of a version chain, whatever the nesting (…/ANCIENNE_CERTIFICATION/ID_FICHE_…)."""
        texte = " ".join(" ".join(e.itertext()) for e in self.fiche.findall(chemin)).upper()
        return tuple(dict.fromkeys(f"{p}{n}" for p, n in re.findall(r"\b(RNCP|RS)\s*(\d+)\b", texte)))


def _certificateurs(fiche: ET.Element) -> tuple[Certificateur, ...]:
    return tuple(
        Certificateur(
            siret=re.sub(r"\s", "", _Lecture.texte(c.find("SIRET_CERTIFICATEUR"))),
            nom=_Lecture.texte(c.find("NOM_CERTIFICATEUR")),
        )
        for c in fiche.findall("CERTIFICATEURS/CERTIFICATEUR")
    )


def _lire_fiche(element: ET.Element, position: int) -> FicheRNCP | list[ErreurFiche]:
    certificateurs = _certificateurs(element)
    brut = _Lecture.texte(element.find("NUMERO_FICHE"))
    numero = brut.replace(" ", "").upper()
    if not _NUMERO.fullmatch(numero):
        libelle = f"fiche n° {position} du fichier"
        message = "n'est pas un numéro de fiche (RNCP ou RS suivi de chiffres)" if brut else "manque"
        return [ErreurFiche(libelle, "FICHE/NUMERO_FICHE", brut, message, certificateurs)]
    lec = _Lecture(element, numero)
    blocs = tuple(
        BlocRNCP(
            code=lec.texte(b.find("CODE")).replace(" ", "").upper(),
            libelle=lec.texte(b.find("LIBELLE")),
            liste_competences=lec.texte(b.find("LISTE_COMPETENCES")),
            modalites_evaluation=lec.texte(b.find("MODALITES_EVALUATION")),
        )
        for b in element.findall("BLOCS_COMPETENCES/BLOC_COMPETENCES")
    )
    fiche = FicheRNCP(
        numero=numero,
        intitule=lec.champ("INTITULE"),
        etat=lec.champ("ETAT_FICHE"),
        actif=lec.oui_non("ACTIF"),
        niveau=lec.niveau("NOMENCLATURE_EUROPE/NIVEAU"),
        codes_nsf=lec.codes("CODES_NSF/NSF/CODE", _NSF, majuscules=False, nom="NSF"),
        codes_rome=lec.codes("CODES_ROME/ROME/CODE", _ROME, majuscules=True, nom="ROME"),
        certificateurs=certificateurs,
        blocs=blocs,
        date_decision=lec.date("DATE_DECISION"),
        date_effet=lec.date("DATE_EFFET"),
        date_fin_enregistrement=lec.date("DATE_FIN_ENREGISTREMENT"),
        date_dernier_jo=lec.date("DATE_DERNIER_JO"),
        statistiques=lec.statistiques(),
        anciennes_certifications=lec.chaine("ANCIENNES_CERTIFICATIONS"),
        nouvelles_certifications=lec.chaine("NOUVELLES_CERTIFICATIONS"),
    )
    if lec.problemes:
        return [
            ErreurFiche(numero, chemin, valeur, message, certificateurs) for chemin, valeur, message in lec.problemes
        ]
    return fiche


# Reading the file: zip member or plain XML, DTD refused, streamed.

_TETE_MAX = 1 << 20
_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
_ENCODAGES = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)


def _texte_de_tete(tete: bytes) -> str:
    """The head as text, only to look at its markup: ASCII-compatible encodings are read byte for byte."""
    for signature, encodage in _ENCODAGES:
        if tete.startswith(signature):
            return tete.decode(encodage, errors="ignore")
    return tete.decode("latin-1")


def _racine_atteinte(tete: bytes, fin: bool) -> bool:
    """True once the head reaches the root element; refuses a DOCTYPE (or any declaration) before it."""
    texte = _texte_de_tete(tete).lstrip("\ufeff")
    position = 0
    while m := _PROLOGUE.match(texte, position):
        position = m.end()
    reste = texte[position:].lstrip()
    if not reste or reste.startswith(("<?", "<!--")) or "<!--".startswith(reste):
        return fin
    if reste.startswith("<!"):
        raise FichierRNCPInvalide(
            "Fichier RNCP refusé : il déclare un type de document (DOCTYPE/DTD). L'export de France Compétences "
            "n'en contient pas, et une DTD peut déclarer des entités XML malveillantes (« billion laughs »)."
        )
    if not reste.startswith("<"):
        # Markup this scan cannot read (an encoding such as EBCDIC) could hide a DTD from it.
        raise FichierRNCPInvalide("Fichier RNCP refusé : contenu illisible avant l'élément racine (encodage ?).")
    return True


class _SansDtd:
    """The stream, its head checked for a DTD (see `_racine_atteinte`), then replayed to the parser."""

    def __init__(self, flux: IO[bytes]) -> None:
        tete = b""
        while True:
            morceau = flux.read(64 * 1024)
            tete += morceau
            if _racine_atteinte(tete, fin=not morceau):
                break
            if len(tete) > _TETE_MAX:
                raise FichierRNCPInvalide("Fichier RNCP refusé : plus de 1 Mio avant l'élément racine.")
        self._tete = tete
        self._flux = flux

    def read(self, taille: int = -1) -> bytes:
        if not self._tete:
            return self._flux.read(taille)
        if taille < 0:
            donnees, self._tete = self._tete + self._flux.read(), b""
        else:
            donnees, self._tete = self._tete[:taille], self._tete[taille:]
        return donnees


@contextlib.contextmanager
def ouvrir(source: Source) -> Iterator[IO[bytes]]:
    """A binary stream of the XML: the file itself, or the one XML member of a zip, decompressed on the fly."""
    if not isinstance(source, str | os.PathLike):
        yield source
        return
    chemin = Path(source)
    try:
        if not zipfile.is_zipfile(chemin):
            with chemin.open("rb") as flux:
                yield flux
            return
        with zipfile.ZipFile(chemin) as archive:
            membres = [i.filename for i in archive.infolist() if i.filename.lower().endswith(".xml")]
            if len(membres) != 1:
                trouves = ", ".join(membres) or "aucun"
                raise FichierRNCPInvalide(
                    f"L'archive {chemin.name} doit contenir exactement un fichier XML (trouvé : {trouves})."
                )
            with archive.open(membres[0]) as flux:
                yield flux
    except (OSError, zipfile.BadZipFile) as exc:
        raise FichierRNCPInvalide(f"Lecture impossible de {chemin} : {getattr(exc, 'strerror', None) or exc}.") from exc


def lire_fiches(source: Source, *, erreurs: list[ErreurFiche] | None = None) -> Iterator[FicheRNCP]:
    """Stream the fiches of an RNCP export (XML, or zip holding it), in file order, memory flat.

    A fiche with a malformed value is not yielded: its problems go to `erreurs`, or, without that list, raise
    `FichierRNCPInvalide`. A file-level problem (not XML, truncated, DTD) always raises `FichierRNCPInvalide`.
    """
    with ouvrir(source) as flux:
        pile: list[ET.Element] = []
        position = 0
        try:
            for evenement, element in ET.iterparse(_SansDtd(flux), events=("start", "end")):
                if evenement == "start":
                    pile.append(element)
                    continue
                pile.pop()
                if element.tag != "FICHE" or not pile or pile[-1].tag != "FICHES":
                    continue
                position += 1
                lue = _lire_fiche(element, position)
                pile[-1].remove(element)
                element.clear()
                if isinstance(lue, FicheRNCP):
                    yield lue
                elif erreurs is None:
                    raise FichierRNCPInvalide(f"Fiche mal formée : {lue[0]}")
                else:
                    erreurs.extend(lue)
        except ET.ParseError as exc:
            ligne, colonne = exc.position
            raise FichierRNCPInvalide(
                f"Fichier RNCP illisible : XML mal formé ligne {ligne}, colonne {colonne} ({exc.msg.split(':')[0]})."
            ) from exc
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            raise FichierRNCPInvalide(f"Fichier RNCP illisible : {exc}.") from exc


# Recognising our certifier.


def _nom_normalise(nom: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", unidecode(nom).lower()).split())


class Certificateurs:
    """Our certifier: SIRETs of the setting RNCP_SIRETS_CERTIFICATEUR, else a name matching RNCP_NOM_CERTIFICATEUR."""

    def __init__(self) -> None:
        self.sirets = frozenset(settings.RNCP_SIRETS_CERTIFICATEUR)
        self.motif = re.compile(settings.RNCP_NOM_CERTIFICATEUR)

    def est_notre(self, certificateur: Certificateur) -> bool:
        if self.sirets and certificateur.siret:
            return certificateur.siret in self.sirets
        return bool(self.motif.search(_nom_normalise(certificateur.nom)))

    def un_est_notre(self, certificateurs: Iterable[Certificateur]) -> bool:
        return any(self.est_notre(c) for c in certificateurs)


# Comparing: what would change, written nowhere.


def libelle_champ(modele: type[Qualification] | type[Bloc], champ: str) -> str:
    return str(getattr(modele._meta.get_field(champ), "verbose_name", champ))


@dataclasses.dataclass
class ChangementsBloc:
    bloc_id: int
    numero: int
    champs: dict[str, tuple[Any, Any]]


@dataclasses.dataclass
class DiffQualification:
    """One qualification against its fiche: field → (ours, RNCP's), plus what is only reported."""

    qualification_id: int
    libelle: str
    fiche: str
    champs: dict[str, tuple[Any, Any]] = dataclasses.field(default_factory=dict)
    blocs: list[ChangementsBloc] = dataclasses.field(default_factory=list)
    signalements: list[str] = dataclasses.field(default_factory=list)
    erreurs: list[str] = dataclasses.field(default_factory=list)

    @property
    def a_des_changements(self) -> bool:
        return bool(self.champs or self.blocs)


@dataclasses.dataclass
class RapportRNCP:
    fiches_lues: int = 0
    qualifications: list[DiffQualification] = dataclasses.field(default_factory=list)
    erreurs: list[ErreurFiche] = dataclasses.field(default_factory=list)
    erreurs_ignorees: int = 0
    autres_certificateurs: int = 0
    certificateur_different: list[str] = dataclasses.field(default_factory=list)
    inconnues: list[str] = dataclasses.field(default_factory=list)
    absentes: list[str] = dataclasses.field(default_factory=list)

    @property
    def a_appliquer(self) -> list[DiffQualification]:
        return [d for d in self.qualifications if d.a_des_changements]


def _plus_recente(fiches: Iterable[FicheRNCP]) -> FicheRNCP:
    return max(fiches, key=lambda f: (f.date_effet or f.date_decision or datetime.date.min, int(f.code)))


def _suivre_chaine(code: str, retenues: dict[str, FicheRNCP], suivantes: dict[str, set[str]]) -> FicheRNCP | None:
    """The newest registration reachable from `code` through ANCIENNES/NOUVELLES_CERTIFICATIONS."""
    vus = {code}
    while candidates := [retenues[s] for s in suivantes.get(code, ()) if s in retenues and s not in vus]:
        code = _plus_recente(candidates).code
        vus.add(code)
    return retenues.get(code)


def _codes_rncp(numeros: Iterable[str]) -> list[str]:
    return [c for c in (_code(n) for n in numeros) if c]


def _chiffres(code_rncp: str) -> str:
    return re.sub(r"\D", "", code_rncp)


def _valeurs(q: Qualification, fiche: FicheRNCP) -> dict[str, Any]:
    """What the sync writes: the RNCP registration, never the title nor the referential content.

    None where the fiche gives nothing (absent element or empty list): that field is left as it is.
    """
    anciens = [*q.rncp_codes_anciens, *_codes_rncp(fiche.anciennes_certifications)]
    if _chiffres(q.code_rncp) != fiche.code:
        anciens.append(_chiffres(q.code_rncp))
    anciens = [c for c in dict.fromkeys(anciens) if c != fiche.code]
    return {
        "code_rncp": fiche.code,
        "rncp_date_arrete": fiche.date_decision,
        "rncp_date_jo": fiche.date_dernier_jo,
        "rncp_debut": fiche.date_effet,
        "rncp_fin": fiche.date_fin_enregistrement,
        "codes_nsf": list(fiche.codes_nsf) or None,
        "codes_rome": list(fiche.codes_rome) or None,
        "rncp_niveau": fiche.niveau,
        "rncp_actif": fiche.actif,
        "rncp_etat": fiche.etat or None,
        "attributions_annuelles_moyennes": fiche.moyenne_attributions(),
        "rncp_codes_anciens": anciens,
    }


def _date_bloc(bloc: Bloc, code: str, fiche: FicheRNCP) -> datetime.date | None:
    """A bloc's registration date is that of its current RNCP code: taken for a new code, kept on a renewal of
    the same code (unless the fiche gives an earlier one), so the bloc stays applicable since it was (R-LC-CRE-06)."""
    if fiche.date_effet is None:
        return bloc.date_enregistrement_rncp
    if bloc.code_rncp.upper() != code or bloc.date_enregistrement_rncp is None:
        return fiche.date_effet
    return min(bloc.date_enregistrement_rncp, fiche.date_effet)


def _comparer_blocs(diff: DiffQualification, blocs: dict[int, Bloc], fiche: FicheRNCP) -> None:
    vus: set[int] = set()
    for b in fiche.blocs:
        numero = b.numero
        if numero is None:
            diff.signalements.append(f"bloc « {b.code} » de la fiche : code non reconnu (attendu RNCP…BCnn), ignoré")
            continue
        bloc = blocs.get(numero)
        if bloc is None:
            diff.signalements.append(f"bloc {b.code} de la fiche : pas de bloc {numero} dans la version en vigueur")
            continue
        vus.add(numero)
        nouveaux = {"code_rncp": b.code, "date_enregistrement_rncp": _date_bloc(bloc, b.code, fiche)}
        champs = {c: (getattr(bloc, c), v) for c, v in nouveaux.items() if v is not None and v != getattr(bloc, c)}
        if champs:
            diff.blocs.append(ChangementsBloc(bloc.pk, numero, champs))
        if b.libelle and normaliser(b.libelle) != normaliser(bloc.intitule):
            diff.signalements.append(
                f"bloc {numero} : libellé RNCP « {b.libelle} » différent du nôtre « {bloc.intitule} » (non repris)"
            )
    if fiche.blocs:
        for numero in sorted(set(blocs) - vus):
            diff.signalements.append(f"bloc {numero} de la version en vigueur : absent de la fiche {fiche.numero}")


def _comparer_une(q: Qualification, fiche: FicheRNCP, blocs: dict[int, Bloc] | None) -> DiffQualification:
    diff = DiffQualification(q.pk, str(q), fiche.numero)
    for champ, apres in _valeurs(q, fiche).items():
        avant = getattr(q, champ)
        if apres is not None and apres != avant:
            diff.champs[champ] = (avant, apres)
    if fiche.code != _chiffres(q.code_rncp):
        diff.signalements.append(
            f"nouvel enregistrement RNCP : la fiche RNCP{_chiffres(q.code_rncp)} est remplacée par {fiche.numero} "
            "(chaîne des anciennes/nouvelles certifications) ; le code RNCP est repris"
        )
    for nouvelle in fiche.nouvelles_certifications:
        diff.signalements.append(
            f"la fiche {fiche.numero} annonce une nouvelle certification {nouvelle}, absente du fichier, illisible "
            "ou d'un autre certificateur : à vérifier"
        )
    if fiche.intitule and normaliser(q.intitule) not in normaliser(fiche.intitule):
        diff.signalements.append(
            f"intitulé RNCP « {fiche.intitule} » différent du nôtre (non repris : le référentiel n'est jamais "
            "renommé depuis le RNCP)"
        )
    debut = diff.champs.get("rncp_debut", (None, q.rncp_debut))[1]
    fin = diff.champs.get("rncp_fin", (None, q.rncp_fin))[1]
    if debut and fin and fin < debut:
        diff.erreurs.append(f"la fin de l'enregistrement ({fin:%d/%m/%Y}) précède son début ({debut:%d/%m/%Y})")
    if blocs is None:
        if fiche.blocs:
            diff.signalements.append("pas de version en vigueur : les blocs ne sont pas mis à jour")
    else:
        _comparer_blocs(diff, blocs, fiche)
    return diff


def comparer(fiches: Iterable[FicheRNCP], *, erreurs: Iterable[ErreurFiche] = ()) -> RapportRNCP:
    """Match the fiches to our qualifications and compute the changes, writing nothing.

    A qualification follows its fiche's version chain to the newest registration of our certifier. Fiches of
    other certifiers are only counted, except one carrying one of our codes, which is reported and not used.
    `erreurs` is read after `fiches` is exhausted, so it may be the list `lire_fiches` is filling.
    """
    nos_certificateurs = Certificateurs()
    par_code: dict[str, list[Qualification]] = {}
    for q in Qualification.objects.exclude(code_rncp="").order_by("numero", "pk"):
        par_code.setdefault(_chiffres(q.code_rncp), []).append(q)
    rapport = RapportRNCP()
    retenues: dict[str, FicheRNCP] = {}
    autre_certificateur: set[str] = set()
    for fiche in fiches:
        rapport.fiches_lues += 1
        anciens = _codes_rncp(fiche.anciennes_certifications)
        if fiche.code and nos_certificateurs.un_est_notre(fiche.certificateurs):
            retenues[fiche.code] = fiche
        elif concernees := [q for c in (fiche.code, *anciens) for q in par_code.get(c, [])]:
            noms = ", ".join(f"« {c.nom} »" for c in fiche.certificateurs) or "aucun certificateur"
            for q in concernees:
                autre_certificateur.add(_chiffres(q.code_rncp))
                rapport.certificateur_different.append(
                    f"{fiche.numero} ({noms}) porte ou remplace le code RNCP{_chiffres(q.code_rncp)} de {q} : "
                    "non appliquée"
                )
        else:
            rapport.autres_certificateurs += 1
    suivantes: dict[str, set[str]] = {}
    for fiche in retenues.values():
        for ancien in _codes_rncp(fiche.anciennes_certifications):
            suivantes.setdefault(ancien, set()).add(fiche.code)
        suivantes.setdefault(fiche.code, set()).update(_codes_rncp(fiche.nouvelles_certifications))

    erreurs = list(erreurs)
    codes_en_erreur: set[str] = set()
    for erreur in erreurs:
        code = _code(erreur.numero)
        if code in par_code or nos_certificateurs.un_est_notre(erreur.certificateurs):
            rapport.erreurs.append(erreur)
            codes_en_erreur.add(code)
        else:
            rapport.erreurs_ignorees += 1
    rapport.fiches_lues += len({e.numero for e in erreurs})

    appariees: list[tuple[Qualification, FicheRNCP]] = []
    utilisees: set[str] = set()
    for code, qualifications in par_code.items():
        fiche_retenue = _suivre_chaine(code, retenues, suivantes)
        for q in qualifications:
            if fiche_retenue is not None:
                appariees.append((q, fiche_retenue))
                utilisees.add(fiche_retenue.code)
            elif code not in codes_en_erreur and code not in autre_certificateur:
                rapport.absentes.append(f"{q} (RNCP{code})")
    versions = [q.version_courante_id for q, _ in appariees if q.version_courante_id is not None]
    blocs_par_version: dict[int, dict[int, Bloc]] = {v: {} for v in versions}
    for bloc in Bloc.objects.filter(version_id__in=versions):
        blocs_par_version[bloc.version_id][bloc.numero] = bloc
    for q, fiche in appariees:
        blocs = blocs_par_version.get(q.version_courante_id) if q.version_courante_id is not None else None
        rapport.qualifications.append(_comparer_une(q, fiche, blocs))
    rapport.inconnues = [
        f"{f.numero} « {f.intitule} »" if f.intitule else f.numero
        for code, f in sorted(retenues.items(), key=lambda e: int(e[0]))
        if f.actif is not False and code not in utilisees and not any(s in retenues for s in suivantes.get(code, ()))
    ]
    return rapport


def analyser(source: Source) -> RapportRNCP:
    """Read an RNCP export (XML or zip) and compare it with the register, writing nothing."""
    erreurs: list[ErreurFiche] = []
    return comparer(lire_fiches(source, erreurs=erreurs), erreurs=erreurs)


# Applying: one transaction and one audit row per qualification.


@dataclasses.dataclass
class ResultatApplication:
    appliquees: list[DiffQualification] = dataclasses.field(default_factory=list)
    echecs: list[tuple[DiffQualification, str]] = dataclasses.field(default_factory=list)


class _Perimee(Exception):
    """The register changed since the comparison: the diff's "old" values are no longer the stored ones."""


def _json(valeur: Any) -> Any:
    return valeur.isoformat() if isinstance(valeur, datetime.date) else valeur


def _appliquer_une(diff: DiffQualification, acteur: Any) -> None:
    with transaction.atomic():
        q = Qualification.objects.select_for_update().get(pk=diff.qualification_id)
        for champ, (avant, apres) in diff.champs.items():
            if getattr(q, champ) != avant:
                raise _Perimee(f"{libelle_champ(Qualification, champ)} a changé depuis l'analyse ; relancez l'import")
            setattr(q, champ, apres)
        q.save()
        blocs = Bloc.objects.select_for_update().in_bulk([c.bloc_id for c in diff.blocs])
        with ecriture_enregistrement_rncp():
            for changement in diff.blocs:
                bloc = blocs.get(changement.bloc_id)
                if bloc is None or any(getattr(bloc, c) != avant for c, (avant, _) in changement.champs.items()):
                    raise _Perimee(f"le bloc {changement.numero} a changé depuis l'analyse ; relancez l'import")
                for champ, (_, apres) in changement.champs.items():
                    setattr(bloc, champ, apres)
                bloc.save(update_fields=list(changement.champs))
        avant_json: dict[str, Any] = {c: _json(a) for c, (a, _) in diff.champs.items()}
        apres_json: dict[str, Any] = {c: _json(n) for c, (_, n) in diff.champs.items()}
        for changement in diff.blocs:
            cle = f"bloc {changement.numero}"
            avant_json[cle] = {c: _json(a) for c, (a, _) in changement.champs.items()}
            apres_json[cle] = {c: _json(n) for c, (_, n) in changement.champs.items()}
        apres_json["fiche"] = diff.fiche
        journaliser(
            acteur=acteur,
            action=EvenementAudit.QUALIFICATION_SYNCHRONISATION_RNCP,
            objet=q,
            avant=avant_json,
            apres=apres_json,
            regle="R-REF-04",
        )


def appliquer(rapport: RapportRNCP, *, acteur: Any) -> ResultatApplication:
    """Write the changes of `rapport`, each qualification in its own transaction (all of it or nothing of it).

    A qualification whose diff carries an error, or whose stored values changed since `comparer`, is not written.
    """
    exiger(acteur, Action.IMPORTER_REFERENTIEL)
    resultat = ResultatApplication()
    for diff in rapport.a_appliquer:
        if diff.erreurs:
            resultat.echecs.append((diff, " ; ".join(diff.erreurs)))
            continue
        try:
            _appliquer_une(diff, acteur)
        except (_Perimee, RegleViolee, ValidationError, DatabaseError) as exc:
            resultat.echecs.append((diff, getattr(exc, "message", None) or str(exc)))
        else:
            resultat.appliquees.append(diff)
    return resultat


# Describing, in French, for the command.


def valeur_lisible(valeur: Any) -> str:
    if valeur is None or valeur == "" or valeur == []:
        return "(vide)"
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime.date):
        return f"{valeur:%d/%m/%Y}"
    if isinstance(valeur, list):
        return ", ".join(str(v) for v in valeur)
    return str(valeur)


def _nombre(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def lignes_diff(diff: DiffQualification) -> Iterator[str]:
    yield f"{diff.libelle} — fiche {diff.fiche}"
    for champ, (avant, apres) in diff.champs.items():
        yield f"  {libelle_champ(Qualification, champ)} : {valeur_lisible(avant)} → {valeur_lisible(apres)}"
    for changement in diff.blocs:
        for champ, (avant, apres) in changement.champs.items():
            libelle = libelle_champ(Bloc, champ)
            yield f"  bloc {changement.numero}, {libelle} : {valeur_lisible(avant)} → {valeur_lisible(apres)}"
    for erreur in diff.erreurs:
        yield f"  ERREUR, non appliquée : {erreur}"
    for signalement in diff.signalements:
        yield f"  (signalé) {signalement}"


def decrire(rapport: RapportRNCP) -> Iterator[str]:
    """The dry-run report: per qualification `champ : ancien → nouveau`, then what was skipped or refused."""
    yield (
        f"{_nombre(rapport.fiches_lues)} fiche(s) lue(s) ; {_nombre(rapport.autres_certificateurs)} fiche(s) "
        f"d'autres certificateurs ignorée(s) ; {len(rapport.qualifications)} qualification(s) rapprochée(s)."
    )
    a_jour = 0
    for diff in rapport.qualifications:
        if diff.a_des_changements or diff.erreurs or diff.signalements:
            yield ""
            yield from lignes_diff(diff)
        else:
            a_jour += 1
    if a_jour:
        yield ""
        yield f"{a_jour} qualification(s) déjà à jour."
    sections = (
        ("Fiches d'un autre certificateur portant un de nos codes (non appliquées)", rapport.certificateur_different),
        ("Erreurs (fiches non appliquées)", [str(e) for e in rapport.erreurs]),
        ("Qualifications à code RNCP absentes du fichier", rapport.absentes),
        ("Fiches actives de notre certificateur sans qualification correspondante", rapport.inconnues),
    )
    for titre, lignes in sections:
        if lignes:
            yield ""
            yield f"{titre} : {len(lignes)}"
            yield from (f"  {ligne}" for ligne in lignes)
    if rapport.erreurs_ignorees:
        yield ""
        yield f"{_nombre(rapport.erreurs_ignorees)} valeur(s) mal formée(s) dans des fiches d'autres certificateurs."
