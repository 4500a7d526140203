"""Identification numbers of the CQPM register (Dispositif, section 3: R-ID-01 to R-ID-05).

This is the one place that writes, reads and checks the three numbers — CQPM (``MQ``), bloc de
compétences (``M BDC``) and certificate (``MC``) — so that models, forms and the API agree on them.
It stays free of Django so that every layer (and a plain script) can call it; the département codes the numbers
embed come from `cqpm.organisations.departements`, which organisations share.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

from cqpm.organisations.departements import DepartementInconnu, normaliser_departement

REGLE = "R-ID-05"
ANNEE_MIN = 1987
"""CQPM were instituted by the national agreement of 12 June 1987: no number can be older."""


class NumeroInvalide(ValueError):
    """A malformed number (R-ID-05); ``message`` is the French sentence shown unchanged to users."""

    code = "numero_invalide"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.rule = REGLE


@dataclass(frozen=True)
class _Genre:
    """The kind of number being checked, so that every error names it and recalls its format."""

    libelle: str
    format: str

    def erreur(self, detail: str) -> NumeroInvalide:
        return NumeroInvalide(f"{self.libelle} invalide ({REGLE}) : {detail}. Format attendu : {self.format}.")


_MQ = _Genre("Numéro MQ", "MQ AAAA MM DD NNNN [R] [I]")
_BLOC = _Genre("Numéro de bloc", "M BDCNNNN AAAA MM DD NNNN R [I]")
_MC = _Genre("Numéro de certificat", "MC AAAA MM DD NNNNN")
_NUMERO = _Genre("Numéro", f"{_MQ.format}, {_BLOC.format} ou {_MC.format}")


# Checks on values: shared by the dataclasses (built from model fields) and by the parsers.


def _verifier_annee(annee: int, genre: _Genre) -> None:
    if not ANNEE_MIN <= annee <= 9999:
        raise genre.erreur(f"l'année « {annee} » n'est pas comprise entre {ANNEE_MIN} et 9999")


def _verifier_mois(mois: int, genre: _Genre) -> None:
    if not 1 <= mois <= 12:
        raise genre.erreur(f"le mois « {mois:02d} » n'existe pas")


def _normaliser_departement(code: str, genre: _Genre) -> str:
    try:
        return normaliser_departement(code)
    except DepartementInconnu as exc:
        raise genre.erreur(exc.detail) from None


def _normaliser_departements(codes: tuple[str, ...], genre: _Genre) -> tuple[str, ...]:
    if not codes:
        raise genre.erreur("aucun département n'est indiqué")
    normalises = tuple(_normaliser_departement(code, genre) for code in codes)
    for i, code in enumerate(normalises):
        if code in normalises[:i]:
            raise genre.erreur(f"le département « {code} » figure deux fois (doublon de département)")
    return normalises


def _verifier_sequence(valeur: int, nom: str, largeur: int, genre: _Genre) -> None:
    if valeur < 1:
        raise genre.erreur(f"{nom} « {valeur:0{largeur}d} » doit valoir au moins {1:0{largeur}d}")


def valider_departement(code: str) -> str:
    """Return the normalised code (``2a`` → ``2A``) or raise :class:`NumeroInvalide` (the list of départements
    is `cqpm.organisations.departements`)."""
    try:
        return normaliser_departement(code)
    except DepartementInconnu as exc:
        raise NumeroInvalide(exc.message) from None


# The numbers.


@dataclass(frozen=True)
class NumeroMQ:
    """A CQPM number (R-ID-01); ``departements`` keeps the requesting territoriales' order."""

    annee: int
    mois: int
    departements: tuple[str, ...]
    sequence: int
    rncp: bool = False
    cqpi: bool = False

    def __post_init__(self) -> None:
        _verifier_annee(self.annee, _MQ)
        _verifier_mois(self.mois, _MQ)
        object.__setattr__(self, "departements", _normaliser_departements(tuple(self.departements), _MQ))
        _verifier_sequence(self.sequence, "la séquence nationale", 4, _MQ)

    def __str__(self) -> str:
        return f"MQ {self._corps()}"

    def _corps(self) -> str:
        """Everything after the prefix: the part a bloc number repeats (R-ID-02)."""
        suffixes = [lettre for lettre, porte in (("R", self.rncp), ("I", self.cqpi)) if porte]
        return " ".join(
            [f"{self.annee:04d}", f"{self.mois:02d}", *self.departements, f"{self.sequence:04d}", *suffixes]
        )

    def with_departements(self, *departements: str) -> NumeroMQ:
        """Same CQPM, new département(s): the resource centre changed (R-ID-03); the sequence is kept."""
        return dataclasses.replace(self, departements=departements)

    def with_suffixes(self, *, rncp: bool | None = None, cqpi: bool | None = None) -> NumeroMQ:
        """Same CQPM after an RNCP registration or CQPI listing changed; ``None`` keeps the current flag."""
        return dataclasses.replace(
            self,
            rncp=self.rncp if rncp is None else rncp,
            cqpi=self.cqpi if cqpi is None else cqpi,
        )

    def bloc(self, sequence_bloc: int) -> NumeroBloc:
        """Number of this CQPM's bloc n° ``sequence_bloc`` (the CQPM must be RNCP-registered)."""
        return NumeroBloc(sequence_bloc, self)


