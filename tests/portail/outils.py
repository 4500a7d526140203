"""Helpers of the candidate-space tests: the link a candidate receives, and opening an account with it."""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

from django.test import Client

MOT_DE_PASSE = "Chaudronnerie-fine-2026"
LIEN = re.compile(r"https?://\S+/espace/(?:invitation|inscription)/[^\s/]+/")


def liens(serveur_smtp, destinataire: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every portal link (absolute) received by `destinataire`, oldest first."""
    return [lien for m in serveur_smtp.messages if destinataire in m.destinataires for lien in LIEN.findall(m.corps)]


def lien_recu(serveur_smtp, destinataire: str) -> str:  # type: ignore[no-untyped-def]
    """The path of the last portal link received by `destinataire` (the test client speaks paths)."""
    trouves = liens(serveur_smtp, destinataire)
    assert trouves, [m.corps for m in serveur_smtp.messages]
    return urlparse(trouves[-1]).path


def secret_du_lien(chemin: str) -> str:
    """The random secret inside a signed link token (`secret.horodatage.signature`)."""
    return chemin.rstrip("/").rsplit("/", 1)[-1].split(".")[0]


def creer_compte(client: Client, chemin: str, identifiant: str = "jean.dupont", mot_de_passe: str = MOT_DE_PASSE):  # type: ignore[no-untyped-def]
    return client.post(chemin, {"identifiant": identifiant, "mot_de_passe": mot_de_passe, "confirmation": mot_de_passe})


def texte(reponse) -> str:  # type: ignore[no-untyped-def]
    """The page's HTML with its entities decoded (Django escapes apostrophes)."""
    return html.unescape(reponse.content.decode())


def page_comparable(reponse) -> str:  # type: ignore[no-untyped-def]
    """The page without its CSRF token, which differs on every answer: what the visitor reads."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", texte(reponse))
