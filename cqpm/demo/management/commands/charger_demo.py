"""`manage.py charger_demo`: the demo data set, loaded through the same services as the application.

Idempotent: each object is looked up by its natural key first, so a second run writes nothing (no audit row)
and prints exactly the same thing. The synthetic CQPMs end at sequence 9000: the first CQPM the demo creates
through a GTP decision is numbered 9001 (the counter starts after the register's highest sequence) without any
`MQ_DERNIERE_SEQUENCE`.
"""

from __future__ import annotations

import datetime
import hashlib
from base64 import b32encode
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from unidecode import unidecode

from cqpm.candidats import services as candidats
from cqpm.candidats.enums import Financement, Origine, Parcours, TypeBeneficiaire, VoieInscription
from cqpm.candidats.models import Candidat, Inscription
from cqpm.comptes import services as comptes
from cqpm.comptes.enums import ROLES_A_DOUBLE_FACTEUR, Role
from cqpm.comptes.models import Utilisateur
from cqpm.core.acteurs import SYSTEME
from cqpm.core.dates import ajouter_mois
from cqpm.demo.archives import charger_archives
from cqpm.demo.attributions import charger_attributions
from cqpm.demo.demandes import charger_demandes, charger_doublons
from cqpm.demo.fiche_28245 import charger_fiche_28245
from cqpm.demo.jurys import charger_jurys, solliciter_branches
from cqpm.demo.report import charger_report
from cqpm.demo.synthetiques import creer_cqpm_synthetiques
from cqpm.demo.vae import charger_vae
from cqpm.organisations.enums import Secteur, TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.organisations.services import creer_organisation
from cqpm.organisations.validators import completer_siret
from cqpm.portail.models import CompteCandidat
from cqpm.referentiels.models import Qualification

T = TypeOrganisation

#: (département, name, region) of the demo UIMM territoriales.
TERRITORIALES = [
    ("01", "UIMM de l'Ain", "Auvergne-Rhône-Alpes"),
    ("13", "UIMM Alpes-Méditerranée", "Provence-Alpes-Côte d'Azur"),
    ("2A", "UIMM Corse", "Corse"),
    ("31", "UIMM Midi-Pyrénées", "Occitanie"),
    ("33", "UIMM Gironde-Landes", "Nouvelle-Aquitaine"),
    ("35", "UIMM Bretagne", "Bretagne"),
    ("38", "UIMM Isère", "Auvergne-Rhône-Alpes"),
    ("44", "UIMM Loire-Atlantique", "Pays de la Loire"),
    ("59", "UIMM Grand Hainaut", "Hauts-de-France"),
    ("67", "UIMM Alsace", "Grand Est"),
    ("69", "UIMM Lyon-Rhône", "Auvergne-Rhône-Alpes"),
    ("75", "UIMM Île-de-France", "Île-de-France"),
    ("971", "UIMM Guadeloupe", "Guadeloupe"),
    ("974", "UIMM La Réunion", "La Réunion"),
]

#: (first 13 digits of the SIRET, name, NACE, sector, branch if HM, département).
SALARIES_DEMO = [
    ("Garcia", "Hugo", datetime.date(1994, 5, 17), "Lyon"),
    ("Bernard", "Inès", datetime.date(1988, 11, 2), "Villeurbanne"),
    ("Nguyen", "Thomas", datetime.date(2001, 2, 28), "Vénissieux"),
]

ENTREPRISES = [
    ("4050051850001", "Mécanique de précision du Rhône", "25.62A", Secteur.METAUX, "", "69"),
    ("3810129390002", "Chaudronnerie de l'Atlantique", "25.11Z", Secteur.METAUX, "", "44"),
    ("5520813200001", "Aérostructures d'Occitanie", "30.30Z", Secteur.METAUX, "", "31"),
    ("8012345670001", "Plasturgie de l'Ouest", "22.29A", Secteur.HORS_METAUX, "Plasturgie", "35"),
]

#: (acronym, name of the national union) — the five representative unions of the branch.
SYNDICATS = [
    ("CFDT", "Fédération générale des mines et de la métallurgie CFDT"),
    ("CFE-CGC", "Fédération de la métallurgie CFE-CGC"),
    ("CGT", "Fédération des travailleurs de la métallurgie CGT"),
    ("CGT-FO", "Fédération FO de la métallurgie"),
    ("CFTC", "Fédération CFTC de la métallurgie et parties similaires"),
]
DEPARTEMENTS_BRANCHES = ["69", "75"]

NOM_OF = "Pôle formation des industries technologiques Lyon-Rhône"


