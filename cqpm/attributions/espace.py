"""The holder's own documents in his space (item 8 of the award issue): his certificates and the letters addressed
to him, under the registration they end, downloadable as PDF.

The portal does not know awards: this module registers its section through `cqpm.portail.sections`. A candidate
reaches only what is his (`candidat_de` his account, never an identifier from the request alone): anything else
answers « introuvable ». A revoked certificate is not downloadable any more; its revocation is shown instead.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from cqpm.attributions.documents import certificat, courrier_en_pdf
from cqpm.attributions.enums import CanalTirage, DestinataireCourrier
from cqpm.attributions.models import Certificat, Courrier
from cqpm.attributions.services import enregistrer_tirage
from cqpm.candidats.models import Candidat, Inscription
from cqpm.comptes.permissions import Action, exiger
from cqpm.core.acteurs import Acteur
from cqpm.core.errors import Introuvable, RegleViolee
from cqpm.documents import attributions as doc
from cqpm.portail.sections import Section
from cqpm.portail.services import candidat_de


def certificats_du_candidat(candidat: Candidat) -> QuerySet[Certificat]:
    return Certificat.objects.filter(cible__candidat__inscription__candidat=candidat).order_by("-fait_le", "sequence")


def courriers_du_candidat(candidat: Candidat) -> QuerySet[Courrier]:
    """The letters addressed to the candidate himself (the company's and the training organisation's are theirs)."""
    return Courrier.objects.filter(
        candidat__inscription__candidat=candidat, destinataire=DestinataireCourrier.CANDIDAT
    ).order_by("-date", "pk")


def section_documents(candidat: Candidat, inscription: Inscription) -> Section | None:
    if inscription.candidat_id != candidat.pk:
        return None
    certificats = list(certificats_du_candidat(candidat).filter(cible__candidat__inscription=inscription))
    courriers = list(courriers_du_candidat(candidat).filter(candidat__inscription=inscription))
    if not certificats and not courriers:
        return None
    return Section(
        titre="Certificats et courriers",
        gabarit="attributions/section_espace.html",
        contexte={"certificats": certificats, "courriers": courriers},
        ordre=80,
    )


def candidat_connecte(acteur: Acteur) -> Candidat:
    """The candidate the logged-in account speaks for (after CONSULTER_SON_ESPACE); staff have none: 404."""
    exiger(acteur, Action.CONSULTER_SON_ESPACE)
    candidat = candidat_de(acteur)
    if candidat is None:
        raise Introuvable("Document introuvable.")
    return candidat


def pdf_mon_certificat(pk: int, *, acteur: Acteur, url_verification: Callable[[str], str]) -> tuple[Certificat, bytes]:
    """The candidate's own certificate `pk`, current edition, listed as a copy he downloaded."""
    c = certificats_du_candidat(candidat_connecte(acteur)).filter(pk=pk).first()
    if c is None:
        raise Introuvable("Certificat introuvable.")
    if c.revoque:
        raise RegleViolee(
            "R-CERT-04",
            f"Ce certificat a été révoqué le {c.revoque_le:%d/%m/%Y} : il n'est plus délivré. Motif : "
            f"{c.motif_revocation}",
            code="certificat_revoque",
        )
    pdf = doc.rendre_certificat(certificat(c, url_verification=url_verification(c.jeton)))
    enregistrer_tirage(c, canal=CanalTirage.PORTAIL, acteur=acteur)
    return c, pdf


def pdf_mon_courrier(pk: int, *, acteur: Acteur) -> tuple[Courrier, bytes]:
    """A letter addressed to the candidate himself."""
    return courrier_en_pdf(courriers_du_candidat(candidat_connecte(acteur)), pk)
