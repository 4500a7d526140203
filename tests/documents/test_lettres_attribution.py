"""The letters of the award: R-LET-01 (award), R-LET-02 (non-admission), R-LET-03 (partial acquisition, exactly
four pieces of information) with the retention deadline of R-LET-04, and the letter of Annex 5 (R-GTP-01)."""

from __future__ import annotations

import datetime

import pytest

from cqpm.core.errors import RegleViolee
from cqpm.documents import attributions as doc
from cqpm.evaluations.rules import fin_conservation
from tests.documents.exemples_attributions import (
    BLOC,
    CANDIDATE,
    CENTRE,
    CQPM,
    ENTREPRISE,
    GTP,
    JURY,
    PASSEPORT,
    REFERENT,
    attribution,
    demande,
    non_admission,
    partielle,
    signets,
    texte,
    xmp,
)

UN_JOUR = datetime.timedelta(days=1)
SIGNATURE_REFERENT = (
    "Pour le Président du jury paritaire de délibération et par délégation, le référent du dispositif du CQPM "
    "Claire Référente"
)


def test_award_letter_to_the_candidate_R_LET_01():
    lu = texte(doc.rendre_lettre_attribution(attribution()))
    for attendu in [
        "UIMM Lyon-Rhône — Pôle formation 8 rue Gaspard Monge, 69200 Vénissieux",
        "Mme Zoé Lefèvre",
        "À Vénissieux, le 6 juillet 2026",
        "Objet : Délivrance de votre certification",
        "réuni le 3 juillet 2026, de vous délivrer la certification suivante :",
        f"CQPM « {CQPM.intitule} » ({CQPM.numero})",
        "jury paritaire de délibération réuni le 12 juin 2026",
        "Le Président du jury paritaire de délibération Paul Président",
    ]:
        assert attendu in lu


def test_award_letter_to_the_company_names_the_candidate_and_every_award_R_LET_01():
    lettre = attribution(destinataire=ENTREPRISE, attribuees=(BLOC, CQPM))
    lu = texte(doc.rendre_lettre_attribution(lettre))
    assert "Objet : Délivrance de la certification de Zoé Lefèvre" in lu
    assert "de délivrer à Zoé Lefèvre les certifications suivantes" in lu
    assert f"bloc de compétences « {BLOC.intitule} » ({BLOC.numero})" in lu
    with pytest.raises(RegleViolee) as e:
        doc.rendre_lettre_attribution(attribution(destinataire=ENTREPRISE, candidat=""))
    assert e.value.rule == "R-LET-01" and "nomme le candidat (R-LET-01)" in e.value.message
    with pytest.raises(RegleViolee) as e:
        doc.rendre_lettre_attribution(attribution(attribuees=()))
    assert e.value.rule == "R-LET-01"


def test_award_letter_follows_the_gtp_decision_R_LET_01():
    doc.verifier_lettre_attribution(attribution(date=GTP))
    for modifs in ({"date": GTP - UN_JOUR}, {"date_seance_gtp": JURY - UN_JOUR}):
        with pytest.raises(RegleViolee) as e:
            doc.verifier_lettre_attribution(attribution(**modifs))
        assert e.value.rule == "R-LET-01" and e.value.champ == "date"


def test_non_admission_letter_is_dated_the_gtp_day_on_the_centres_letterhead_R_LET_02():
    lu = texte(doc.rendre_lettre_non_admission(non_admission()))
    assert lu.startswith("UIMM Lyon-Rhône — Pôle formation")
    assert "À Vénissieux, le 3 juillet 2026" in lu
    assert f"vous n'êtes pas admis(e) au CQPM « {CQPM.intitule} » ({CQPM.numero})" in lu
    assert "n'a validé aucune capacité professionnelle" in lu
    assert lu.endswith("Le Président du jury paritaire de délibération Paul Président")
    entreprise = texte(doc.rendre_lettre_non_admission(non_admission(destinataire=ENTREPRISE)))
    assert "Zoé Lefèvre n'est pas admis(e) au CQPM" in entreprise


