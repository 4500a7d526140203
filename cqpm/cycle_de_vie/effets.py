"""Effects of a GTP decision on the register, and its notification — run inside the decision's transaction.

Each effect writes its own audit row naming its rule; the register's own services (`decider_version`, list
membership) write theirs. E-mails are scheduled through `cqpm.core.courriels`, which hands them to the task
queue only once the transaction commits.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.core.acteurs import SYSTEME, Acteur
from cqpm.core.courriels import programmer_courriel
from cqpm.core.errors import RegleViolee
from cqpm.core.sequences import allouer
from cqpm.cycle_de_vie.applicabilite import fin_de_reactivation
from cqpm.cycle_de_vie.enums import TypeDemande
from cqpm.cycle_de_vie.models import Decision, Demande
from cqpm.cycle_de_vie.rules import ecart
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels.enums import Liste, StatutQualification
from cqpm.referentiels.models import AncienNumero, CentreRessources, Qualification, VersionReferentiel
from cqpm.referentiels.numeros import NumeroMQ, parse_mq
from cqpm.referentiels.services import (
    blocs_saisis,
    decider_version,
    inscrire_sur_liste,
    listes_au,
    retirer_de_listes,
)

REGLE_DECISION = {
    TypeDemande.CREATION: "R-LC-CRE-04",
    TypeDemande.REVISION: "R-LC-REV-04",
    TypeDemande.REACTIVATION: "R-LC-REA-02",
    TypeDemande.MISE_EN_VEILLE: "R-LC-SUP-02",
    TypeDemande.SUPPRESSION: "R-LC-SUP-02",
}

COMPTEUR_MQ = "MQ"


def allouer_sequence_mq() -> int:
    """The national sequence of the CQPM being created (R-ID-01), inside the decision's transaction.

    The product continues the paper register: its counter starts after both the deployment's
    `MQ_DERNIERE_SEQUENCE` (the last sequence attributed before the product) and the highest sequence already in
    the register, so importing the existing register moves the start too. Once started, the counter alone
    allocates; a number imported above it later is caught by the check in `_creer`.
    """

    def depart() -> int:
        plus_haute = Qualification.objects.aggregate(Max("sequence"))["sequence__max"] or 0
        return max(settings.MQ_DERNIERE_SEQUENCE, plus_haute)

    return allouer(COMPTEUR_MQ, minimum=depart)


def appliquer(decision: Decision, *, acteur: Any) -> None:
    """Apply a favourable decision: versions, number, resource centres, lists, status — all or nothing."""
    demande = decision.demande
    le = decision.date
    if demande.projet_id is not None:
        projet = VersionReferentiel.objects.get(pk=demande.projet_id)
        decision.version = decider_version(projet, acteur=acteur, le=le, categorie=decision.categorie or None)
    qualification = Qualification.objects.select_for_update().get(pk=demande.qualification_id)
    if demande.type == TypeDemande.CREATION:
        _creer(qualification, decision, acteur)
    elif demande.type in (TypeDemande.REVISION, TypeDemande.REACTIVATION):
        if demande.centres_demandes.exists():
            _changer_centres(qualification, demande, le, acteur)
        _remettre_en_vigueur(qualification, decision, acteur)
    else:
        _fermer(qualification, decision, acteur)
    decision.numero = qualification.numero or ""
    decision.save(update_fields=["version", "numero"])


def _creer(q: Qualification, decision: Decision, acteur: Any) -> None:
    """Created on the decision date (R-LC-CRE-06): numbered (R-ID-01), its requesting territoriales resource
    centres (R-LC-CRE-07), on liste A (R-LIST-01) and, after the GTP's positive opinion, on liste B (R-LIST-02)."""
    le = decision.date
    centres = list(CentreRessources.objects.filter(qualification=q).order_by("ordre").select_related("territoriale"))
    sequence = allouer_sequence_mq()
    numero = str(
        NumeroMQ(
            le.year,
            le.month,
            tuple(c.territoriale.departement for c in centres),
            sequence,
            rncp=q.est_inscrite_rncp(le),
            cqpi=q.cqpi_id is not None,
        )
    )
    occupant = Qualification.objects.filter(sequence=sequence).exclude(pk=q.pk).first()
    if occupant is not None or AncienNumero.objects.filter(numero=numero).exists():
        raise RegleViolee(
            "R-ID-01",
            f"La séquence nationale {sequence:04d} que le compteur « {COMPTEUR_MQ} » attribue au nouveau CQPM est déjà "
            f"portée par « {occupant or numero} » : avancez ce compteur au-delà des numéros existants avant "
            "d'enregistrer la création (R-ID-01).",
            code="sequence_deja_prise",
        )
    q.statut, q.numero, q.sequence, q.date_creation = StatutQualification.EN_VIGUEUR, numero, sequence, le
    q.save(update_fields=["statut", "numero", "sequence", "date_creation"])
    journaliser(
        acteur=acteur,
        action=EvenementAudit.CQPM_CREATION,
        objet=q,
        avant={"statut": StatutQualification.PROJET},
        apres={"statut": q.statut, "date_creation": le.isoformat(), "duree": "indéterminée"},
        regle="R-LC-CRE-06",
    )
    journaliser(
        acteur=acteur, action=EvenementAudit.CQPM_NUMEROTATION, objet=q, apres={"numero": numero}, regle="R-ID-01"
    )
    journaliser(
        acteur=acteur,
        action=EvenementAudit.CQPM_CENTRES_RESSOURCES,
        objet=q,
        apres={"centres_ressources": [str(c.territoriale) for c in centres]},
        regle="R-LC-CRE-07",
    )
    motif = f"Création du CQPM, décision du GTP du {le:%d/%m/%Y}"
    inscrire_sur_liste(q, Liste.A, le, acteur=acteur, motif=motif)
    if decision.liste_b:
        inscrire_sur_liste(q, Liste.B, le, acteur=acteur, motif=f"Avis favorable du GTP du {le:%d/%m/%Y}")


