"""Actions on lifecycle requests: one function per transition of `StatutDemande`, plus the dossier, the opinions and
the GTP's decision (the séances and their agenda are `cqpm.gtp`'s).

brouillon → soumise (every requester signed) → complète (the secretariat checked the dossier) → décidée (at a
séance); retirée from any of the first three. Every function checks who acts (roles and scope, through
`cqpm.comptes.permissions`; `SYSTEME` is the product acting alone), checks its rule, records who and when on the
request, writes the audit log (old → new state, rule) and runs in one transaction. The effects of a decision are in
`effets.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cqpm.audit.enums import EvenementAudit
from cqpm.audit.services import journaliser
from cqpm.comptes.permissions import Action, exiger, motif_du_refus, perimetre, peut
from cqpm.core.acteurs import utilisateur_de
from cqpm.core.errors import AccesRefuse, RegleViolee
from cqpm.core.pieces import controler_piece
from cqpm.core.transitions import aujourdhui
from cqpm.cycle_de_vie import effets, rules
from cqpm.cycle_de_vie.enums import (
    STATUTS_OUVERTS,
    OrigineDemande,
    SensAvisCNCP,
    StatutDemande,
    TypeDemande,
)
from cqpm.cycle_de_vie.models import (
    SECTIONS_RAPPORT,
    AvisCNCP,
    Decision,
    Demande,
    Demandeur,
    InformationCPREFP,
    NouveauCentre,
    PieceJointe,
)
from cqpm.gtp import services as gtp
from cqpm.gtp.models import PointOrdreDuJour, Seance
from cqpm.gtp.services import minuscule
from cqpm.organisations.enums import TypeOrganisation
from cqpm.organisations.models import Organisation
from cqpm.referentiels import rules as rules_referentiel
from cqpm.referentiels.enums import StatutQualification
from cqpm.referentiels.models import CentreRessources, Qualification, VersionReferentiel
from cqpm.referentiels.rules import Erreur, erreur
from cqpm.referentiels.services import blocs_saisis, creer_version, referentiel_saisi

CHAMPS_DOSSIER = (*SECTIONS_RAPPORT, "fin_souhaitee", "motif")
"""What `creer_demande` and `modifier_dossier` accept as dossier content."""


def _verrouiller(demande: Demande) -> Demande:
    return Demande.objects.select_for_update().select_related("qualification").get(pk=demande.pk)


def _refuser_si_pas(demande: Demande, *statuts: StatutDemande, action: str) -> None:
    if demande.statut in statuts:
        return
    if demande.statut in (StatutDemande.DECIDEE, StatutDemande.RETIREE):
        raise RegleViolee(
            "R-ARCH-04",
            f"La demande n° {demande.pk} est {minuscule(demande.get_statut_display())} : elle est archivée telle "
            f"quelle et on ne peut plus {action} (R-ARCH-04).",
            code="demande_close",
        )
    attendus = " ou ".join(f"« {minuscule(s.label)} »" for s in statuts)
    raise RegleViolee(
        "R-LC-CRE-02",
        f"On ne peut {action} que pour une demande à l'état {attendus} ; la demande n° {demande.pk} est « "
        f"{minuscule(demande.get_statut_display())} » (R-LC-CRE-02).",
        code="transition_refusee",
    )


def _exiger_demandeur(acteur: Any, demande: Demande) -> None:
    """A requester (within its own scope) or the secretariat; a request of the GTP is the secretariat's."""
    if demande.origine == OrigineDemande.GTP:
        exiger(acteur, Action.INSTRUIRE_DEMANDES)
    else:
        exiger(acteur, Action.DEPOSER_DEMANDE, demande)


def _journal(
    demande: Demande, acteur: Any, action: EvenementAudit, avant: str | None, regle: str, **apres: Any
) -> None:
    journaliser(
        acteur=acteur,
        action=action,
        objet=demande,
        avant={"statut": avant} if avant else None,
        apres={"statut": demande.statut, **apres},
        regle=regle,
    )


def _regle_origine(demande: Demande) -> str:
    """The rule that says who files this request (R-LC-CRE-01, R-LC-REV-01/02, R-LC-SUP-02)."""
    if demande.centres_demandes.exists():
        return "R-LC-REV-02"
    return {
        TypeDemande.CREATION: "R-LC-CRE-01",
        TypeDemande.REVISION: "R-LC-REV-01",
        TypeDemande.REACTIVATION: "R-LC-REV-01",
    }.get(TypeDemande(demande.type), "R-LC-SUP-02")


