"""Hypothesis strategy: valid exchange documents in the exact (canonical) form the exporter writes."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

from cqpm.referentiels.enums import Categorie, Modalite
from cqpm.referentiels.numeros import NumeroMQ

DEPARTEMENTS = ["69", "13", "2A", "971"]
"""The territoriales of the `territoriales` fixture."""

_caracteres = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
titres = st.text(_caracteres, min_size=1, max_size=40).filter(lambda t: bool(t.strip()))
textes = st.text(_caracteres, max_size=60)
dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2035, 12, 31))
jours = st.integers(0, 900).map(lambda n: datetime.timedelta(days=n))
evaluations = st.lists(
    st.sampled_from([Modalite.SITUATION_REELLE, Modalite.PROJETS, Modalite.SITUATION_RECONSTITUEE]),
    min_size=1,
    unique=True,
)


def _iso(d: datetime.date | None) -> str | None:
    return d.isoformat() if d else None


@st.composite
def _modalites(draw: st.DrawFn) -> list[str]:
    if draw(st.booleans()) and draw(st.booleans()):
        return []
    choisies = set(draw(evaluations)) | ({Modalite.AVIS_ENTREPRISE} if draw(st.booleans()) else set())
    return [m.value for m in Modalite if m in choisies]


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    statut = draw(st.sampled_from(["projet", "en_vigueur", "en_veille", "supprimee"]))
    projet = statut == "projet"
    creation = draw(dates)
    departements = draw(st.lists(st.sampled_from(DEPARTEMENTS), min_size=1, max_size=2, unique=True))
    sequence = draw(st.integers(1, 4999))
    rncp = not projet and draw(st.booleans())
    numero = NumeroMQ(creation.year, creation.month, tuple(departements), sequence, rncp=rncp)
    ailleurs = next(d for d in DEPARTEMENTS if d not in departements)
    anciens = []
    if not projet and draw(st.booleans()):
        ancien = numero.with_departements(ailleurs)
        anciens = [{"numero": str(ancien), "remplace_le": (creation + draw(jours)).isoformat()}]
    listes: list[dict[str, Any]] = []
    if not projet and draw(st.booleans()):
        fin = None if statut == "en_vigueur" else creation + draw(jours) + datetime.timedelta(days=1)
        listes.append({"liste": "A", "debut": creation.isoformat(), "fin": _iso(fin), "motif": draw(textes)[:300]})
        if draw(st.booleans()):
            listes.append({"liste": "B", "debut": creation.isoformat(), "fin": _iso(fin), "motif": ""})
    rncp_debut = creation + draw(jours) if rncp else None
    decidee = not projet and draw(st.booleans())
    decision = creation + draw(jours)
    nb_capacites = 0
    blocs = []
    for b in range(1, draw(st.integers(0 if not decidee else 1, 3)) + 1):
        capacites = []
        for _ in range(draw(st.integers(1, 3))):
            nb_capacites += 1
            capacites.append(
                {
                    "numero": nb_capacites,
                    "intitule": draw(titres),
                    "conditions_realisation": draw(textes),
                    "criteres_evaluation": draw(textes),
                    "modalites": draw(_modalites()),
                }
            )
        blocs.append(
            {
                "numero": b,
                "intitule": draw(titres),
                "code_rncp": f"RNCP{sequence}BC{b:02d}" if rncp else "",
                "numero_bdc": str(numero.bloc(b)) if rncp and draw(st.booleans()) else "",
                "date_enregistrement_rncp": _iso(rncp_debut),
                "capacites": capacites,
            }
        )
    intitule = draw(titres)
    return {
        "format": "cqpm-referentiel/1",
        "qualification": {
            "type": draw(st.sampled_from(["CQPM", "CQPI"])),
            "intitule": intitule,
            "numero": None if projet else str(numero),
            "statut": statut,
            "date_creation": None if projet else creation.isoformat(),
            "centres_ressources": departements,
            "anciens_numeros": anciens,
            "cqpi": None,
            "rncp": {
                "code": str(sequence),
                "date_arrete": _iso(rncp_debut - datetime.timedelta(days=14)) if rncp_debut else None,
                "date_jo": _iso(rncp_debut),
                "debut": _iso(rncp_debut),
                "fin": _iso(rncp_debut.replace(year=rncp_debut.year + 5, day=min(rncp_debut.day, 28)))
                if rncp_debut
                else None,
            }
            if rncp
            else None,
            "codes_nsf": draw(st.lists(st.sampled_from(["200u", "251s", "254s"]), max_size=2, unique=True)),
            "codes_rome": draw(st.lists(st.sampled_from(["H2906", "H2903", "I1304"]), max_size=2, unique=True)),
            "attributions_annuelles_moyennes": draw(st.none() | st.integers(0, 5000)),
            "listes": listes,
        },
        "version": {
            "numero": draw(st.integers(1, 9)),
            "statut": "decidee" if decidee else "brouillon",
            "en_vigueur": decidee and draw(st.booleans()),
            "intitule": draw(titres) if draw(st.booleans()) else intitule,
            "categorie": draw(st.sampled_from(Categorie.values)) if decidee else draw(st.sampled_from(["", "B"])),
            "date_decision": decision.isoformat() if decidee else None,
            "date_application": (decision + draw(jours)).isoformat() if decidee else None,
            "referentiel_activites": {
                "mission": draw(textes),
                "activites": [
                    {"code": f"A{i}", "libelle": draw(titres)} for i in range(1, draw(st.integers(0, 4)) + 1)
                ],
                "environnement_travail": draw(textes),
                "interactions": draw(textes),
                "secteurs_emplois": draw(textes),
            },
            "conditions_admissibilite": draw(textes),
            "blocs": blocs,
        },
    }
