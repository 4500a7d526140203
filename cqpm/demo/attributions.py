"""Demo award: the signed jury's request sent with its four pieces, put on a GTP séance and validated, so that the
demo shows an MC number, a certificate with its public verification page, and the letters (R-GTP-01 to 03,
R-ID-04, R-LET-01 to 03). The first certificate's holder name was mistyped: a correction, approved by the
secretariat, reissued it under the same number (edition 2), after a first copy had been downloaded; its public
verification has been checked. When the award yields several certificates (a CQPM and its CQPI), the last one is
revoked to show that state as well."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from cqpm.attributions import services
from cqpm.attributions.enums import CanalTirage, NaturePiece
from cqpm.attributions.models import Certificat, DemandeAttribution
from cqpm.core.acteurs import SYSTEME
from cqpm.gtp.models import Seance
from cqpm.jurys.enums import EtatJury
from cqpm.jurys.models import Jury
from cqpm.organisations.models import Organisation

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def charger_attributions(centre: Organisation, aujourdhui: datetime.date) -> None:
    jury = Jury.objects.filter(centre_examen=centre, etat=EtatJury.SIGNE).order_by("date", "pk").first()
    if jury is None or DemandeAttribution.objects.filter(jury=jury).exists():
        return
    demande = services.creer_demande(jury, acteur=SYSTEME)
    for nature in NaturePiece:
        services.joindre_piece(
            demande, nature=nature, fichier=ContentFile(PDF, name=f"{nature.value}.pdf"), acteur=SYSTEME
        )
    services.envoyer(demande, le=aujourdhui, acteur=SYSTEME)
    seance = Seance.objects.create(date=aujourdhui, lieu="56, avenue de Wagram, Paris")
    services.inscrire_a_seance(demande, seance=seance, acteur=SYSTEME)
    cibles = list(demande.cibles.order_by("pk"))
    for cible in cibles:
        services.decider(cible, valider=True, acteur=SYSTEME)
    if not cibles:
        services.cloturer(demande, acteur=SYSTEME)
    premier = Certificat.objects.filter(cible__demande=demande).order_by("sequence").first()
    if premier is not None:
        _corriger(premier)
    revoque = Certificat.objects.filter(cible__demande=demande).order_by("-sequence").first()
    if revoque is not None and len(cibles) > 1:
        services.revoquer(revoque, motif="Démonstration : certificat délivré par erreur.", acteur=SYSTEME)


def _corriger(certificat: Certificat) -> None:
    """A copy downloaded, then the holder's name corrected on proof and the certificate reissued (edition 2)."""
    services.enregistrer_tirage(certificat, canal=CanalTirage.PAGE, acteur=SYSTEME)
    services.verifier(certificat.jeton)
    correction = services.demander_correction(
        certificat,
        titulaire_nom=certificat.titulaire_nom,
        titulaire_prenoms=f"{certificat.titulaire_prenoms} Marie",
        date_naissance=certificat.date_naissance,
        lieu_naissance=certificat.lieu_naissance,
        motif="Démonstration : second prénom omis à l'inscription, copie intégrale de l'acte de naissance jointe.",
        justificatif=ContentFile(PDF, name="acte-de-naissance.pdf"),
        acteur=SYSTEME,
    )
    services.approuver_correction(correction, acteur=SYSTEME)
    services.verifier(certificat.jeton)