@dataclass(frozen=True)
class NumeroBloc:
    """A bloc de compétences number (R-ID-02): its own sequence, then the parent CQPM's number."""

    sequence_bloc: int
    cqpm: NumeroMQ

    def __post_init__(self) -> None:
        _verifier_sequence(self.sequence_bloc, "la séquence du bloc", 4, _BLOC)
        if not self.cqpm.rncp:
            raise _BLOC.erreur("le suffixe R est obligatoire, car un bloc n'existe que pour un CQPM inscrit au RNCP")

    def __str__(self) -> str:
        return f"M BDC{self.sequence_bloc:04d} {self.cqpm._corps()}"


@dataclass(frozen=True)
class NumeroCertificat:
    """A certificate number (R-ID-04): award year/month, exam centre's département, yearly sequence."""

    annee: int
    mois: int
    departement: str
    sequence: int

    def __post_init__(self) -> None:
        _verifier_annee(self.annee, _MC)
        _verifier_mois(self.mois, _MC)
        object.__setattr__(self, "departement", _normaliser_departement(self.departement, _MC))
        _verifier_sequence(self.sequence, "la séquence du certificat", 5, _MC)

    def __str__(self) -> str:
        return f"MC {self.annee:04d} {self.mois:02d} {self.departement} {self.sequence:05d}"


Numero: TypeAlias = NumeroMQ | NumeroBloc | NumeroCertificat


# Reading text: tolerant of case and spacing, strict on everything else.


def _chiffres(jeton: str) -> bool:
    """ASCII digits only: ``str.isdigit`` alone would accept « ² » or Arabic-Indic digits."""
    return jeton.isascii() and jeton.isdigit()


def _jetons(texte: str, genre: _Genre) -> list[str]:
    jetons = texte.upper().split()
    if not jetons:
        raise genre.erreur("le numéro est vide")
    return jetons


def _lire_annee(jeton: str, genre: _Genre) -> int:
    if not (_chiffres(jeton) and len(jeton) == 4):
        raise genre.erreur(f"l'année « {jeton} » doit s'écrire sur 4 chiffres")
    _verifier_annee(int(jeton), genre)
    return int(jeton)


def _lire_mois(jeton: str, genre: _Genre) -> int:
    if not (_chiffres(jeton) and len(jeton) == 2):
        raise genre.erreur(f"le mois « {jeton} » doit s'écrire sur 2 chiffres")
    _verifier_mois(int(jeton), genre)
    return int(jeton)


def _lire_sequence(jeton: str, nom: str, largeur: int, genre: _Genre) -> int:
    if not (_chiffres(jeton) and len(jeton) >= largeur):
        raise genre.erreur(f"{nom} « {jeton} » doit s'écrire sur {largeur} chiffres au moins")
    _verifier_sequence(int(jeton), nom, largeur, genre)
    return int(jeton)


