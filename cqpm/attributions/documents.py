"""The certificates built from the records and rendered by `cqpm.documents.attributions` (R-GTP-03, R-CERT-04).

What the certificate prints was fixed when the GTP validated the award (`Certificat` keeps the holder, title,
numbers and dates as printed); the rest comes from the jury (its president) and the referential (the category of
the version the candidate was evaluated on, the RNCP arrêté and JO). Reading checks the caller's perimeter.
"""

from __future__ import annotations

from django.conf import settings

from cqpm.attributions.enums import NatureCertificat
from cqpm.attributions.models import Certificat
from cqpm.attributions.services import certificat_visible
from cqpm.core.acteurs import Acteur
from cqpm.core.errors import RegleViolee
from cqpm.documents import attributions as doc
from cqpm.jurys.services import president

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
        categorie=cible.candidat.inscription.version.categorie if cqpm else "",
        rncp=_rncp(c),
        cqpm_correspondant=correspondant,
    )


def pdf_certificat(pk: int, *, acteur: Acteur, url_verification: str) -> tuple[Certificat, bytes]:
    """The certificate `pk` in the caller's perimeter, as PDF/A-2a and PDF/UA-1."""
    c = certificat_visible(pk, acteur)
    return c, doc.rendre_certificat(certificat(c, url_verification=url_verification))