def _verifier_champs_dossier(champs: dict[str, Any]) -> None:
    inconnus = set(champs) - set(CHAMPS_DOSSIER)
    if inconnus:
        raise TypeError(f"Champs du dossier inconnus : {', '.join(sorted(inconnus))}")


def demandes_visibles(utilisateur: Any) -> QuerySet[Demande]:
    """The requests a user may read: all for the national roles; for a territoriale, those it files and those on
    the CQPMs it is resource centre of (a request of the GTP to put one in veille, say)."""
    qs = perimetre(utilisateur, Action.CONSULTER_DEMANDES).filtrer(
        Demande.objects.all(), "demandeurs", "qualification__centres_ressources"
    )
    return Demande.objects.filter(pk__in=qs.values("pk")).select_related("qualification")


# Filing a request.


def _verifier_etat_qualification(type_demande: str, q: Qualification) -> None:
    """Which request fits which state of the CQPM (R-LC-REV-01, R-LC-REA-01, R-LC-SUP-01)."""
    statut = q.statut
    if statut == StatutQualification.PROJET:
        raise RegleViolee(
            "R-LC-CRE-01",
            f"« {q.intitule} » n'est encore qu'un projet : seule sa demande de création le concerne (R-LC-CRE-01).",
            code="qualification_en_projet",
        )
    if statut == StatutQualification.SUPPRIMEE:
        raise RegleViolee(
            "R-LC-SUP-01",
            f"« {q} » a été supprimé : il ne pourra plus être mis en œuvre et aucune demande ne le concerne plus "
            "(R-LC-SUP-01).",
            code="qualification_supprimee",
        )
    if type_demande == TypeDemande.REACTIVATION and statut != StatutQualification.EN_VEILLE:
        raise RegleViolee(
            "R-LC-REA-01",
            f"« {q} » n'est pas en veille : seul un CQPM en veille se réactive (R-LC-REA-01).",
            code="pas_en_veille",
        )
    if type_demande in (TypeDemande.REVISION, TypeDemande.MISE_EN_VEILLE) and statut != StatutQualification.EN_VIGUEUR:
        regle = "R-LC-REA-01" if type_demande == TypeDemande.REVISION else "R-LC-SUP-01"
        suite = (
            " ; une réactivation peut être combinée avec une révision" if type_demande == TypeDemande.REVISION else ""
        )
        raise RegleViolee(
            regle,
            f"« {q} » est {q.get_statut_display().lower()}{suite} ({regle}).",
            code="etat_incompatible",
        )
    en_cours = Demande.objects.filter(qualification=q, statut__in=STATUTS_OUVERTS).first()
    if en_cours is not None:
        raise RegleViolee(
            "DEMANDE",
            f"{en_cours} est déjà en cours sur ce CQPM : le GTP en décide, ou elle est retirée, avant qu'une autre "
            "demande ne soit déposée.",
            code="demande_en_cours",
        )


