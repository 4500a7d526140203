"""What other apps show in a candidate's space (« Mon espace »): sections they register, the portal lays out.

The portal knows the candidate and his inscriptions; it does not know VAE files, results or documents. An app
that has something to show a candidate registers a *provider* once, in its `AppConfig.ready`::

    from cqpm.portail.sections import Section, enregistrer_section

    def dossier_vae(candidat, inscription):
        dossier = DossierVAE.objects.filter(inscription=inscription).first()
        if dossier is None:
            return None                      # nothing to show for this parcours: no section
        return Section(titre="Dossier de VAE", gabarit="vae/_section_espace.html", contexte={"dossier": dossier})

    class VaeConfig(AppConfig):
        def ready(self):
            enregistrer_section("vae.dossier", dossier_vae)

- `enregistrer_section(nom, fournisseur)`: `fournisseur(candidat, inscription) -> Section | None` is called for
  each inscription (parcours) of the candidate; its section appears under that inscription.
- `enregistrer_section_generale(nom, fournisseur)`: `fournisseur(candidat) -> Section | None` is called once; its
  section appears after the inscriptions (documents not tied to one parcours…).

`nom` (dotted, prefixed by the app: "vae.dossier") identifies the provider: registering the same name again
replaces it, so `ready()` running twice registers nothing twice. Sections are ordered by `ordre`, then by name.

The gabarit is rendered with `contexte` plus `candidat` and `inscription` (None for a general section), inside
a `<section>` whose heading (`titre`) the portal writes: h3 under an inscription, h2 for a general section; the
gabarit's own headings start one level lower. A provider receives only the logged-in candidate's own entry and
inscriptions, and must read nothing but what belongs to them (filter by `candidat` / `inscription`, never by an
identifier from the request). `portail/sections/_elements.html` is a ready-made gabarit: a list of
(libellé, valeur) pairs in `contexte["elements"]`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cqpm.candidats.models import Candidat, Inscription


@dataclass(frozen=True)
class Section:
    """One block of the candidate's space: a heading, the gabarit that renders its body, and that gabarit's data."""

    titre: str
    gabarit: str
    contexte: Mapping[str, Any] = field(default_factory=dict)
    ordre: int = 100


FournisseurParcours = Callable[[Candidat, Inscription], Section | None]
FournisseurGeneral = Callable[[Candidat], Section | None]

_PAR_PARCOURS: dict[str, FournisseurParcours] = {}
_GENERAUX: dict[str, FournisseurGeneral] = {}


def _verifier_nom(nom: str) -> None:
    if not nom or "." not in nom:
        raise ValueError(f"Nom de fournisseur de section attendu sous la forme « app.section » : {nom!r}.")


def enregistrer_section(nom: str, fournisseur: FournisseurParcours) -> None:
    """Show `fournisseur`'s section under each inscription of the candidate (replaces a provider of that name)."""
    _verifier_nom(nom)
    _PAR_PARCOURS[nom] = fournisseur


def enregistrer_section_generale(nom: str, fournisseur: FournisseurGeneral) -> None:
    """Show `fournisseur`'s section once, after the inscriptions (replaces a provider of that name)."""
    _verifier_nom(nom)
    _GENERAUX[nom] = fournisseur


def retirer_section(nom: str) -> None:
    """Forget the provider `nom`, of either kind (tests; an app that switches a feature off)."""
    _PAR_PARCOURS.pop(nom, None)
    _GENERAUX.pop(nom, None)


def fournisseurs() -> list[str]:
    """The names of every registered provider, sorted."""
    return sorted({*_PAR_PARCOURS, *_GENERAUX})


def _trier(sections: list[tuple[str, Section]]) -> list[Section]:
    return [s for _, s in sorted(sections, key=lambda paire: (paire[1].ordre, paire[0]))]


def sections_du_parcours(candidat: Candidat, inscription: Inscription) -> list[Section]:
    """The sections the registered apps have for this inscription of this candidate."""
    if inscription.candidat_id != candidat.pk:
        raise ValueError("L'inscription n'appartient pas à ce candidat.")
    trouvees = [(nom, f(candidat, inscription)) for nom, f in list(_PAR_PARCOURS.items())]
    return _trier([(nom, s) for nom, s in trouvees if s is not None])


def sections_generales(candidat: Candidat) -> list[Section]:
    """The sections the registered apps have for the candidate as a whole."""
    trouvees = [(nom, f(candidat)) for nom, f in list(_GENERAUX.items())]
    return _trier([(nom, s) for nom, s in trouvees if s is not None])