def test_non_admission_letter_signed_by_the_president_or_the_referent_by_delegation_R_LET_02():
    lu = texte(doc.rendre_lettre_non_admission(non_admission(signataire=REFERENT)))
    assert lu.endswith(SIGNATURE_REFERENT)
    autre = doc.Signataire("Jean Directeur", doc.RoleSignataire.AUTRE, "Délégué général")
    with pytest.raises(RegleViolee) as e:
        doc.rendre_lettre_non_admission(non_admission(signataire=autre))
    assert e.value.rule == "R-LET-02" and "référent du dispositif du CQPM (R-LET-02)" in e.value.message


def test_letter_date_is_the_gtp_seance_on_or_after_the_jury_R_LET_02():
    doc.verifier_lettre_non_admission(non_admission(date_seance_gtp=JURY))
    with pytest.raises(RegleViolee) as e:
        doc.verifier_lettre_non_admission(non_admission(date_seance_gtp=JURY - UN_JOUR))
    assert e.value.rule == "R-LET-02"
    with pytest.raises(RegleViolee) as e:
        doc.verifier_lettre_acquisition_partielle(partielle(date_seance_gtp=JURY - UN_JOUR))
    assert e.value.rule == "R-LET-02"


def test_partial_letter_has_exactly_the_four_pieces_of_information_R_LET_03():
    pdf = doc.rendre_lettre_acquisition_partielle(partielle())
    assert signets(pdf) == [
        "1. Non-admission au CQPM",
        "2. Capacités professionnelles acquises et validées",
        "3. Se présenter de nouveau : parcours de formation ou VAE",
        "4. Passeport orientation et formation",
    ]
    lu = texte(pdf)
    sections = [lu.index(titre) for titre in signets(pdf)]
    un, deux, trois, quatre = (lu[a:b] for a, b in zip(sections, [*sections[1:], len(lu)], strict=True))
    assert f"vous n'êtes pas admis(e) au CQPM « {CQPM.intitule} » ({CQPM.numero})" in un
    assert "C1 – Analyser une demande d'intervention" in deux and "C4 – Contrôler la conformité" in deux
    assert "un parcours de formation ou la validation des acquis de l'expérience (VAE)" in trois
    assert "pendant un délai de 24 mois" in trois and "au plus tard le 12 juin 2028" in trois
    assert "par l'intermédiaire d'une entreprise ou d'un organisme de formation" in trois
    assert "congé individuel de formation (CIF), d'une démarche individuelle de VAE, du compte personnel" in trois
    assert "actualiser votre passeport orientation et formation" in quatre and PASSEPORT in quatre
    assert "À Vénissieux, le 3 juillet 2026" in lu and SIGNATURE_REFERENT in quatre


def test_partial_letter_on_a_bloc_names_the_bloc_R_LET_03():
    pdf = doc.rendre_lettre_acquisition_partielle(partielle(visee=BLOC, rncp=True, fin_conservation=None))
    assert signets(pdf)[0] == "1. Non-admission au bloc de compétences"
    lu = texte(pdf)
    assert f"au bloc de compétences « {BLOC.intitule} » ({BLOC.numero})" in lu
    assert "nouvelles actions d'évaluation au CQPM ou au bloc de compétences" in lu


@pytest.mark.parametrize(
    ("modifs", "regle", "extrait"),
    [
        ({"capacites": ()}, "R-LET-03", "capacité acquise et validée"),
        ({"capacites": (doc.Capacite("", "Analyser"),)}, "R-LET-03", "numéro et l'intitulé"),
        ({"sites_passeport": ()}, "R-LET-03", "passeport orientation et formation"),
        ({"sites_passeport": (" ",)}, "R-LET-03", "passeport orientation et formation"),
        ({"destinataire": ENTREPRISE}, "R-LET-03", "adressés au candidat"),
        ({"visee": doc.Qualification(CQPM.intitule, "")}, "R-LET-03", "intitulé et son numéro"),
        ({"entete": doc.EnTete("", CENTRE.adresse)}, "R-LET-03", "en-tête"),
        ({"destinataire": doc.Destinataire("", CANDIDATE.adresse)}, "R-LET-03", "destinataire"),
    ],
)
def test_incomplete_partial_letter_is_refused_citing_the_rule_R_LET_03(modifs, regle, extrait):
    with pytest.raises(RegleViolee) as e:
        doc.rendre_lettre_acquisition_partielle(partielle(**modifs))
    assert e.value.rule == regle and extrait in e.value.message and f"({regle})" in e.value.message