def _changer_centres(q: Qualification, demande: Demande, le: datetime.date, acteur: Any) -> None:
    """New resource centres, and the département part of the number with them; the old number is kept and stays
    findable (R-LC-REV-02, R-ID-03)."""
    anciens = [
        str(c.territoriale) for c in CentreRessources.objects.filter(qualification=q).select_related("territoriale")
    ]
    nouveaux = [n.territoriale for n in demande.centres_demandes.order_by("ordre").select_related("territoriale")]
    ancien_numero = q.numero or ""
    nouveau_numero = str(parse_mq(ancien_numero).with_departements(*(t.departement for t in nouveaux)))
    AncienNumero.objects.get_or_create(qualification=q, numero=ancien_numero, defaults={"remplace_le": le})
    CentreRessources.objects.filter(qualification=q).delete()
    CentreRessources.objects.bulk_create(
        CentreRessources(qualification=q, territoriale=t, ordre=i) for i, t in enumerate(nouveaux, 1)
    )
    q.numero = nouveau_numero
    q.save(update_fields=["numero"])  # the search text now holds the old number too (R-ID-03)
    journaliser(
        acteur=acteur,
        action=EvenementAudit.CQPM_CHANGEMENT_CENTRES,
        objet=q,
        avant={"centres_ressources": anciens},
        apres={"centres_ressources": [str(t) for t in nouveaux]},
        regle="R-LC-REV-02",
    )
    journaliser(
        acteur=acteur,
        action=EvenementAudit.CQPM_RENUMEROTATION,
        objet=q,
        avant={"numero": ancien_numero},
        apres={"numero": nouveau_numero, "ancien_numero_conserve": ancien_numero},
        regle="R-ID-03",
    )