def creer_demande(
    type_demande: TypeDemande | str,
    *,
    acteur: Any,
    demandeurs: Sequence[Organisation] = (),
    par_le_gtp: bool = False,
    qualification: Qualification | None = None,
    intitule: str = "",
    centres_ressources: Sequence[Organisation] = (),
    nouveaux_centres: Sequence[Organisation] = (),
    avec_revision: bool = False,
    **dossier: Any,
) -> Demande:
    """File a request, as a draft (brouillon), with its projet de référentiel when it carries one.

    - creation: `intitule` of the new CQPM; a qualification in status projet and its draft version are created;
      the requesting territoriales are its future resource centres, in order — a request of the UIMM names them
      in `centres_ressources` (their départements make the number, R-ID-01);
    - revision (or reactivation `avec_revision`): the draft starts from the version in force;
      `nouveaux_centres` asks for a change of resource centre (joint request, R-LC-REV-02);
    - mise en veille, suppression: `motif` is required (R-LC-SUP-02).
    `dossier` holds the written parts (`SECTIONS_RAPPORT`, `fin_souhaitee`, `motif`).
    """
    type_demande = TypeDemande(type_demande)
    _verifier_champs_dossier(dossier)
    if par_le_gtp:
        exiger(acteur, Action.INSTRUIRE_DEMANDES)
    elif not demandeurs:
        exiger(acteur, Action.DEPOSER_DEMANDE)
    elif not any(peut(acteur, Action.DEPOSER_DEMANDE, o) for o in demandeurs):
        raise AccesRefuse(motif_du_refus(acteur, Action.DEPOSER_DEMANDE, demandeurs[0]))
    rules.verifier_motif(type_demande, dossier.get("motif", ""))
    if avec_revision and type_demande != TypeDemande.REACTIVATION:
        raise ValueError("Seule une réactivation se combine avec une révision.")
    projet: VersionReferentiel | None
    remplacee: VersionReferentiel | None
    with transaction.atomic():
        if type_demande == TypeDemande.CREATION:
            if qualification is not None:
                raise ValueError("Une demande de création crée sa qualification : n'en passez pas.")
            origine = rules.verifier_demandeurs_creation(demandeurs, par_le_gtp=par_le_gtp)
            centres = _centres_futurs(origine, demandeurs, centres_ressources, nouveaux_centres)
            if not intitule.strip():
                raise RegleViolee(
                    "R-REF-01", "Le titre du CQPM est absent (R-REF-01).", code="intitule", champ="intitule"
                )
            qualification = Qualification.objects.create(intitule=intitule.strip())
            CentreRessources.objects.bulk_create(
                CentreRessources(qualification=qualification, territoriale=t, ordre=i) for i, t in enumerate(centres, 1)
            )
            projet, remplacee = creer_version(qualification, acteur=acteur), None
        else:
            if qualification is None:
                raise ValueError("Indiquez la qualification concernée par la demande.")
            qualification = Qualification.objects.select_for_update().get(pk=qualification.pk)
            _verifier_etat_qualification(type_demande, qualification)
            centres_actuels = [
                c.territoriale
                for c in CentreRessources.objects.filter(qualification=qualification).select_related("territoriale")
            ]
            origine = rules.verifier_demandeurs_suite(
                type_demande,
                demandeurs,
                par_le_gtp=par_le_gtp,
                centres=centres_actuels,
                nouveaux_centres=nouveaux_centres,
            )
            projet = remplacee = None
            if type_demande == TypeDemande.REVISION or avec_revision:
                remplacee = qualification.version_courante
                if remplacee is None:
                    raise RegleViolee(
                        "R-LC-REV-03",
                        f"« {qualification} » n'a pas de référentiel en vigueur à réviser (R-LC-REV-03).",
                        code="sans_version",
                    )
                projet = creer_version(qualification, acteur=acteur, depuis=remplacee)
        demande = Demande.objects.create(
            type=type_demande,
            origine=origine,
            qualification=qualification,
            projet=projet,
            version_remplacee=remplacee,
            avec_revision=avec_revision,
            creee_par=utilisateur_de(acteur),
            **dossier,
        )
        Demandeur.objects.bulk_create(
            Demandeur(demande=demande, organisation=o, ordre=i) for i, o in enumerate(demandeurs, 1)
        )
        if type_demande != TypeDemande.CREATION:
            NouveauCentre.objects.bulk_create(
                NouveauCentre(demande=demande, territoriale=t, ordre=i) for i, t in enumerate(nouveaux_centres, 1)
            )
        _journal(
            demande,
            acteur,
            EvenementAudit.DEMANDE_CREATION,
            None,
            _regle_origine(demande),
            type=type_demande.value,
            origine=origine.value,
            demandeurs=[str(o) for o in demandeurs],
            nouveaux_centres=[str(t) for t in nouveaux_centres],
        )
    return demande


def _centres_futurs(
    origine: OrigineDemande,
    demandeurs: Sequence[Organisation],
    centres_ressources: Sequence[Organisation],
    nouveaux_centres: Sequence[Organisation],
) -> list[Organisation]:
    """The requesting territoriales become resource centres (R-LC-CRE-07); the UIMM designates them."""
    if nouveaux_centres:
        raise ValueError("Une demande de création désigne ses centres de ressources par ses demandeurs.")
    if origine == OrigineDemande.TERRITORIALES:
        if centres_ressources and [o.pk for o in centres_ressources] != [o.pk for o in demandeurs]:
            raise RegleViolee(
                "R-LC-CRE-07",
                "Les UIMM territoriales qui demandent la création deviennent elles-mêmes centres de ressources "
                "(R-LC-CRE-07).",
                code="centres_ressources",
            )
        return list(demandeurs)
    distincts = {o.pk for o in centres_ressources}
    if not 1 <= len(distincts) == len(centres_ressources) <= 2 or any(
        o.type != TypeOrganisation.TERRITORIALE for o in centres_ressources
    ):
        raise RegleViolee(
            "R-LC-CRE-07",
            "Une demande de création de l'UIMM désigne la ou les deux UIMM territoriales qui seront centres de "
            "ressources du CQPM et dont le département figurera dans son numéro (R-LC-CRE-07, R-ID-01).",
            code="centres_ressources",
            champ="centres_ressources",
        )
    return list(centres_ressources)


