"""Helpers of the award tests: a jury signed through the jury services (targets computed from real results), the
GTP secretariat, a séance, a complete transmission."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile

from cqpm.attributions import services
from cqpm.attributions.enums import NaturePiece
from cqpm.attributions.models import Certificat, DemandeAttribution
from cqpm.candidats.models import Inscription
from cqpm.comptes.enums import Role
from cqpm.evaluations import services as evaluations
from cqpm.gtp.models import Seance
from cqpm.jurys import services as jurys
from cqpm.jurys.models import CandidatJury, Jury
from cqpm.referentiels.enums import TypeQualification
from tests.evaluations import outils as ev
from tests.factories import QualificationFactory, UtilisateurFactory, verifie_par_otp
from tests.jurys import outils as jo

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jour_seance() -> datetime.date:
    """The GTP séance: after the jury (yesterday) and the sending (today)."""
    return ev.aujourdhui() + datetime.timedelta(days=12)


def cqpi() -> Any:
    return QualificationFactory(type=TypeQualification.CQPI, intitule="Opérateur industriel")


def secretariat() -> Any:
    return verifie_par_otp(UtilisateurFactory(role=Role.SECRETARIAT_GTP))


def seance(date: datetime.date | None = None) -> Seance:
    return Seance.objects.create(date=date or ev.aujourdhui(), lieu="Paris")


def evaluer(i: Inscription, acteur: Any, acquises: Sequence[bool]) -> None:
    """Results per capacity of the pinned version, in order (3 capacities in each of 2 blocs)."""
    d = ev.dossier_choisi(i, acteur)
    c = ev.commission(i, acteur)
    resultats = [evaluations.ResultatSaisi(cap, a, "Vu.") for cap, a in zip(ev.capacites(i), acquises, strict=True)]
    evaluations.enregistrer_resultats(d, commission=c, resultats=resultats, acteur=acteur)
    evaluations.saisir_avis_entreprise(d, avis="Bon travail.", auteur="M. Tuteur", le=ev.aujourdhui(), acteur=acteur)


def jury_delibere(
    acquises: Sequence[bool] = (True,) * 6,
    *,
    decision: str = "A",
    rncp: bool = False,
    cqpi: Any = None,
    date: datetime.date | None = None,
) -> tuple[Jury, CandidatJury, Any, dict[str, Any]]:
    """A jury of the territoriale 69, held `date` (yesterday), one candidate evaluated as `acquises`, declared
    `decision`, decisions arrêtées (PV not signed); returns the jury, the candidate, the exam centre's user and the
    members."""
    jo.unions()
    i = ev.inscription(centre_examen=jo.centre(), jours=400)
    q = i.qualification
    if rncp or cqpi:
        q.code_rncp = "RNCP12345" if rncp else ""
        q.cqpi = cqpi
        q.save()
    acteur = jo.territoriale(i.centre_examen)
    evaluer(i, acteur, acquises)
    j, membres = jo.convoque(acteur, i, date=date)
    c = CandidatJury.objects.get(jury=j)
    jo.deliberer(j, membres, acteur, {c.code: decision})
    j.refresh_from_db()
    c.refresh_from_db()
    return j, c, acteur, membres


def jury_signe(
    acquises: Sequence[bool] = (True,) * 6,
    *,
    decision: str = "A",
    rncp: bool = False,
    cqpi: Any = None,
    date: datetime.date | None = None,
) -> tuple[Jury, CandidatJury, Any]:
    """`jury_delibere`, then the PV signed by the president; returns the jury, the candidate and the exam centre's
    user."""
    j, c, acteur, membres = jury_delibere(acquises, decision=decision, rncp=rncp, cqpi=cqpi, date=date)
    jurys.signer(j, acteur=jo.president_verifie(membres))
    j.refresh_from_db()
    c.refresh_from_db()
    return j, c, acteur


def complete(demande: DemandeAttribution, acteur: Any) -> None:
    for nature in NaturePiece:
        services.joindre_piece(
            demande, nature=nature, fichier=ContentFile(PDF, name=f"{nature.value}.pdf"), acteur=acteur
        )


def envoyee(**kwargs: Any) -> tuple[DemandeAttribution, Any]:
    """A complete request sent today, and the exam centre's user."""
    j, _, acteur = jury_signe(**kwargs)
    demande = services.creer_demande(j, acteur=acteur)
    complete(demande, acteur)
    return services.envoyer(demande, acteur=acteur), acteur


def certificat_valide(**kwargs: Any) -> tuple[Certificat, Any, Any]:
    """A certificate awarded in a séance: the certificate, the exam centre's user, the GTP secretariat."""
    demande, territoriale = envoyee(**kwargs)
    gtp = secretariat()
    services.inscrire_a_seance(demande, seance=seance(jour_seance()), acteur=gtp)
    services.decider(demande.cibles.get(), valider=True, acteur=gtp)
    return Certificat.objects.get(cible__demande=demande), territoriale, gtp
