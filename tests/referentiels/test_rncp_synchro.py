"""Synchronising fiche 28245 with France Compétences' export: dry run first, then one audited step per CQPM."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from cqpm.audit.models import EntreeAudit
from cqpm.comptes.enums import Role
from cqpm.core.acteurs import SYSTEME
from cqpm.core.errors import AccesRefuse
from cqpm.referentiels.models import Bloc, Qualification
from cqpm.referentiels.rncp import analyser, appliquer, decrire, lignes_diff
from tests.factories import QualificationFactory, UtilisateurFactory, verifie_par_otp

DONNEES = Path(__file__).resolve().parent / "donnees_rncp"
EXPORT = DONNEES / "export_28245_renouvelee.xml"
D = datetime.date


def instantane(q: Qualification) -> dict[str, object]:
    q.refresh_from_db()
    champs = {f.name: getattr(q, f.name) for f in Qualification._meta.concrete_fields}
    blocs = list(Bloc.objects.filter(version__qualification=q).values_list("code_rncp", "date_enregistrement_rncp"))
    return {**champs, "blocs": blocs, "audit": EntreeAudit.objects.count()}


CHANGEMENTS_28245 = {
    "rncp_date_arrete": (D(2017, 4, 7), D(2022, 3, 30)),
    "rncp_date_jo": (D(2017, 4, 21), D(2022, 4, 12)),
    "rncp_debut": (D(2017, 4, 21), D(2022, 4, 21)),
    "rncp_fin": (D(2022, 4, 21), D(2027, 4, 21)),
    "codes_rome": (["H2906"], ["H2906", "H2909"]),
    "rncp_niveau": (None, 3),
    "rncp_actif": (None, True),
    "rncp_etat": ("", "Publiée"),
    "attributions_annuelles_moyennes": (284, 281),
}


@pytest.mark.django_db
def test_dry_run_shows_the_diff_of_fiche_28245_and_writes_nothing_R_REF_04(fiche_28245):
    avant = instantane(fiche_28245)
    rapport = analyser(EXPORT)
    (diff,) = rapport.qualifications
    assert (diff.qualification_id, diff.fiche) == (fiche_28245.pk, "RNCP28245")
    assert diff.champs == CHANGEMENTS_28245
    assert diff.blocs == [] and diff.erreurs == [] and diff.signalements == []
    assert instantane(fiche_28245) == avant
    lignes = list(lignes_diff(diff))
    assert lignes[0] == "Opérateur(trice) polyvalent d’équipe autonome (MQ 2005 12 69 0198 R) — fiche RNCP28245"
    assert "  enregistrement RNCP : fin : 21/04/2022 → 21/04/2027" in lignes
    assert "  date de publication au JO : 21/04/2017 → 12/04/2022" in lignes
    assert "  attributions par an en moyenne (5 dernières années) : 284 → 281" in lignes
    assert "  codes ROME : H2906 → H2906, H2909" in lignes
    assert "  enregistrement RNCP actif : (vide) → oui" in lignes


@pytest.mark.django_db
def test_applying_writes_the_registration_in_one_audited_step_R_REF_04(fiche_28245):
    intitule, blocs = fiche_28245.intitule, instantane(fiche_28245)["blocs"]
    resultat = appliquer(analyser(EXPORT), acteur=SYSTEME)
    assert [d.qualification_id for d in resultat.appliquees] == [fiche_28245.pk] and resultat.echecs == []
    q = Qualification.objects.get(pk=fiche_28245.pk)
    assert {c: getattr(q, c) for c in CHANGEMENTS_28245} == {c: v[1] for c, v in CHANGEMENTS_28245.items()}
    assert q.intitule == intitule  # the RNCP title is reported, never taken
    assert "h2909" in q.texte_recherche  # the search text was refreshed
    assert instantane(q)["blocs"] == blocs  # same bloc codes: registration dates kept (R-LC-CRE-06)
    entree = EntreeAudit.objects.get(action="qualification.synchronisation_rncp")
    assert (entree.objet_id, entree.regle, entree.acteur_libelle) == (str(q.pk), "R-REF-04", "Système")
    assert entree.avant["rncp_fin"] == "2022-04-21" and entree.apres["rncp_fin"] == "2027-04-21"
    assert entree.apres["fiche"] == "RNCP28245"
    assert analyser(EXPORT).a_appliquer == []  # a second run finds nothing left to change


@pytest.mark.django_db
def test_fiches_of_other_certifiers_are_skipped_and_counted(fiche_28245):
    rapport = analyser(EXPORT)
    assert (rapport.fiches_lues, rapport.autres_certificateurs) == (3, 2)
    assert rapport.certificateur_different == [] and rapport.inconnues == [] and rapport.absentes == []
    assert next(decrire(rapport)) == (
        "3 fiche(s) lue(s) ; 2 fiche(s) d'autres certificateurs ignorée(s) ; 1 qualification(s) rapprochée(s)."
    )


@pytest.mark.django_db
def test_our_code_on_another_certifiers_fiche_is_reported_not_applied(fiche_28245):
    avant = instantane(fiche_28245)
    rapport = analyser(DONNEES / "autre_certificateur.xml")
    assert rapport.qualifications == [] and rapport.absentes == []
    assert rapport.certificateur_different == [
        "RNCP28245 (« Organisme de formation Dupont ») porte ou remplace le code RNCP28245 de "
        "Opérateur(trice) polyvalent d’équipe autonome (MQ 2005 12 69 0198 R) : non appliquée"
    ]
    appliquer(rapport, acteur=SYSTEME)
    assert instantane(fiche_28245) == avant


@pytest.mark.django_db
def test_a_malformed_fiche_is_reported_and_never_half_applied_while_the_rest_applies(fiche_28245):
    autre = QualificationFactory(code_rncp="30123", rncp_fin=D(2021, 12, 31))
    avant = instantane(fiche_28245)
    rapport = analyser(DONNEES / "mal_formee.xml")
    assert [(e.numero, e.chemin) for e in rapport.erreurs] == [
        ("RNCP28245", "FICHE/DATE_FIN_ENREGISTREMENT"),
        ("RNCP28245", "FICHE/STATISTIQUES_PROMOTIONS/STATISTIQUES_PROMOTION[1]/NOMBRE_CERTIFIES"),
    ]
    assert rapport.erreurs_ignorees == 1  # RNCP31000, another certifier's
    assert "RNCP28245 — FICHE/DATE_FIN_ENREGISTREMENT : « 31/02/2027 »" in "\n".join(decrire(rapport))
    resultat = appliquer(rapport, acteur=SYSTEME)
    assert [d.qualification_id for d in resultat.appliquees] == [autre.pk]
    autre.refresh_from_db()
    assert (autre.rncp_fin, autre.rncp_actif) == (D(2026, 12, 31), True)
    assert instantane(fiche_28245) == {**avant, "audit": avant["audit"] + 1}  # ACTIF=Non, DATE_EFFET: not taken


FICHE_30123 = (
    "<FICHE><NUMERO_FICHE>RNCP30123</NUMERO_FICHE><ACTIF>Oui</ACTIF><CERTIFICATEURS><CERTIFICATEUR>"
    "<NOM_CERTIFICATEUR>CPNE de la métallurgie</NOM_CERTIFICATEUR></CERTIFICATEUR></CERTIFICATEURS>"
    "<DATE_FIN_ENREGISTREMENT>31/12/2026</DATE_FIN_ENREGISTREMENT></FICHE>"
)


def export_modifie(dossier: Path, *remplacements: tuple[str, str]) -> Path:
    texte = EXPORT.read_text(encoding="utf-8")
    for ancien, nouveau in remplacements:
        assert ancien in texte
        texte = texte.replace(ancien, nouveau)
    fichier = dossier / "export.xml"
    fichier.write_text(texte, encoding="utf-8")
    return fichier


@pytest.mark.django_db
def test_a_qualification_changed_since_the_dry_run_fails_alone(fiche_28245, tmp_path):
    autre = QualificationFactory(code_rncp="30123")
    rapport = analyser(export_modifie(tmp_path, ("</FICHES>", f"{FICHE_30123}</FICHES>")))
    Qualification.objects.filter(pk=fiche_28245.pk).update(rncp_fin=D(2023, 1, 1))
    avant = instantane(fiche_28245)
    resultat = appliquer(rapport, acteur=SYSTEME)
    ((diff, motif),) = resultat.echecs
    assert diff.qualification_id == fiche_28245.pk
    assert motif == "enregistrement RNCP : fin a changé depuis l'analyse ; relancez l'import"
    assert instantane(fiche_28245) == {**avant, "audit": avant["audit"] + 1}  # only the other one's audit row
    assert [d.qualification_id for d in resultat.appliquees] == [autre.pk]
    autre.refresh_from_db()
    assert autre.rncp_fin == D(2026, 12, 31)


@pytest.mark.django_db
def test_a_registration_ending_before_it_starts_is_refused_for_that_qualification(fiche_28245, tmp_path):
    fichier = export_modifie(tmp_path, ("21/04/2027</DATE_FIN", "01/01/2020</DATE_FIN"))
    avant = instantane(fiche_28245)
    rapport = analyser(fichier)
    assert rapport.qualifications[0].erreurs == [
        "la fin de l'enregistrement (01/01/2020) précède son début (21/04/2022)"
    ]
    resultat = appliquer(rapport, acteur=SYSTEME)
    assert resultat.appliquees == [] and len(resultat.echecs) == 1
    assert instantane(fiche_28245) == avant


@pytest.mark.django_db
def test_applying_requires_the_import_permission(fiche_28245, acteur):
    rapport = analyser(EXPORT)
    with pytest.raises(AccesRefuse, match="Importer un référentiel"):
        appliquer(rapport, acteur=verifie_par_otp(acteur))  # a GTP member may not import
    assert not EntreeAudit.objects.filter(action="qualification.synchronisation_rncp").exists()
    secretariat = verifie_par_otp(UtilisateurFactory(role=Role.SECRETARIAT_GTP))
    assert len(appliquer(rapport, acteur=secretariat).appliquees) == 1
    assert EntreeAudit.objects.get(action="qualification.synchronisation_rncp").acteur == secretariat


@pytest.mark.django_db
def test_qualifications_with_a_code_missing_from_the_file_are_listed(fiche_28245):
    QualificationFactory(intitule="Soudeur(se) TIG", code_rncp="39999", numero="MQ 2015 06 69 0999", sequence=999)
    rapport = analyser(EXPORT)
    assert rapport.absentes == ["Soudeur(se) TIG (MQ 2015 06 69 0999) (RNCP39999)"]