def modifier_dossier(demande: Demande, *, acteur: Any, **champs: Any) -> Demande:
    """Write parts of the dossier, while the request is a draft or submitted (before the secretariat closes it)."""
    _verifier_champs_dossier(champs)
    _exiger_demandeur(acteur, demande)
    with transaction.atomic():
        demande = _verrouiller(demande)
        _refuser_si_pas(demande, StatutDemande.BROUILLON, StatutDemande.SOUMISE, action="modifier son dossier")
        if "motif" in champs:
            rules.verifier_motif(demande.type, champs["motif"])
        avant = {k: _json(getattr(demande, k)) for k in champs}
        for k, v in champs.items():
            setattr(demande, k, v)
        demande.save(update_fields=list(champs))
        journaliser(
            acteur=acteur,
            action=EvenementAudit.DEMANDE_MODIFICATION_DOSSIER,
            objet=demande,
            avant=avant,
            apres={k: _json(v) for k, v in champs.items()},
            regle="R-LC-CRE-02",
        )
    return demande


def _json(valeur: Any) -> Any:
    return valeur.isoformat() if isinstance(valeur, datetime.date) else valeur


# Submission: every requester signs; the last signature submits (a joint request is joint, R-LC-REV-02).


def soumettre(demande: Demande, *, acteur: Any) -> Demande:
    """Sign the request for the acting user's requesting organisation(s) — the secretariat, recording a joint
    letter, signs for all; once every requester signed, the request is submitted to the secretariat. A revision
    or reactivation then lists the CPREFPs to inform (R-LC-REV-01)."""
    _exiger_demandeur(acteur, demande)
    with transaction.atomic():
        demande = _verrouiller(demande)
        _refuser_si_pas(demande, StatutDemande.BROUILLON, action="la soumettre")
        maintenant = timezone.now()
        attente = list(demande.signataires.filter(signe_le__isnull=True).select_related("organisation"))
        a_signer = [s for s in attente if peut(acteur, Action.DEPOSER_DEMANDE, s.organisation)]
        if attente and not a_signer:
            raise AccesRefuse(
                f"Votre organisation n'a pas de signature à apposer sur cette demande ; elle attend celle de "
                f"{', '.join(str(s.organisation) for s in attente)}."
            )
        for signature in a_signer:
            signature.signe_le, signature.signe_par = maintenant, utilisateur_de(acteur)
            signature.save(update_fields=["signe_le", "signe_par"])
        if a_signer:
            journaliser(
                acteur=acteur,
                action=EvenementAudit.DEMANDE_SIGNATURE,
                objet=demande,
                apres={"signee_pour": [str(s.organisation) for s in a_signer]},
                regle=_regle_origine(demande),
            )
        if len(a_signer) < len(attente):
            return demande
        if demande.type in (TypeDemande.REVISION, TypeDemande.REACTIVATION):
            _cprefp_a_informer(demande)
        avant, demande.statut = demande.statut, StatutDemande.SOUMISE
        demande.soumise_le, demande.soumise_par = maintenant, utilisateur_de(acteur)
        demande.save(update_fields=["statut", "soumise_le", "soumise_par"])
        _journal(demande, acteur, EvenementAudit.DEMANDE_SOUMISSION, avant, _regle_origine(demande))
    return demande


def _cprefp_a_informer(demande: Demande) -> None:
    """The CPREFPs of the regions of the requesting territoriales (of the resource centres for a request of the
    GTP) must be informed of a revision or reactivation (R-LC-REV-01)."""
    if demande.origine == OrigineDemande.GTP:
        territoriales = [
            c.territoriale for c in CentreRessources.objects.filter(qualification=demande.qualification_id)
        ]
    else:
        territoriales = list(demande.demandeurs.all())
    regions: dict[str, Organisation] = {}
    for t in territoriales:
        if not t.region.strip():
            raise RegleViolee(
                "R-LC-REV-01",
                f"La région de « {t} » n'est pas renseignée : impossible de savoir quelle CPREFP informer de la "
                "demande (R-LC-REV-01).",
                code="region_inconnue",
            )
        regions.setdefault(t.region, t)
    for region in regions:
        cprefp = (
            Organisation.objects.filter(type=TypeOrganisation.CPREFP, region=region, active=True).order_by("pk").first()
        )
        if cprefp is None:
            raise RegleViolee(
                "R-LC-REV-01",
                f"Aucune CPREFP n'est enregistrée pour la région « {region} » : elle doit être informée de la demande "
                "(R-LC-REV-01).",
                code="cprefp_inconnue",
            )
        InformationCPREFP.objects.get_or_create(demande=demande, cprefp=cprefp)


