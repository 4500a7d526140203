"""Fixtures for e-mail and background tasks, shared by every app's tests (registered in tests/conftest.py).

- `serveur_smtp`: a real SMTP server (aiosmtpd) on 127.0.0.1, Django's SMTP backend pointed at it. Its
  `messages` are what the network really carried: parsed `email.message.EmailMessage` objects with the envelope
  sender and recipients. Example::

      def test_decision_is_mailed(serveur_smtp, taches_immediates, django_capture_on_commit_callbacks):
          with django_capture_on_commit_callbacks(execute=True):
              decider(…)
          assert serveur_smtp.destinataires() == {"uimm69@example.org", …}

- `taches_immediates`: tasks run at enqueue time (ImmediateBackend), for tests of features that send e-mails
  and do not care about the worker. Tasks are still enqueued `on_commit`: use
  `django_capture_on_commit_callbacks(execute=True)` or `@pytest.mark.django_db(transaction=True)`.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class MessageRecu:
    """One message as the SMTP server received it."""

    expediteur: str
    destinataires: list[str]
    message: EmailMessage

    @property
    def sujet(self) -> str:
        """The decoded subject (Django folds long encoded subjects, leaving unfolding whitespace in front)."""
        return str(self.message["Subject"]).strip()

    @property
    def corps(self) -> str:
        """The decoded text part, with the wire's CRLF line ends back to "\\n"."""
        partie = self.message.get_body(preferencelist=("plain",))
        assert partie is not None, "message sans partie texte"
        return str(partie.get_content()).replace("\r\n", "\n")  # type: ignore[attr-defined]


class Blocage:
    """The server holds its answer to the n-th RCPT TO: `atteint` is set when it gets there, and it answers once
    `liberer` is set. A worker killed meanwhile has sent nothing of that message (no DATA yet)."""

    def __init__(self, rang: int) -> None:
        self.rang = rang
        self.atteint = threading.Event()
        self.liberer = threading.Event()


class _Gestionnaire:
    """aiosmtpd handler: refuses the addresses in `refusees`, keeps every accepted message, may hold a RCPT."""

    def __init__(self) -> None:
        self.messages: list[MessageRecu] = []
        self.refusees: set[str] = set()
        self.rcpt_vus = 0
        self.blocage: Blocage | None = None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        self.rcpt_vus += 1
        blocage = self.blocage
        if blocage is not None and self.rcpt_vus == blocage.rang:
            blocage.atteint.set()
            while not blocage.liberer.is_set():
                await asyncio.sleep(0.05)
        if address.lower() in self.refusees:
            return "550 5.1.1 Boîte inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(MessageRecu(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class ServeurSMTP:
    """A local SMTP server that can be stopped and restarted on the same port (to simulate an outage)."""

    hote = "127.0.0.1"

    def __init__(self) -> None:
        self._gestionnaire = _Gestionnaire()
        self.port = _port_libre()
        self._controleur: Controller | None = None

    @property
    def messages(self) -> list[MessageRecu]:
        return self._gestionnaire.messages

    def destinataires(self) -> set[str]:
        """Every envelope recipient of every message received."""
        return {d for m in self.messages for d in m.destinataires}

    @property
    def refusees(self) -> set[str]:
        """Addresses answered 550 at RCPT TO (a mailbox the server does not know); `.clear()` to accept all."""
        return self._gestionnaire.refusees

    def refuser(self, *adresses: str) -> None:
        self._gestionnaire.refusees.update(a.lower() for a in adresses)

    def bloquer_au_rcpt(self, rang: int) -> Blocage:
        """Hold the `rang`-th RCPT TO (counting from 1 since the server started) until the test releases it."""
        self._gestionnaire.blocage = Blocage(rang)
        return self._gestionnaire.blocage

    def demarrer(self) -> None:
        self._controleur = Controller(self._gestionnaire, hostname=self.hote, port=self.port, decode_data=False)
        self._controleur.start()

    def arreter(self) -> None:
        if self._controleur is not None:
            self._controleur.stop()
            self._controleur = None


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serveur_smtp(settings: Any) -> Iterator[ServeurSMTP]:
    """A running SMTP server on 127.0.0.1 and Django's SMTP backend pointed at it; stopped at teardown."""
    serveur = ServeurSMTP()
    serveur.demarrer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = serveur.hote
    settings.EMAIL_PORT = serveur.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield serveur
    if serveur._gestionnaire.blocage is not None:
        serveur._gestionnaire.blocage.liberer.set()
    serveur.arreter()


@pytest.fixture
def taches_immediates(settings: Any) -> None:
    """Tasks run in the enqueuing process, at enqueue time (django-tasks' ImmediateBackend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
