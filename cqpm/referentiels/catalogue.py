"""The public catalogue's one query service: the pages and the API both call it, so they always agree.

`rechercher()` answers the search box and its filters; `fiche()` gathers everything a qualification's page shows.
Both hide drafts from the public (a qualification in `projet` is not yet decided by the GTP, R-LC-CRE-05) and
fetch in a fixed number of queries, whatever the number of results.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone

from cqpm.comptes.permissions import Action, est_connecte, perimetre
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import Introuvable
from cqpm.referentiels.enums import Categorie, StatutQualification, StatutVersion
from cqpm.referentiels.models import (
    Activite,
    AncienNumero,
    Bloc,
    Capacite,
    CentreRessources,
    InscriptionListe,
    Qualification,
    VersionReferentiel,
)
from cqpm.referentiels.numeros import NumeroInvalide, parse_bloc, parse_mq
from cqpm.referentiels.recherche import mots, normaliser

EXPLICATIONS_CATEGORIE: dict[str, str] = {
    Categorie.A: "exigences au moins égales à celles du niveau II de la classification de la métallurgie "
    "(accord national du 21 juillet 1975).",
    Categorie.B: "exigences au moins égales à celles du niveau III de la classification de la métallurgie "
    "(accord national du 21 juillet 1975).",
    Categorie.C: "exigences au moins égales à celles du niveau IV de la classification de la métallurgie "
    "(accord national du 21 juillet 1975).",
    Categorie.C_ETOILE: "catégorie C signalée par un astérisque : dès l'obtention du CQPM, le titulaire est classé "
    "au moins au niveau IV, 3e échelon, coefficient 285, sans délai d'accès à ce classement.",
    Categorie.D: "exigences au moins égales à celles des diplômes donnant accès à la convention collective "
    "nationale des ingénieurs et cadres de la métallurgie.",
}
"""Why each category matters to a holder (accord du 13 novembre 2014, art. 10 à 13 et note 9; R-CAT-01)."""


def lecture_publique(utilisateur: Any) -> bool:
    """Drafts are for the national roles that may read them (secretariat, GTP members); everyone else reads the public
    catalogue — the pages and the API apply this same rule."""
    return not (est_connecte(utilisateur) and perimetre(utilisateur, Action.CONSULTER_BROUILLONS).toutes)


def visibles(*, public: bool = True) -> QuerySet[Qualification]:
    """Every qualification a reader may see: the public never sees drafts (status `projet`)."""
    qs = Qualification.objects.all()
    if public:
        qs = qs.exclude(statut=StatutQualification.PROJET)
    return qs


def qualification_visible(utilisateur: Any, pk: int) -> Qualification:
    """The qualification `pk` as `utilisateur` may name it (the system sees all). A draft is, for the public and
    the territoriales, exactly like an id that does not exist: same 404, same words, no title."""
    systeme = utilisateur is None or utilisateur is SYSTEME
    qualification = visibles(public=not systeme and lecture_publique(utilisateur)).filter(pk=pk).first()
    if qualification is None:
        raise Introuvable(f"La qualification n° {pk} n'existe pas ou n'est pas publiée.")
    return qualification


def _inscription_ouverte(le: datetime.date) -> Q:
    """A stay on a list covers `debut` up to the day before `fin`: withdrawn on `fin` means off the list that day."""
    return Q(debut__lte=le) & (Q(fin__isnull=True) | Q(fin__gt=le))


def numero_recherche(texte: str) -> str | None:
    """The canonical MQ number when the query is exactly one (a bloc number leads to its CQPM), else None."""
    texte = texte.strip()
    if not texte:
        return None
    try:
        return str(parse_mq(texte))
    except NumeroInvalide:
        pass
    try:
        return str(parse_bloc(texte).cqpm)
    except NumeroInvalide:
        return None


def _mots_de_recherche(texte: str) -> list[str]:
    """A number is matched as one word, without spaces, so that « R » or « 12 » alone never match anything."""
    numero = numero_recherche(texte)
    if numero is not None:
        return [normaliser(numero).replace(" ", "")]
    return mots(texte)


def rechercher(
    *,
    texte: str = "",
    categorie: str | None = None,
    liste: str | None = None,
    statut: str | None = None,
    le: datetime.date | None = None,
    public: bool = True,
) -> QuerySet[Qualification]:
    """Qualifications matching every word of `texte` and every filter given, ordered by title.

    The text is matched accent- and case-insensitively against `Qualification.texte_recherche` (titles, current
    and former numbers with or without spaces, RNCP, NSF and ROME codes). `liste` keeps those on that list on
    `le` (today by default), answering « what was on liste B on that date » (R-LIST-03). Each result carries
    `listes_en_cours`: its stays on a list open on `le`.
    """
    le = le or timezone.localdate()
    if public and statut == StatutQualification.PROJET:
        return Qualification.objects.none()
    qs = visibles(public=public)
    for mot in _mots_de_recherche(texte):
        qs = qs.filter(texte_recherche__contains=mot)
    if categorie:
        qs = qs.filter(version_courante__categorie=categorie)
    if statut:
        qs = qs.filter(statut=statut)
    if liste:
        sur_liste = InscriptionListe.objects.filter(_inscription_ouverte(le), qualification=OuterRef("pk"), liste=liste)
        qs = qs.filter(Exists(sur_liste))
    en_cours = InscriptionListe.objects.filter(_inscription_ouverte(le)).order_by("liste")
    return (
        qs.select_related("version_courante")
        .prefetch_related(Prefetch("inscriptions_listes", queryset=en_cours, to_attr="listes_en_cours"))
        .order_by("intitule", "pk")
    )


def trouver_par_numero(numero: str, *, public: bool = True) -> Qualification | None:
    """The qualification carrying `numero` now or formerly (R-ID-03), whatever its spacing or case."""
    return _portant_le_numero(visibles(public=public), numero).first()


def _compact(champ: str) -> Replace:
    return Replace(Upper(champ), Value(" "), Value(""))


def _portant_le_numero(qs: QuerySet[Qualification], numero: str) -> QuerySet[Qualification]:
    """Compared without spaces, so that « MQ200512690245R » (as in a URL) finds « MQ 2005 12 69 0245 R »."""
    canonique = numero_recherche(numero)
    compact = re.sub(r"\s+", "", canonique or numero).upper()
    if not compact.startswith("MQ"):
        return qs.none()
    anciens = AncienNumero.objects.alias(compact=_compact("numero")).filter(compact=compact).values("qualification")
    return qs.alias(numero_compact=_compact("numero")).filter(Q(numero_compact=compact) | Q(pk__in=anciens))


@dataclass(frozen=True)
class Fiche:
    """What a qualification's page shows, for its current version or for any decided one (R-REF-03)."""

    qualification: Qualification
    version: VersionReferentiel | None
    blocs: list[Bloc]
    activites: list[Activite]
    centres: list[CentreRessources]
    inscriptions: list[InscriptionListe]
    historique: list[VersionReferentiel]
    anciens_numeros: list[AncienNumero]
    version_demandee: bool = False
    """True on a version's own page (/version/<n>/), False on the qualification's main page."""

    @property
    def est_version_courante(self) -> bool:
        return self.version is not None and self.version.pk == self.qualification.version_courante_id

    @property
    def explication_categorie(self) -> str:
        return EXPLICATIONS_CATEGORIE.get(self.version.categorie, "") if self.version else ""

    @property
    def listes_en_cours(self) -> list[InscriptionListe]:
        aujourd_hui = timezone.localdate()
        return [i for i in self.inscriptions if i.debut <= aujourd_hui and (i.fin is None or i.fin > aujourd_hui)]