@pytest.mark.parametrize(
    ("rncp", "delai", "fin"), [(False, "24 mois", "12 juin 2028"), (True, "5 ans", "12 juin 2031")]
)
def test_retention_deadline_comes_from_the_evaluation_rule_R_LET_04(rncp, delai, fin):
    lettre = partielle(rncp=rncp, fin_conservation=fin_conservation(JURY, cqpm_rncp=rncp))
    lu = texte(doc.rendre_lettre_acquisition_partielle(lettre))
    assert f"pendant un délai de {delai} à compter de la date de la décision du jury" in lu
    assert f"au plus tard le {fin}. Peu importe que les actions d'évaluation aient lieu après ce délai." in lu


def test_certified_bloc_capacities_never_expire_R_LET_04():
    lu = texte(doc.rendre_lettre_acquisition_partielle(partielle(fin_conservation=None)))
    assert "vous en conservez le bénéfice sans limite de durée" in lu and "au plus tard" not in lu


def test_retention_deadline_must_follow_the_jury_R_LET_04():
    doc.verifier_lettre_acquisition_partielle(partielle(fin_conservation=JURY + UN_JOUR))
    for fin in (JURY, JURY - UN_JOUR):
        with pytest.raises(RegleViolee) as e:
            doc.verifier_lettre_acquisition_partielle(partielle(fin_conservation=fin))
        assert e.value.rule == "R-LET-04" and "(R-LET-04)" in e.value.message


def test_annex_5_letter_names_each_mq_and_bloc_and_attests_R_GTP_01():
    lu = texte(doc.rendre_demande_attribution(demande()))
    for attendu in [
        "UIMM Lyon-Rhône 60 avenue Jean Mermoz, 69008 Lyon",
        "Secrétariat du groupe technique paritaire Qualifications de la commission paritaire nationale de l'emploi "
        "et de la formation professionnelle de la métallurgie 56, avenue de Wagram, 75854 Paris Cedex 17",
        "À Lyon, le 20 juin 2026",
        "Mesdames, Messieurs,",
        "formation professionnelle de la métallurgie des qualifications :",
        f"{CQPM.numero} — {CQPM.intitule}",
        f"{BLOC.numero} — {BLOC.intitule}",
        "nous vous prions de bien vouloir trouver ci-joints les informations et documents",
        "Extrait du procès-verbal de la réunion de la CPREFP ou de la commission paritaire infrarégionale",
        "Feuille(s) d'émargement des membres du (ou des) jury(s) paritaire(s) de délibération ;",
        "Procès-verbaux de délibération du (ou des) jury(s) paritaire(s) de délibération.",
        "Nous attestons que l'organisation et le déroulement des actions de validation ont été conformes",
        "Nous vous prions d'agréer, Mesdames, Messieurs, l'expression de nos salutations distinguées.",
        "Délégué général Jean Directeur",
    ]:
        assert attendu in lu
    assert "de la qualification :" in texte(doc.rendre_demande_attribution(demande(qualifications=(CQPM,))))


@pytest.mark.parametrize(
    "modifs",
    [
        {"qualifications": ()},
        {"qualifications": (doc.Qualification(CQPM.intitule, "2009 03 69 0283"),)},
        {"qualifications": (doc.Qualification("", CQPM.numero),)},
        {"signataire": doc.Signataire("Jean Directeur", doc.RoleSignataire.AUTRE)},
    ],
)
def test_incomplete_annex_5_letter_is_refused_R_GTP_01(modifs):
    with pytest.raises(RegleViolee) as e:
        doc.rendre_demande_attribution(demande(**modifs))
    assert e.value.rule == "R-GTP-01" and "(R-GTP-01)" in e.value.message


@pytest.mark.parametrize(
    "pdf",
    [
        lambda: doc.rendre_lettre_attribution(attribution()),
        lambda: doc.rendre_lettre_non_admission(non_admission()),
        lambda: doc.rendre_lettre_acquisition_partielle(partielle()),
        lambda: doc.rendre_demande_attribution(demande()),
    ],
)
def test_letters_are_pdf_a_2a_and_pdf_ua_1_R_LET_01_R_LET_02_R_LET_03(pdf):
    meta = xmp(pdf())
    assert "<pdfaid:part>2</pdfaid:part>" in meta and "<pdfaid:conformance>A</pdfaid:conformance>" in meta
    assert "<pdfuaid:part>1</pdfuaid:part>" in meta