def _remettre_en_vigueur(q: Qualification, decision: Decision, acteur: Any) -> None:
    """Revision: the new version is in force from the decision date, the old one stays readable (R-LC-REV-04).
    Reactivation: in force again, until `fin_reactivation` (R-LC-REA-02). Both put it back on liste A (R-LIST-01)
    and, after the GTP's positive opinion, on liste B (R-LIST-02)."""
    le = decision.date
    if decision.demande.type == TypeDemande.REACTIVATION:
        avant = q.statut
        q.statut = StatutQualification.EN_VIGUEUR
        q.save(update_fields=["statut"])
        journaliser(
            acteur=acteur,
            action=EvenementAudit.CQPM_REACTIVATION,
            objet=q,
            avant={"statut": avant},
            apres={
                "statut": q.statut,
                "applicable_le": le.isoformat(),
                "jusqu_au": decision.fin_reactivation.isoformat()
                if decision.fin_reactivation
                else "durée indéterminée",
            },
            regle="R-LC-REA-02",
        )
    if decision.version is not None:
        ancienne = decision.demande.version_remplacee
        journaliser(
            acteur=acteur,
            action=EvenementAudit.CQPM_REVISION,
            objet=q,
            avant={
                "version": ancienne.numero if ancienne else None,
                "categorie": ancienne.categorie if ancienne else "",
            },
            apres={
                "version": decision.version.numero,
                "categorie": decision.version.categorie,
                "applicable_le": le.isoformat(),
            },
            regle="R-LC-REV-04",
        )
    sur = listes_au(q, le)
    if Liste.A not in sur:
        inscrire_sur_liste(
            q,
            Liste.A,
            le,
            acteur=acteur,
            motif=f"{decision.demande.get_type_display()}, décision du GTP du {le:%d/%m/%Y}",
        )
    if decision.liste_b and Liste.B not in sur:
        inscrire_sur_liste(q, Liste.B, le, acteur=acteur, motif=f"Avis favorable du GTP du {le:%d/%m/%Y}")


def _fermer(q: Qualification, decision: Decision, acteur: Any) -> None:
    """Veille or suppression, applicable from the decision date (R-LC-SUP-02): no new candidate (R-LC-SUP-04),
    off listes A, B and C with a dated end (R-LC-SUP-01, R-LIST-03)."""
    le = decision.date
    veille = decision.demande.type == TypeDemande.MISE_EN_VEILLE
    avant = q.statut
    q.statut = StatutQualification.EN_VEILLE if veille else StatutQualification.SUPPRIMEE
    q.save(update_fields=["statut"])
    journaliser(
        acteur=acteur,
        action=EvenementAudit.CQPM_MISE_EN_VEILLE if veille else "cqpm.suppression",
        objet=q,
        avant={"statut": avant},
        apres={"statut": q.statut, "applicable_le": le.isoformat()},
        regle="R-LC-SUP-01",
    )
    libelle = "Mise en veille" if veille else "Suppression"
    retirer_de_listes(q, le, acteur=acteur, motif=f"{libelle}, décision du GTP du {le:%d/%m/%Y}")


def terminer_reactivations(le: datetime.date, *, acteur: Acteur = SYSTEME) -> list[Qualification]:
    """Put back in veille the CQPMs whose time-limited reactivation ended before `le` (R-LC-REA-02): off the lists
    from the day after its end. Not a decision of the GTP but the expiry of one, for the scheduled job to run daily;
    running it twice changes nothing."""
    terminees = []
    for q in Qualification.objects.filter(
        statut=StatutQualification.EN_VIGUEUR, demandes__type=TypeDemande.REACTIVATION
    ).distinct():
        fin = fin_de_reactivation(q)
        if fin is None or fin >= le:
            continue
        with transaction.atomic():
            q = Qualification.objects.select_for_update().get(pk=q.pk)
            q.statut = StatutQualification.EN_VEILLE
            q.save(update_fields=["statut"])
            journaliser(
                acteur=acteur,
                action=EvenementAudit.CQPM_FIN_REACTIVATION,
                objet=q,
                avant={"statut": StatutQualification.EN_VIGUEUR},
                apres={"statut": q.statut, "reactivation_jusqu_au": fin.isoformat()},
                regle="R-LC-REA-02",
            )
            retirer_de_listes(
                q, fin + datetime.timedelta(days=1), acteur=acteur, motif=f"Fin de la réactivation le {fin:%d/%m/%Y}"
            )
        terminees.append(q)
    return terminees