def fiche(qualification: int | str, *, version: int | None = None, public: bool = True) -> Fiche:
    """The page of a qualification, by id or by (current or former) MQ number; `version` picks an older one.

    The public sees decided versions only; a version decided once stays readable forever (R-REF-03).
    """
    qs = visibles(public=public).select_related("version_courante", "cqpi")
    texte = str(qualification)
    par_cle = qs.filter(pk=int(texte)) if texte.isascii() and texte.isdigit() else _portant_le_numero(qs, texte)
    trouvee = par_cle.first()
    if trouvee is None:
        raise Introuvable("Cette qualification n'existe pas ou n'est pas publiée.")

    versions = VersionReferentiel.objects.filter(qualification=trouvee)
    if public:
        versions = versions.filter(statut=StatutVersion.DECIDEE)
    montree: VersionReferentiel | None
    if version is None:
        montree = trouvee.version_courante
        if montree is not None and public and not montree.est_decidee:
            montree = None
        if montree is None and not public:
            montree = versions.order_by("-numero").first()  # a CQPM in projet: its draft, for those who may read it
    else:
        montree = versions.filter(numero=version).first()
        if montree is None:
            raise Introuvable(f"La version {version} de cette qualification n'existe pas ou n'est pas publiée.")

    blocs: list[Bloc] = []
    activites: list[Activite] = []
    if montree is not None:
        capacites = Capacite.objects.prefetch_related("modalites")
        blocs = list(montree.blocs.prefetch_related(Prefetch("capacites", queryset=capacites)))
        activites = list(montree.activites.all())
    return Fiche(
        qualification=trouvee,
        version=montree,
        blocs=blocs,
        activites=activites,
        centres=list(CentreRessources.objects.filter(qualification=trouvee).select_related("territoriale")),
        inscriptions=list(trouvee.inscriptions_listes.order_by("liste", "-debut")),
        historique=list(versions.order_by("-numero")),
        anciens_numeros=list(trouvee.anciens_numeros.all()),
        version_demandee=version is not None,
    )