def identifiant(role: Role) -> str:
    return f"demo-{role.value.replace('_', '-')}"


def mot_de_passe(role: Role) -> str:
    return f"{identifiant(role)}-2026"


def cle_totp(username: str) -> str:
    """A fixed key per demo user (hex, 20 bytes), so the authenticator app set up once keeps working."""
    return hashlib.sha1(f"cqpm-demo-totp:{username}".encode()).hexdigest()


def secret_base32(cle_hex: str) -> str:
    return b32encode(bytes.fromhex(cle_hex)).decode()


def _organisation(cle: dict[str, Any], **champs: Any) -> Organisation:
    existante = Organisation.objects.filter(**cle).first()
    return existante or creer_organisation(acteur=SYSTEME, **cle, **champs)


class Command(BaseCommand):
    help = "Charge les données de démonstration (organisations, comptes par rôle, fiche RNCP 28245, CQPM fictifs)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Les données de démonstration ne se chargent pas en production.")
        with transaction.atomic():
            organisations = self._organisations()
            comptes_demo = self._comptes(organisations)
        fiche = self._referentiels()
        par_role = {role: u for role, u, _ in comptes_demo}
        self._candidats(fiche, organisations, par_role)
        secretariat = par_role[Role.SECRETARIAT_GTP]
        secretariat.is_verified = lambda: True  # type: ignore[attr-defined]  # as if it had typed its TOTP code
        charger_demandes(organisations[Role.TERRITORIALE], par_role[Role.TERRITORIALE], secretariat)
        with transaction.atomic():
            charger_doublons(par_role[Role.TERRITORIALE])
        aujourdhui, centre, agent = timezone.localdate(), organisations[Role.TERRITORIALE], par_role[Role.TERRITORIALE]
        charger_jurys(fiche, centre, par_role[Role.MEMBRE_JURY], aujourdhui)
        solliciter_branches(fiche, centre, aujourdhui)
        charger_vae(centre, agent, aujourdhui)
        charger_report(
            fiche, centre, organisations[Role.ENTREPRISE], organisations[Role.ORGANISME_FORMATION], agent, aujourdhui
        )
        charger_attributions(centre, aujourdhui)
        charger_archives(fiche, centre, organisations[Role.ENTREPRISE], agent, aujourdhui)
        self._afficher(comptes_demo)

    def _organisations(self) -> dict[Role, Organisation]:
        _organisation(
            {"type": T.UIMM, "nom": "UIMM — Union des industries et métiers de la métallurgie"},
            adresse="56, avenue de Wagram, 75017 Paris",
            departement="75",
            region="Île-de-France",
        )
        gtp = _organisation(
            {"type": T.GTP, "nom": "GTP « Qualifications » de la CPNEFP de la métallurgie"},
            adresse="56, avenue de Wagram, 75017 Paris",
            email="gtp@cqpm.example",
        )
        territoriales = {
            dep: _organisation({"type": T.TERRITORIALE, "departement": dep}, nom=nom, region=region)
            for dep, nom, region in TERRITORIALES
        }
        for region in sorted({region for _, _, region in TERRITORIALES}):
            _organisation({"type": T.CPREFP, "region": region}, nom=f"CPREFP {region}")
        entreprises = [
            _organisation(
                {"type": T.ENTREPRISE, "siret": completer_siret(debut)},
                nom=nom,
                code_nace=nace,
                secteur=secteur,
                branche=branche,
                departement=dep,
            )
            for debut, nom, nace, secteur, branche, dep in ENTREPRISES
        ]
        organisme = _organisation(
            {"type": T.ORGANISME_FORMATION, "nom": NOM_OF}, departement="69", region="Auvergne-Rhône-Alpes"
        )
        branches = []
        for sigle, nom in SYNDICATS:
            syndicat = _organisation({"type": T.SYNDICAT, "nom": f"{nom} ({sigle})"})
            for dep in DEPARTEMENTS_BRANCHES:
                branches.append(
                    _organisation(
                        {"type": T.BRANCHE_SYNDICALE, "parent": syndicat, "departement": dep},
                        nom=f"{sigle} — syndicat de la métallurgie {territoriales[dep].nom.removeprefix('UIMM ')}",
                    )
                )
        return {
            Role.SECRETARIAT_GTP: gtp,
            Role.MEMBRE_GTP: gtp,
            Role.TERRITORIALE: territoriales["69"],
            Role.ENTREPRISE: entreprises[0],
            Role.ORGANISME_FORMATION: organisme,
            Role.BRANCHE_SYNDICALE: branches[0],
        }

    def _comptes(self, organisations: dict[Role, Organisation]) -> list[tuple[Role, Utilisateur, str | None]]:
        comptes_demo = []
        for role in Role:
            username = identifiant(role)
            utilisateur = Utilisateur.objects.filter(username=username).first() or comptes.creer_utilisateur(
                acteur=SYSTEME,
                username=username,
                password=mot_de_passe(role),
                first_name="Démo",
                last_name=role.label,
                email=f"{username}@cqpm.example",
            )
            comptes.attribuer_role(utilisateur, role, organisations.get(role), acteur=SYSTEME)
            cle = None
            if role in ROLES_A_DOUBLE_FACTEUR:
                cle = cle_totp(username)
                TOTPDevice.objects.get_or_create(
                    user=utilisateur, name="Démo", defaults={"key": cle, "confirmed": True}
                )
            comptes_demo.append((role, utilisateur, cle))
        return comptes_demo

    def _referentiels(self) -> Qualification:
        fiche = charger_fiche_28245(acteur=SYSTEME)
        creer_cqpm_synthetiques(12, versions=2)
        return fiche

    def _candidats(
        self, fiche: Qualification, organisations: dict[Role, Organisation], comptes_demo: dict[Role, Utilisateur]
    ) -> None:
        """Three employees of the demo company registered on fiche 28245 four months ago (so that the exam centre
        can hold their commission, R-REG-02); the demo candidate account is the first one's."""
        agent = comptes_demo[Role.TERRITORIALE]
        le = ajouter_mois(timezone.localdate(), -4)
        for nom, prenoms, naissance, commune in SALARIES_DEMO:
            if Candidat.objects.filter(nom=nom, prenoms=prenoms, date_naissance=naissance).exists():
                continue
            candidat = candidats.creer_candidat(
                acteur=agent,
                nom=nom,
                prenoms=prenoms,
                date_naissance=naissance,
                commune_naissance=commune,
                departement_naissance="69",
                courriel=f"{unidecode(prenoms).lower()}.{nom.lower()}@exemple.fr",
            )
            inscription = candidats.inscrire(
                candidat,
                fiche,
                acteur=agent,
                centre_examen=organisations[Role.TERRITORIALE],
                parcours=Parcours.FORMATION_CONTINUE,
                voie=VoieInscription.ENTREPRISE,
                financement=Financement.PF,
                type_beneficiaire=TypeBeneficiaire.SALARIE_METALLURGIE,
                origine=Origine.SALARIE,
                accord_employeur=True,
                entreprise=organisations[Role.ENTREPRISE],
            )
            # Demo history only: registered four months ago, so that the evaluation can be shown (R-REG-02). A real
            # registration recorded today cannot be dated back further than RETROACTIVITE_JOURS (R-REG-03).
            Inscription.objects.filter(pk=inscription.pk).update(date_inscription=le)
        premier = Candidat.objects.get(nom=SALARIES_DEMO[0][0], prenoms=SALARIES_DEMO[0][1])
        if not CompteCandidat.objects.filter(utilisateur=comptes_demo[Role.CANDIDAT]).exists():
            CompteCandidat.objects.create(utilisateur=comptes_demo[Role.CANDIDAT], candidat=premier)

    def _afficher(self, comptes_demo: list[tuple[Role, Utilisateur, str | None]]) -> None:
        ecrire = self.stdout.write
        ecrire(
            f"Données de démonstration : {Organisation.objects.count()} organisations, "
            f"{Utilisateur.objects.count()} comptes, {Qualification.objects.count()} qualifications "
            "(dont la fiche RNCP 28245)."
        )
        ecrire("")
        lignes = [("rôle", "identifiant", "mot de passe")] + [
            (role.label, u.username, mot_de_passe(role)) for role, u, _ in comptes_demo
        ]
        largeurs = [max(len(ligne[i]) for ligne in lignes) for i in range(3)]
        for n, ligne in enumerate(lignes):
            ecrire("  " + " | ".join(texte.ljust(largeurs[i]) for i, texte in enumerate(ligne)).rstrip())
            if n == 0:
                ecrire("  " + "-+-".join("-" * largeur for largeur in largeurs))
        ecrire("")
        ecrire("Double authentification (secrétariat et membres du GTP) — ajoutez la clé à une application TOTP :")
        for _, utilisateur, cle in comptes_demo:
            if cle is None:
                continue
            appareil = TOTPDevice.objects.get(user=utilisateur, name="Démo")
            ecrire(f"  {utilisateur.username} : clé {secret_base32(cle)}")
            ecrire(f"    {appareil.config_url}")
        ecrire("  Code du moment : python manage.py code_totp <identifiant>")