def informer_cprefp(demande: Demande, cprefp: Organisation, *, le: datetime.date, acteur: Any) -> InformationCPREFP:
    """Record the date a CPREFP was informed of a revision or reactivation request (R-LC-REV-01)."""
    _exiger_demandeur(acteur, demande)
    if cprefp.type != TypeOrganisation.CPREFP:
        raise RegleViolee("R-LC-REV-01", f"« {cprefp} » n'est pas une CPREFP (R-LC-REV-01).", code="pas_une_cprefp")
    if demande.type not in (TypeDemande.REVISION, TypeDemande.REACTIVATION):
        raise RegleViolee(
            "R-LC-REV-01",
            "Les CPREFP sont informées des demandes de révision et de réactivation (R-LC-REV-01).",
            code="information_sans_objet",
        )
    if le > aujourdhui():
        raise RegleViolee(
            "R-LC-REV-01", "La date d'information d'une CPREFP ne peut être future.", code="date_future", champ="le"
        )
    with transaction.atomic():
        demande = _verrouiller(demande)
        _refuser_si_pas(
            demande, StatutDemande.SOUMISE, StatutDemande.COMPLETE, action="enregistrer l'information d'une CPREFP"
        )
        if le < timezone.localtime(demande.soumise_le).date():
            raise RegleViolee(
                "R-LC-REV-01",
                "Une CPREFP est informée d'une demande déjà soumise : la date précède la soumission (R-LC-REV-01).",
                code="date_avant_soumission",
                champ="le",
            )
        information, _ = InformationCPREFP.objects.select_for_update().get_or_create(demande=demande, cprefp=cprefp)
        if information.informee_le is not None:
            raise RegleViolee(
                "R-LC-REV-01",
                f"« {cprefp} » a déjà été informée de cette demande le {information.informee_le:%d/%m/%Y} "
                "(R-LC-REV-01).",
                code="deja_informee",
            )
        information.informee_le, information.enregistree_par = le, utilisateur_de(acteur)
        information.save(update_fields=["informee_le", "enregistree_par"])
        journaliser(
            acteur=acteur,
            action=EvenementAudit.DEMANDE_INFORMATION_CPREFP,
            objet=demande,
            apres={"cprefp": str(cprefp), "informee_le": le.isoformat()},
            regle="R-LC-REV-01",
        )
    return information


# The gap a revision makes (R-LC-REV-03): computed each time from the two versions, stored nowhere.


def ecart_versions(ancienne: VersionReferentiel, nouvelle: VersionReferentiel) -> rules.Ecart:
    """Capacities and blocs added, removed, changed or moved between two versions; both stay as they are."""
    return rules.ecart(blocs_saisis(ancienne), blocs_saisis(nouvelle))


def ecart_demande(demande: Demande) -> rules.Ecart | None:
    """The gap between the revised version and its draft (or decided) successor; None without a revision."""
    if demande.projet_id is None or demande.version_remplacee_id is None:
        return None
    versions = VersionReferentiel.objects.in_bulk([demande.version_remplacee_id, demande.projet_id])
    return ecart_versions(versions[demande.version_remplacee_id], versions[demande.projet_id])


# Instruction by the secretariat.


def manques(demande: Demande) -> list[Erreur]:
    """Everything the dossier still lacks before it can go to decision: written parts (R-LC-CRE-02, R-LC-REV-03,
    R-LC-REA-01), gaps of the projet de référentiel (R-REF-01; its category is the GTP's, R-CAT-01) and CPREFPs
    not yet informed (R-LC-REV-01). Pages show this list as the dossier's checklist."""
    dossier = rules.DossierSaisi(
        type=demande.type,
        avec_revision=demande.avec_revision,
        sections={s: getattr(demande, s) for s in SECTIONS_RAPPORT},
        fin_souhaitee=demande.fin_souhaitee,
        motif=demande.motif,
    )
    liste = rules.manques_dossier(dossier, SECTIONS_RAPPORT)
    if demande.projet_id is not None:
        projet = referentiel_saisi(VersionReferentiel.objects.get(pk=demande.projet_id))
        lacunes = rules_referentiel.manques_referentiel(projet) + rules_referentiel.erreurs_structure(projet.blocs)
        liste += [
            erreur(f"projet.{e['champ']}", f"Projet de référentiel : {e['message']}", e["rule"])
            for e in lacunes
            if e["champ"] != "categorie"
        ]
    for information in demande.informations_cprefp.filter(informee_le__isnull=True).select_related("cprefp"):
        liste.append(
            erreur(
                "informations_cprefp",
                f"« {information.cprefp} » n'a pas encore été informée de la demande (R-LC-REV-01).",
                "R-LC-REV-01",
            )
        )
    return liste