# Notification (R-LC-CRE-05, R-LC-DEC-01).


def destinataires_decisions() -> list[str]:
    """Every active UIMM territoriale that has an e-mail address."""
    return list(
        Organisation.objects.filter(type=TypeOrganisation.TERRITORIALE, active=True)
        .exclude(email="")
        .order_by("departement")
        .values_list("email", flat=True)
    )


def notifier(decision: Decision) -> None:
    """Schedule the decision's e-mail to every UIMM territoriale and, for a bloc creation, the CNCP's notice."""
    demande = decision.demande
    q = Qualification.objects.get(pk=demande.qualification_id)
    contexte = {
        "decision": decision,
        "demande": demande,
        "type": demande.get_type_display().lower(),
        "qualification": q,
        "numero": q.numero or "",
        "ancien_numero": _ancien_numero(decision, q),
        "categorie": decision.categorie,
        "centres": [
            str(c.territoriale)
            for c in CentreRessources.objects.filter(qualification=q).order_by("ordre").select_related("territoriale")
        ],
    }
    destinataires = destinataires_decisions()
    if destinataires:
        sens = "favorable" if decision.favorable else "défavorable"
        programmer_courriel(
            destinataires=destinataires,
            sujet=f"Décision {sens} du GTP « Qualifications » : {contexte['type']} — {q.intitule}",
            corps=render_to_string("cycle_de_vie/courriels/decision.txt", contexte),
            reference=q.numero or f"Demande n° {demande.pk}",
        )
    blocs = _blocs_crees(decision)
    if blocs:
        programmer_courriel(
            destinataires=[settings.CNCP_EMAIL],
            sujet=f"Création de blocs de compétences — {q.intitule}",
            corps=render_to_string("cycle_de_vie/courriels/blocs_cncp.txt", {**contexte, "blocs": blocs}),
            reference=q.numero or f"Demande n° {demande.pk}",
        )


def _ancien_numero(decision: Decision, q: Qualification) -> str:
    if not decision.favorable or not decision.demande.centres_demandes.exists():
        return ""
    return (
        AncienNumero.objects.filter(qualification=q, remplace_le=decision.date).values_list("numero", flat=True).first()
        or ""
    )


def _blocs_crees(decision: Decision) -> list[Any]:
    """The blocs a favourable decision creates: all of a new CQPM's, the added or changed ones of a revision
    (R-LC-CRE-05: the CNCP, in charge of the RNCP, is told)."""
    if not decision.favorable or decision.version is None:
        return []
    nouveaux = blocs_saisis(decision.version)
    ancienne = decision.demande.version_remplacee
    if decision.demande.type == TypeDemande.CREATION or ancienne is None:
        return list(nouveaux)
    difference = ecart(blocs_saisis(ancienne), nouveaux)
    numeros = {b.numero for b in difference.blocs_ajoutes} | {m.nouveau.numero for m in difference.blocs_modifies}
    numeros |= {c.bloc for c in difference.capacites_ajoutees} | {
        m.nouvelle.bloc for m in difference.capacites_modifiees
    }
    numeros |= {d.nouvelle.bloc for d in difference.capacites_deplacees} | {
        c.bloc for c in difference.capacites_supprimees
    }
    return [b for b in nouveaux if b.numero in numeros]
