"""The jury's documents built from the records and rendered by `cqpm.documents.jury` (R-JURY-06, 07, 08, 10).

Before the PV is signed every row shows the candidate's code and no identity (R-JURY-06); after, the names. A job
seeker's row carries no company data (Annex 7, note 8). Reading checks the caller's perimeter: the exam centre
(`GERER_JURYS`) or a member of this jury with an account; the CPREFP extract, which the exam centre sends the GTP
(R-GTP-01), only the exam centre.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cqpm.candidats.enums import Origine, TypeBeneficiaire
from cqpm.core.acteurs import Acteur
from cqpm.documents import jury as doc
from cqpm.documents.rendu import date_longue
from cqpm.jurys.enums import College, Presence
from cqpm.jurys.models import CandidatJury, InformationCprefp, Jury, MembreJury
from cqpm.jurys.services import TEXTE_PREAVIS, capacites_acquises, jury_lisible, jury_visible, president
from cqpm.organisations.enums import Secteur


def exiger_lecture(jury: Jury, acteur: Acteur) -> None:
    """The exam centre, or a member of the jury (his copy, R-JURY-10); others learn nothing (404-like)."""
    jury_lisible(jury.pk, acteur)


def entete(jury: Jury) -> doc.EnteteJury:
    p = president(jury)
    return doc.EnteteJury(
        territoriale=jury.centre_examen.nom,
        qualification=jury.qualification.intitule,
        numero=jury.qualification.numero or "",
        date=jury.date,
        lieu=jury.lieu,
        president=p.nom if p else "",
        qualite_president=f"{p.fonction}, {p.organisme}" if p else "",
    )


def _ligne(c: CandidatJury, signe: bool) -> doc.LignePV:
    i = c.inscription
    demandeur = i.type_beneficiaire == TypeBeneficiaire.DEMANDEUR_EMPLOI or i.origine == Origine.DEMANDEUR_EMPLOI
    e = None if demandeur or i.entreprise is None else i.entreprise
    entreprise = (
        None
        if e is None
        else doc.Entreprise(
            raison_sociale=e.nom,
            adresse=e.adresse,
            code_nace=e.code_nace,
            secteur=f"HM ({e.branche})" if e.secteur == Secteur.HORS_METAUX else e.secteur,
        )
    )
    candidat = i.candidat
    return doc.LignePV(
        code=c.code,
        nom=f"{candidat.nom.upper()} {candidat.prenoms}" if signe else "",
        naissance=(
            f"{date_longue(candidat.date_naissance)}, {candidat.commune_naissance} ({candidat.departement_naissance}), "
            f"{candidat.pays_naissance}"
            if signe
            else ""
        ),
        origine=i.origine,
        financement=i.financement,
        entreprise=entreprise,
        demandeur_emploi=demandeur,
        decision=c.decision,
        presence="" if c.presence == Presence.PRESENT else Presence(c.presence).label,
        capacites=tuple(cap.code for cap in capacites_acquises(c)) if c.decision else (),
        certifications=tuple(
            f"bloc {t.bloc.numero} : {t.decision}" for t in c.cibles.select_related("bloc") if t.bloc is not None
        ),
        commentaire=c.commentaire,
    )


def proces_verbal(jury: Jury, *, signe_le: datetime.date | None = None) -> doc.ProcesVerbal:
    """The PV of Annex 7: codes only until it is signed (R-JURY-06); `signe_le` renders the copy being signed."""
    signe_le = signe_le or (jury.signe_le.date() if jury.signe_le else None)
    candidats = CandidatJury.objects.filter(jury=jury).select_related(
        "inscription__candidat", "inscription__entreprise"
    )
    return doc.ProcesVerbal(
        entete=entete(jury),
        lignes=tuple(_ligne(c, signe_le is not None) for c in candidats),
        signe_le=signe_le,
    )


def feuille_emargement(jury: Jury) -> doc.FeuilleEmargement:
    """Every designated person; a union branch asked that designated nobody appears as the invited organisation."""
    personnes = [doc.PersonneEmargement(m.nom, m.organisme, m.fonction) for m in jury.membres.all()]
    designees = set(jury.membres.filter(college=College.SALARIE).values_list("branche_syndicale_id", flat=True))
    for demande in jury.demandes.select_related("branche_syndicale"):
        if demande.branche_syndicale_id not in designees:
            personnes.append(doc.PersonneEmargement("", demande.branche_syndicale.nom, "Organisation invitée"))
    return doc.FeuilleEmargement(entete=entete(jury), personnes=tuple(personnes))


def convocation(membre: MembreJury) -> doc.ConvocationMembre:
    jury = membre.jury
    envoi = membre.convocations.first()
    return doc.ConvocationMembre(
        entete=entete(jury),
        centre_adresse=jury.centre_examen.adresse,
        nom=membre.nom,
        organisme=membre.organisme,
        college=College(membre.college).label,
        voix_deliberative=membre.voix_deliberative,
        preavis=TEXTE_PREAVIS,
        envoyee_le=envoi.envoyee_le if envoi else jury.convoque_le or jury.date,
        candidats=tuple(jury.candidats.values_list("code", flat=True)),
    )


def _avis(information: InformationCprefp) -> doc.AvisCprefp:
    """The notice as it was sent (its stored content), not the jury as it is now."""
    contenu: dict[str, Any] = information.contenu
    return doc.AvisCprefp(
        envoyee_le=timezone.localtime(information.envoyee_le),
        motif=information.get_motif_display(),
        date_jury=datetime.date.fromisoformat(contenu["date"]),
        lieu=contenu.get("lieu", ""),
        calendrier=contenu.get("calendrier", ""),
        qualification=contenu.get("qualification", ""),
        membres=tuple(
            doc.MembreCommunique(
                nom=m["nom"],
                organisme=m.get("organisme", ""),
                fonction=m.get("fonction", ""),
                college=m.get("college", ""),
                voix_deliberative=bool(m.get("voix_deliberative")),
                president=bool(m.get("president")),
            )
            for m in contenu.get("membres", [])
        ),
    )


def extrait_cprefp(jury: Jury) -> doc.ExtraitCprefp:
    """Every dated notice of the jury to the CPREFP, in the order sent (R-JURY-07), for the GTP (R-GTP-01)."""
    informations = list(jury.informations.select_related("cprefp").order_by("envoyee_le", "pk"))
    return doc.ExtraitCprefp(
        entete=entete(jury),
        cprefp=informations[-1].cprefp.nom if informations else "",
        jury=jury.pk,
        avis=tuple(_avis(i) for i in informations),
        etabli_le=timezone.localdate(),
    )


def pdf_pv(jury: Jury, *, acteur: Acteur) -> bytes:
    exiger_lecture(jury, acteur)
    return doc.rendre_pv(proces_verbal(jury))


def pdf_emargement(jury: Jury, *, acteur: Acteur) -> bytes:
    exiger_lecture(jury, acteur)
    return doc.rendre_emargement(feuille_emargement(jury))


def pdf_convocation(membre: MembreJury, *, acteur: Acteur) -> bytes:
    exiger_lecture(membre.jury, acteur)
    return doc.rendre_convocation(convocation(membre))


def pdf_extrait_cprefp(jury: Jury, *, acteur: Acteur) -> bytes:
    """The exam centre's extract of its CPREFP notices; others learn nothing (404-like)."""
    jury_visible(jury.pk, acteur)
    return doc.rendre_extrait_cprefp(extrait_cprefp(jury))