def declarer_complete(demande: Demande, *, acteur: Any) -> Demande:
    """The secretariat declares the dossier complete: only then may the GTP decide (R-LC-CRE-02)."""
    exiger(acteur, Action.INSTRUIRE_DEMANDES)
    with transaction.atomic():
        demande = _verrouiller(demande)
        _refuser_si_pas(demande, StatutDemande.SOUMISE, action="déclarer son dossier complet")
        lacunes = manques(demande)
        if lacunes:
            if all(e["rule"] == "R-LC-REV-01" for e in lacunes):
                regle = "R-LC-REV-01"
            elif demande.type == TypeDemande.REACTIVATION and not demande.avec_revision:
                regle = "R-LC-REA-01"
            else:
                regle = "R-LC-CRE-02"
            raise RegleViolee(
                regle,
                f"Le dossier de la demande n° {demande.pk} est incomplet ({len(lacunes)} élément(s) manquant(s)) : "
                + " ; ".join(e["message"].rstrip(".") for e in lacunes)
                + f" ({regle}).",
                code="dossier_incomplet",
                details=[dict(e) for e in lacunes],
            )
        avant, demande.statut = demande.statut, StatutDemande.COMPLETE
        demande.complete_le, demande.complete_par = timezone.now(), utilisateur_de(acteur)
        demande.save(update_fields=["statut", "complete_le", "complete_par"])
        _journal(demande, acteur, EvenementAudit.DEMANDE_DOSSIER_COMPLET, avant, "R-LC-CRE-02")
    return demande


def enregistrer_avis_cncp(
    demande: Demande, *, date: datetime.date, avis: SensAvisCNCP | str, acteur: Any, commentaire: str = ""
) -> AvisCNCP:
    """Record the CNCP's opinion on the projet d'opportunité of a creation (R-LC-CRE-03)."""
    exiger(acteur, Action.INSTRUIRE_DEMANDES)
    if avis not in SensAvisCNCP.values:
        raise RegleViolee("R-LC-CRE-03", f"Avis de la CNCP inconnu : « {avis} ».", code="avis_inconnu", champ="avis")
    if demande.type != TypeDemande.CREATION:
        raise RegleViolee(
            "R-LC-CRE-03",
            "L'avis de la CNCP est recueilli sur le projet d'opportunité d'une création (R-LC-CRE-03).",
            code="avis_sans_objet",
        )
    if date > aujourdhui():
        raise RegleViolee("R-LC-CRE-03", "La date de l'avis de la CNCP ne peut être future.", code="date_future")
    with transaction.atomic():
        demande = _verrouiller(demande)
        _refuser_si_pas(demande, StatutDemande.SOUMISE, StatutDemande.COMPLETE, action="enregistrer l'avis de la CNCP")
        if date < timezone.localtime(demande.soumise_le).date():
            raise RegleViolee(
                "R-LC-CRE-03",
                "La CNCP donne son avis sur un dossier qui lui a été transmis : la date précède la soumission de la "
                "demande (R-LC-CRE-03).",
                code="date_avant_soumission",
            )
        existant = AvisCNCP.objects.filter(demande=demande).first()
        if existant is not None:
            raise RegleViolee(
                "R-LC-CRE-03",
                f"L'avis de la CNCP sur cette demande est déjà enregistré ({existant}) ; il est conservé tel quel "
                "(R-ARCH-04).",
                code="avis_deja_enregistre",
            )
        resultat = AvisCNCP.objects.create(
            demande=demande, date=date, sens=avis, commentaire=commentaire, enregistre_par=utilisateur_de(acteur)
        )
        journaliser(
            acteur=acteur,
            action=EvenementAudit.DEMANDE_AVIS_CNCP,
            objet=demande,
            apres={"date": date.isoformat(), "avis": str(avis), "commentaire": commentaire},
            regle="R-LC-CRE-03",
        )
    return resultat


def retirer(demande: Demande, *, acteur: Any, motif: str = "") -> Demande:
    """Withdraw a request not yet decided: it stays archived with its dossier and its draft (R-ARCH-04)."""
    _exiger_demandeur(acteur, demande)
    with transaction.atomic():
        demande = _verrouiller(demande)
        _refuser_si_pas(demande, *STATUTS_OUVERTS, action="la retirer")
        avant, demande.statut = demande.statut, StatutDemande.RETIREE
        demande.retiree_le, demande.retiree_par, demande.motif_retrait = timezone.now(), utilisateur_de(acteur), motif
        demande.save(update_fields=["statut", "retiree_le", "retiree_par", "motif_retrait"])
        gtp.retirer_de_l_ordre_du_jour(demande)
        _journal(demande, acteur, EvenementAudit.DEMANDE_RETRAIT, avant, "R-ARCH-04", motif=motif)
    return demande


