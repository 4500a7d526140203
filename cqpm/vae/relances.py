"""Daily reminders of the VAE limits (R-VAE-02): before a limit, a reminder to the exam centre (and to the candidate
while his dossier de preuves is awaited); once it has passed, an overdue notice to the exam centre. A `Relance` row
per file, limit, kind and day (unique in the database) keeps a second run of the day from sending it again; the
same notice is then repeated at most once a week."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import IntegrityError, transaction

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.core.acteurs import SYSTEME
from cqpm.vae import rules
from cqpm.vae.enums import PHASES_ACTIVES, Echeance, NatureRelance, Phase
from cqpm.vae.models import DossierVAE, Relance
from cqpm.vae.services import _notifier

_ATTENTE_PREUVES = (Phase.RECEVABLE, Phase.ACCOMPAGNEMENT)


def _destinataires(dossier: DossierVAE, echeance: rules.EcheanceDue, nature: str) -> list[str]:
    adresses = [dossier.centre_examen.email]
    fin = nature == NatureRelance.RAPPEL and echeance.echeance == Echeance.FIN_PARCOURS
    if fin and dossier.phase in _ATTENTE_PREUVES:
        adresses.append(dossier.candidat.courriel)
    return [a for a in adresses if a]


def relancer(le: datetime.date) -> list[Relance]:
    """Send the reminders and overdue notices due on `le`; return those sent now."""
    envoyees: list[Relance] = []
    depuis = le - datetime.timedelta(days=rules.INTERVALLE_RELANCE_JOURS - 1)
    dossiers = DossierVAE.objects.filter(phase__in=PHASES_ACTIVES).select_related(
        "candidat", "qualification", "centre_examen"
    )
    for dossier in dossiers.order_by("pk"):
        echeance = rules.echeance_courante(dossier, le)
        if echeance is None:
            continue
        if echeance.en_retard:
            nature = NatureRelance.DEPASSEMENT
        elif echeance.jours_restants <= rules.DELAI_RAPPEL_JOURS:
            nature = NatureRelance.RAPPEL
        else:
            continue
        deja = Relance.objects.filter(dossier=dossier, echeance=echeance.echeance, nature=nature, le__gte=depuis)
        if deja.exists():
            continue
        destinataires = _destinataires(dossier, echeance, nature)
        try:
            with transaction.atomic():
                relance = Relance.objects.create(
                    dossier=dossier, echeance=echeance.echeance, nature=nature, le=le, destinataires=destinataires
                )
                journaliser(
                    acteur=SYSTEME,
                    action=EvenementAudit(f"vae.{nature}"),
                    objet=dossier,
                    apres={"echeance": echeance.echeance, "due_le": echeance.due_le.isoformat(), "a": destinataires},
                    regle="R-VAE-02",
                )
                retard = nature == NatureRelance.DEPASSEMENT
                _notifier(
                    destinataires,
                    f"VAE — {'échéance dépassée' if retard else 'rappel d’échéance'} : {dossier.candidat} "
                    f"({echeance.libelle.split(' (')[0]} au {echeance.due_le:%d/%m/%Y})",
                    "relance",
                    dossier,
                    echeance=echeance,
                    retard=retard,
                )
        except IntegrityError:  # another run sent it today
            continue
        envoyees.append(relance)
    return envoyees


def relances_du_jour(le: datetime.date, ecrire: Callable[[str], None]) -> None:
    """The VAE's daily job (registered in `cqpm.core.quotidien`, also `manage.py relances_vae`): send, then say
    in French how many reminders and overdue notices went out."""
    relances = relancer(le)
    rappels = sum(r.nature == NatureRelance.RAPPEL for r in relances)
    ecrire(
        f"VAE : {rappels} rappel(s) avant échéance, {len(relances) - rappels} dépassement(s) signalé(s) au "
        f"{le:%d/%m/%Y} (R-VAE-02)."
    )
