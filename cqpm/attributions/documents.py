"""The certificates, letters and Annex 5 built from the records, rendered by `cqpm.documents.attributions`.

What the certificate prints was fixed when the GTP validated the award (`Certificat` keeps the holder, title,
numbers and dates as printed); the rest comes from the jury (its president) and the referential (the category of
the version the candidate was evaluated on, the RNCP arrêté and JO). Reading checks the caller's perimeter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from cqpm.attributions.enums import CanalTirage, DecisionGtp, DestinataireCourrier, NatureCertificat, NatureCourrier
from cqpm.attributions.models import Certificat, CibleAttribution, Courrier, DemandeAttribution
from cqpm.attributions.services import (
    certificat_visible,
    certificats_de_seance,
    demande_visible,
    demandes_visibles,
    enregistrer_tirage,
)
from cqpm.core.acteurs import Acteur
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.core.transitions import aujourdhui
from cqpm.documents import attributions as doc
from cqpm.documents.rendu import date_longue
from cqpm.gtp.models import Seance
from cqpm.jurys.models import CandidatJury, Jury
from cqpm.jurys.services import president
from cqpm.organisations.models import Organisation
from cqpm.referentiels.models import Qualification

GENRES = {
    NatureCertificat.CQPM: doc.GenreCertificat.CQPM,
    NatureCertificat.CQPM_RNCP: doc.GenreCertificat.CQPM_RNCP,
    NatureCertificat.BLOC: doc.GenreCertificat.BLOC,
    NatureCertificat.CQPI: doc.GenreCertificat.CQPI,
}


def _rncp(certificat: Certificat) -> doc.EnregistrementRncp | None:
    if certificat.nature not in (NatureCertificat.CQPM_RNCP, NatureCertificat.BLOC):
        return None
    q = certificat.cible.qualification
    if q.rncp_date_arrete is None or q.rncp_date_jo is None:
        raise RegleViolee(
            "R-GTP-03",
            f"La date de l'arrêté d'inscription au RNCP et celle du JO de « {q.intitule} » manquent au référentiel : "
            "le certificat les mentionne (R-GTP-03).",
            code="rncp_incomplet",
        )
    return doc.EnregistrementRncp(date_arrete=q.rncp_date_arrete, date_jo=q.rncp_date_jo)


def certificat(c: Certificat, *, url_verification: str) -> doc.Certificat:
    cible = c.cible
    jury = cible.demande.jury
    p = president(jury)
    cqpm = c.nature in (NatureCertificat.CQPM, NatureCertificat.CQPM_RNCP)
    numero_qualification = c.numero_qualification
    correspondant = ""
    if c.nature == NatureCertificat.CQPI:
        correspondant = jury.qualification.intitule
        numero_qualification = jury.qualification.numero or ""
    return doc.Certificat(
        genre=GENRES[NatureCertificat(c.nature)],
        numero=c.numero,
        intitule=c.intitule_qualification,
        numero_qualification=numero_qualification,
        titulaire=doc.Titulaire(
            nom=c.titulaire_nom,
            prenoms=c.titulaire_prenoms,
            date_naissance=c.date_naissance,
            lieu_naissance=c.lieu_naissance,
        ),
        date_jury=c.date_jury,
        date_seance_gtp=c.fait_le,
        president_jury=p.nom if p else "",
        signataire_uimm=settings.CERTIFICAT_SIGNATAIRE_UIMM,
        url_verification=url_verification,
        code_verification=c.code_verification,
        reedition=f"Réédition n° {c.edition} du {date_longue(c.reedite_le)}, même numéro" if c.reedite_le else "",
        categorie=cible.candidat.inscription.version.categorie if cqpm else "",
        rncp=_rncp(c),
        cqpm_correspondant=correspondant,
    )


def pdf_certificat(
    pk: int, *, acteur: Acteur, url_verification: Callable[[str], str], canal: str
) -> tuple[Certificat, bytes]:
    """The certificate `pk` in the caller's perimeter, as PDF/A-2a and PDF/UA-1; `url_verification` gives the
    absolute address of the public page of a code (the QR code). The copy is listed (`enregistrer_tirage`)."""
    c = certificat_visible(pk, acteur)
    pdf = doc.rendre_certificat(certificat(c, url_verification=url_verification(c.jeton)))
    enregistrer_tirage(c, canal=canal, acteur=acteur)
    return c, pdf


def pdf_seance(seance: Seance, *, acteur: Acteur, url_verification: Callable[[str], str]) -> bytes:
    """Every certificate awarded in `seance` as one print-ready PDF (secretariat of the GTP); each copy listed."""
    certificats = certificats_de_seance(seance, acteur=acteur)
    if not certificats:
        raise RegleViolee("R-GTP-03", "Aucun certificat n'a été attribué dans cette séance.", code="aucun_certificat")
    titre = f"Certificats attribués par le GTP le {date_longue(seance.date)}"
    imprimes = [certificat(c, url_verification=url_verification(c.jeton)) for c in certificats]
    pdf = doc.rendre_certificats(titre, imprimes)
    for c in certificats:
        enregistrer_tirage(c, canal=CanalTirage.LOT, acteur=acteur)
    return pdf


# Letters (R-LET-01 to 04) and the Annex 5 attestation (R-GTP-01), on the exam centre's letterhead.

ROLES_DESTINATAIRE = {
    DestinataireCourrier.CANDIDAT: doc.RoleDestinataire.CANDIDAT,
    DestinataireCourrier.ENTREPRISE: doc.RoleDestinataire.ENTREPRISE,
    DestinataireCourrier.ORGANISME_FORMATION: doc.RoleDestinataire.ORGANISME_FORMATION,
}


def _entete(centre: Organisation) -> doc.EnTete:
    return doc.EnTete(nom=centre.nom, adresse=centre.adresse, contact=centre.email)


def _signataire(jury: Jury) -> doc.Signataire:
    p = president(jury)
    return doc.Signataire(nom=p.nom if p else "", role=doc.RoleSignataire.PRESIDENT_JURY, qualite="Président du jury")


def _nom(candidat: CandidatJury) -> str:
    personne = candidat.inscription.candidat
    return f"{personne.nom.upper()} {personne.prenoms}"


def _destinataire(courrier: Courrier) -> doc.Destinataire:
    inscription = courrier.candidat.inscription
    organisation = {
        DestinataireCourrier.ENTREPRISE: inscription.entreprise,
        DestinataireCourrier.ORGANISME_FORMATION: inscription.organisme_formation,
    }.get(DestinataireCourrier(courrier.destinataire))
    role = ROLES_DESTINATAIRE[DestinataireCourrier(courrier.destinataire)]
    if organisation is None:
        return doc.Destinataire(nom=_nom(courrier.candidat), adresse="", role=role)
    return doc.Destinataire(nom=organisation.nom, adresse=organisation.adresse, role=role)


def _qualification(q: Qualification) -> doc.Qualification:
    return doc.Qualification(intitule=q.intitule, numero=q.numero or "")


def _cible(cible: CibleAttribution) -> doc.Qualification:
    if cible.bloc is not None:
        return doc.Qualification(
            intitule=cible.bloc.intitule, numero=cible.bloc.numero_bdc or f"Bloc {cible.bloc.numero}"
        )
    return _qualification(cible.qualification)


def lettre(courrier: Courrier) -> doc.LettreAttribution | doc.LettreNonAdmission | doc.LettreAcquisitionPartielle:
    """The letter a `Courrier` records, with the data of its request, jury and séance."""
    demande, candidat = courrier.demande, courrier.candidat
    jury = demande.jury
    assert demande.seance is not None
    communs: dict[str, Any] = {
        "entete": _entete(jury.centre_examen),
        "lieu": jury.lieu,
        "destinataire": _destinataire(courrier),
        "candidat": _nom(candidat),
        "date_jury": jury.date,
        "date_seance_gtp": demande.seance.date,
        "signataire": _signataire(jury),
    }
    if courrier.nature == NatureCourrier.ATTRIBUTION:
        validees = candidat.cibles_attribution.filter(decision=DecisionGtp.VALIDEE).select_related(
            "qualification", "bloc"
        )
        return doc.LettreAttribution(date=courrier.date, attribuees=tuple(_cible(c) for c in validees), **communs)
    visee = _qualification(jury.qualification)
    if courrier.nature == NatureCourrier.NON_ADMISSION:
        return doc.LettreNonAdmission(visee=visee, **communs)
    return doc.LettreAcquisitionPartielle(
        visee=visee,
        capacites=tuple(doc.Capacite(numero=str(c["numero"]), intitule=c["intitule"]) for c in courrier.capacites),
        rncp=jury.qualification.est_inscrite_rncp(jury.date),
        fin_conservation=courrier.conservation_jusqu_au,
        sites_passeport=tuple(settings.SITES_PASSEPORT_ORIENTATION),
        **communs,
    )


RENDUS: dict[type, Callable[[Any], bytes]] = {
    doc.LettreAttribution: doc.rendre_lettre_attribution,
    doc.LettreNonAdmission: doc.rendre_lettre_non_admission,
    doc.LettreAcquisitionPartielle: doc.rendre_lettre_acquisition_partielle,
}


def courrier_en_pdf(courriers: QuerySet[Courrier], pk: int) -> tuple[Courrier, bytes]:
    """The letter `pk` among `courriers` (already restricted to what the caller may read), as PDF."""
    courrier = (
        courriers.filter(pk=pk)
        .select_related("demande__jury__centre_examen", "demande__seance", "candidat__inscription__candidat")
        .first()
    )
    if courrier is None:
        raise Introuvable("Courrier introuvable.")
    donnees = lettre(courrier)
    return courrier, RENDUS[type(donnees)](donnees)


def pdf_courrier(pk: int, *, acteur: Acteur) -> tuple[Courrier, bytes]:
    """The letter `pk` of a request in the caller's perimeter, as PDF."""
    return courrier_en_pdf(Courrier.objects.filter(demande__in=demandes_visibles(acteur)), pk)


def attestation(demande: DemandeAttribution) -> doc.LettreDemandeAttribution:
    """Annex 5: the request to the GTP secretariat, with the MQ / M BDC numbers and titles of what is asked."""
    jury = demande.jury
    cibles = demande.cibles.select_related("qualification", "bloc").order_by("nature", "bloc__numero")
    qualifications = tuple(dict.fromkeys(_cible(c) for c in cibles)) or (_qualification(jury.qualification),)
    return doc.LettreDemandeAttribution(
        entete=_entete(jury.centre_examen),
        lieu=jury.lieu,
        date=demande.envoyee_le or aujourdhui(),
        qualifications=qualifications,
        signataire=_signataire(jury),
    )


def pdf_attestation(pk: int, *, acteur: Acteur) -> tuple[DemandeAttribution, bytes]:
    """The Annex 5 letter of request `pk`, generated from the request (R-GTP-01)."""
    demande = demande_visible(pk, acteur)
    return demande, doc.rendre_demande_attribution(attestation(demande))