# Attachments.


def joindre_piece(demande: Demande, fichier: File[bytes], *, acteur: Any) -> PieceJointe:
    """Attach a PDF or office document to the dossier; its type is read from its content, its size capped
    (`PIECE_JOINTE_TAILLE_MAX`) by `cqpm.core.pieces.controler_piece` (R-LC-CRE-02)."""
    _exiger_demandeur(acteur, demande)
    controle = controler_piece(fichier, regle="R-LC-CRE-02")
    nom, taille, type_piece = controle.nom, controle.taille, controle.type
    with transaction.atomic():
        demande = _verrouiller(demande)
        _refuser_si_pas(demande, StatutDemande.BROUILLON, StatutDemande.SOUMISE, action="y joindre une pièce")
        piece = PieceJointe(
            demande=demande,
            nom_original=nom,
            taille=taille,
            type_detecte=type_piece,
            deposee_par=utilisateur_de(acteur),
        )
        piece.fichier.save(nom, fichier, save=False)
        piece.save()
        journaliser(
            acteur=acteur,
            action=EvenementAudit.DEMANDE_PIECE_JOINTE,
            objet=demande,
            apres={"piece": nom, "taille": taille, "type": type_piece.value, "chemin": piece.fichier.name},
            regle="R-LC-CRE-02",
        )
    return piece


# The GTP séances are `cqpm.gtp`'s: a request is one kind of subject on their agenda, declared in `apps.py`.


def preparer_inscription(demande: Demande) -> Demande:
    """What a request must be to go on a séance's agenda: submitted or complete (`cqpm.gtp.sujets`)."""
    demande = _verrouiller(demande)
    _refuser_si_pas(
        demande, StatutDemande.SOUMISE, StatutDemande.COMPLETE, action="l'inscrire à l'ordre du jour du GTP"
    )
    return demande


def inscrire_a_l_ordre_du_jour(seance: Seance, demande: Demande, *, acteur: Any) -> PointOrdreDuJour:
    """Put a submitted or complete request on the agenda of a planned séance; one agenda at a time."""
    return gtp.inscrire_a_l_ordre_du_jour(seance, demande, acteur=acteur)


# The decision.


def decider(
    demande: Demande,
    *,
    seance: Seance,
    favorable: bool,
    motif: str,
    acteur: Any,
    categorie: str | None = None,
    liste_b: bool = False,
    fin_reactivation: datetime.date | None = None,
    duree_indeterminee: bool = False,
) -> Decision:
    """Record the GTP's decision on a complete request on that séance's agenda, dated the séance's day, and apply
    its effects in the same transaction (`effets.py`); every UIMM territoriale is told after commit (R-LC-DEC-01).

    `categorie` is required for a favourable creation (R-LC-CRE-04, R-CAT-01) and reclasses at revision;
    `liste_b` is the GTP's positive opinion for liste B (R-LIST-02); a favourable reactivation ends on
    `fin_reactivation`, lasts indefinitely with `duree_indeterminee`, and otherwise ends with the session that
    motivated it, as the request stated (R-LC-REA-02).
    """
    exiger(acteur, Action.ENREGISTRER_DECISIONS)
    with transaction.atomic():
        seance = Seance.objects.select_for_update().get(pk=seance.pk)
        demande = _verrouiller(demande)
        _refuser_si_pas(demande, StatutDemande.COMPLETE, action="la soumettre à la décision du GTP")
        point = gtp.point_a_examiner(demande, seance)
        if point is None:
            raise RegleViolee(
                "SEANCE",
                f"{demande} n'est pas inscrite à l'ordre du jour de la {minuscule(str(seance))} : le GTP décide "
                "des demandes inscrites à l'ordre du jour de ses séances.",
                code="hors_ordre_du_jour",
            )
        le = seance.date
        if le > aujourdhui():
            raise RegleViolee(
                "SEANCE",
                f"La {minuscule(str(seance))} ne s'est pas encore tenue : ses décisions ne peuvent pas encore "
                "être enregistrées.",
                code="seance_future",
            )
        if demande.soumise_le is not None and le < timezone.localtime(demande.soumise_le).date():
            raise RegleViolee(
                "SEANCE",
                f"La {minuscule(str(seance))} a précédé la soumission de {demande} : le GTP décide à une séance "
                "ultérieure.",
                code="seance_avant_demande",
            )
        fin = _verifier_decision(
            demande, le, favorable, motif, categorie, liste_b, fin_reactivation, duree_indeterminee
        )
        decision = Decision.objects.create(
            demande=demande,
            point=point,
            date=le,
            favorable=favorable,
            motif=motif.strip(),
            categorie=(categorie or "") if favorable else "",
            liste_b=liste_b,
            fin_reactivation=fin,
            duree_indeterminee=favorable and demande.type == TypeDemande.REACTIVATION and fin is None,
            enregistree_par=utilisateur_de(acteur),
        )
        point.seance = seance
        gtp.marquer_decide(point)
        avant, demande.statut = demande.statut, StatutDemande.DECIDEE
        demande.decidee_le, demande.decidee_par = le, utilisateur_de(acteur)
        demande.save(update_fields=["statut", "decidee_le", "decidee_par"])
        _journal(
            demande,
            acteur,
            EvenementAudit.DEMANDE_DECISION,
            avant,
            effets.REGLE_DECISION[TypeDemande(demande.type)],
            favorable=favorable,
            date=le.isoformat(),
            motif=decision.motif,
            categorie=decision.categorie,
            liste_b=liste_b,
            fin_reactivation=fin.isoformat() if fin else None,
        )
        if favorable:
            effets.appliquer(decision, acteur=acteur)
        effets.notifier(decision)
    return decision


