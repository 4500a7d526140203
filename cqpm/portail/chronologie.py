"""What the candidate space adds to a candidate's timeline: invitations sent to him and his account."""

from __future__ import annotations

from collections.abc import Iterable

from cqpm.candidats.chronologie import Contexte, Source
from cqpm.portail.models import CompteCandidat, Invitation


def source(contexte: Contexte) -> Iterable[Source]:
    invitations = Invitation.objects.filter(candidat__in=contexte.candidats)
    yield Source("portail.Invitation", list(invitations.values_list("pk", flat=True)))
    comptes = CompteCandidat.objects.filter(candidat__in=contexte.candidats)
    yield Source("portail.CompteCandidat", list(comptes.values_list("pk", flat=True)))