def _lire_corps(jetons: list[str], genre: _Genre) -> NumeroMQ:
    """Read ``AAAA MM D1 [D2…] NNNN [R] [I]``, shared by CQPM and bloc numbers.

    The sequence is the last all-digit token of 4 digits or more: départements have at most 3
    characters, so overseas codes (971) cannot be mistaken for it.
    """
    if len(jetons) < 4:
        raise genre.erreur("le numéro est incomplet")
    annee = _lire_annee(jetons[0], genre)
    mois = _lire_mois(jetons[1], genre)
    positions = [i for i in range(2, len(jetons)) if _chiffres(jetons[i]) and len(jetons[i]) >= 4]
    if not positions:
        raise genre.erreur("la séquence nationale (4 chiffres au moins) est absente")
    fin = positions[-1]
    departements = _normaliser_departements(tuple(jetons[2:fin]), genre)
    sequence = _lire_sequence(jetons[fin], "la séquence nationale", 4, genre)
    suffixe = "".join(jetons[fin + 1 :])
    if suffixe not in ("", "R", "I", "RI"):
        raise genre.erreur(f"le suffixe « {' '.join(jetons[fin + 1 :])} » est invalide (R, I ou R I, dans cet ordre)")
    return NumeroMQ(annee, mois, departements, sequence, rncp="R" in suffixe, cqpi="I" in suffixe)


def parse_mq(texte: str) -> NumeroMQ:
    """Read a CQPM number (R-ID-01), e.g. ``mq 2011 03 2a 971 0012 ri``."""
    jetons = _jetons(texte, _MQ)
    if jetons[0] != "MQ":
        raise _MQ.erreur(f"le préfixe « {jetons[0]} » n'est pas « MQ »")
    return _lire_corps(jetons[1:], _MQ)


def parse_bloc(texte: str) -> NumeroBloc:
    """Read a bloc number (R-ID-02), e.g. ``M BDC0001 2005 12 69 0245 R``."""
    jetons = _jetons(texte, _BLOC)
    if jetons[0] != "M" or len(jetons) < 2 or not jetons[1].startswith("BDC"):
        raise _BLOC.erreur(f"le préfixe « {' '.join(jetons[:2])} » n'est pas « M BDC » suivi de la séquence")
    sequence_bloc = _lire_sequence(jetons[1].removeprefix("BDC"), "la séquence du bloc", 4, _BLOC)
    cqpm = _lire_corps(jetons[2:], _BLOC)
    return NumeroBloc(sequence_bloc, cqpm)


def parse_mc(texte: str) -> NumeroCertificat:
    """Read a certificate number (R-ID-04), e.g. ``MC 2024 06 69 00012``."""
    jetons = _jetons(texte, _MC)
    if jetons[0] != "MC":
        raise _MC.erreur(f"le préfixe « {jetons[0]} » n'est pas « MC »")
    if len(jetons) < 5:
        raise _MC.erreur("le numéro est incomplet")
    annee = _lire_annee(jetons[1], _MC)
    mois = _lire_mois(jetons[2], _MC)
    sequence = _lire_sequence(jetons[-1], "la séquence du certificat", 5, _MC)
    if len(jetons) > 5:
        raise _MC.erreur(
            f"un certificat porte un seul département (celui du centre d'examen), pas « {' '.join(jetons[3:-1])} »"
        )
    return NumeroCertificat(annee, mois, _normaliser_departement(jetons[3], _MC), sequence)


_LECTEURS: dict[str, Callable[[str], Numero]] = {"MQ": parse_mq, "M": parse_bloc, "MC": parse_mc}


def parse_numero(texte: str) -> Numero:
    """Read any of the three numbers, recognised by its prefix (a search box need not ask which)."""
    prefixe = _jetons(texte, _NUMERO)[0]
    if prefixe not in _LECTEURS:
        raise _NUMERO.erreur(f"le préfixe « {prefixe} » n'est ni MQ, ni M BDC, ni MC")
    return _LECTEURS[prefixe](texte)