def _verifier_decision(
    demande: Demande,
    le: datetime.date,
    favorable: bool,
    motif: str,
    categorie: str | None,
    liste_b: bool,
    fin_reactivation: datetime.date | None,
    duree_indeterminee: bool,
) -> datetime.date | None:
    """Check what the GTP decided against the request; return the end of a reactivation (None: indefinite)."""
    type_demande = demande.type
    if type_demande == TypeDemande.CREATION:
        avis = AvisCNCP.objects.filter(demande=demande).first()
        if avis is None or avis.date > le:
            raise RegleViolee(
                "R-LC-CRE-03",
                "Le GTP ne décide d'une création qu'après l'avis de la CNCP sur le projet d'opportunité, qui n'est pas "
                "enregistré à la date de la séance (R-LC-CRE-03).",
                code="avis_cncp_manquant",
            )
    if not favorable:
        if not motif.strip():
            raise RegleViolee("R-LC-DEC-01", "Une décision défavorable est motivée (R-LC-DEC-01).", code="motif")
        if categorie or liste_b or fin_reactivation or duree_indeterminee:
            raise RegleViolee(
                "R-LC-DEC-01",
                "Une décision défavorable ne classe pas, n'inscrit sur aucune liste et ne fixe aucune durée.",
                code="decision_defavorable",
            )
        return None
    if categorie:
        if type_demande not in (TypeDemande.CREATION, TypeDemande.REVISION) and not demande.avec_revision:
            raise RegleViolee(
                "R-CAT-01",
                "Le GTP classe un CQPM à sa création et peut le reclasser à sa révision (R-CAT-01).",
                code="categorie_sans_objet",
            )
        rules_referentiel.explication_categorie(categorie)
    elif type_demande == TypeDemande.CREATION:
        raise RegleViolee(
            "R-LC-CRE-04",
            "À la création d'un CQPM, le GTP fixe sa catégorie (A, B, C, C* ou D) (R-LC-CRE-04, R-CAT-01).",
            code="categorie_manquante",
            champ="categorie",
        )
    if liste_b and type_demande in (TypeDemande.MISE_EN_VEILLE, TypeDemande.SUPPRESSION):
        raise RegleViolee(
            "R-LIST-03",
            "Une mise en veille ou une suppression retire le CQPM des listes A et B (R-LIST-03).",
            code="liste_b_sans_objet",
        )
    if type_demande != TypeDemande.REACTIVATION:
        if fin_reactivation or duree_indeterminee:
            raise RegleViolee(
                "R-LC-REA-02", "Seule une réactivation a une durée à fixer (R-LC-REA-02).", code="duree_sans_objet"
            )
        return None
    if fin_reactivation and duree_indeterminee:
        raise RegleViolee(
            "R-LC-REA-02",
            "Une réactivation a une date de fin ou une durée indéterminée, pas les deux (R-LC-REA-02).",
            code="duree_contradictoire",
        )
    fin = None if duree_indeterminee or demande.avec_revision else demande.fin_souhaitee
    fin = fin_reactivation or fin
    if fin is not None and fin < le:
        raise RegleViolee(
            "R-LC-REA-02",
            f"La réactivation finirait le {fin:%d/%m/%Y}, avant la décision du {le:%d/%m/%Y} : le GTP fixe une autre "
            "date de fin ou une durée indéterminée (R-LC-REA-02).",
            code="fin_avant_decision",
            champ="fin_reactivation",
        )
    return fin
