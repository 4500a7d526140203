"""The PV, attendance sheet and convocation built from a real jury: codes before the signature, names after
(R-JURY-06); every designated person or the invited organisation (R-JURY-10); the 8-day warning (R-JURY-08)."""

from __future__ import annotations

import pytest

from cqpm.candidats.models import Inscription
from cqpm.comptes.enums import Role
from cqpm.core.errors import Introuvable
from cqpm.jurys import documents, services
from cqpm.jurys.models import CandidatJury
from tests.documents.test_etat_recapitulatif import texte
from tests.factories import UtilisateurFactory
from tests.jurys.outils import convoque, deliberer, evaluee, jury, membre, president_verifie, unions

pytestmark = pytest.mark.django_db


@pytest.fixture
def delibere():
    unions(2)
    i, acteur = evaluee()
    j, membres = convoque(acteur, i)
    c = CandidatJury.objects.get(jury=j)
    deliberer(j, membres, acteur, {c.code: "A"})
    j.refresh_from_db()
    return j, membres, c, acteur


def test_pv_shows_codes_before_signature_and_names_after_R_JURY_06(delibere):
    j, membres, c, acteur = delibere
    nom = c.inscription.candidat.nom.upper()
    avant = texte(documents.pdf_pv(j, acteur=acteur))
    assert c.code in avant and nom not in avant and "17 mai 1990" not in avant
    services.signer(j, acteur=president_verifie(membres))
    j.refresh_from_db()
    apres = texte(documents.pdf_pv(j, acteur=acteur))
    assert f"{nom} Jean Marie ({c.code})" in apres
    assert "17 mai 1990, Lyon (69), France" in apres


def test_pv_has_the_company_decision_and_capacities_R_JURY_10(delibere):
    j, _, c, acteur = delibere
    lu = texte(documents.pdf_pv(j, acteur=acteur))
    entreprise = c.inscription.entreprise
    assert entreprise.nom in lu and "25.62A" in lu
    assert "Capacités acquises : C1, C2, C3" in lu
    assert j.qualification.numero in lu


def test_job_seeker_row_has_no_company_R_JURY_10(delibere):
    j, _, c, acteur = delibere
    entreprise = c.inscription.entreprise
    Inscription.objects.filter(pk=c.inscription_id).update(
        type_beneficiaire="demandeur_emploi", origine="DE", financement="CPF", entreprise=None, voie="directe"
    )
    lu = texte(documents.pdf_pv(j, acteur=acteur))
    assert entreprise.nom not in lu and "25.62A" not in lu
    assert f"{c.code} — DE CPF — — — — A" in lu


def test_attendance_sheet_lists_every_designated_person_R_JURY_10(delibere):
    j, membres, _, acteur = delibere
    lu = texte(documents.pdf_emargement(j, acteur=acteur))
    for m in membres.values():
        assert m.nom in lu
    assert "Président Paul Président" in lu


def test_attendance_sheet_names_the_invited_union_that_designated_nobody_R_JURY_10():
    branches = unions(2)
    i, acteur = evaluee()
    j = jury(acteur, inscription=i)
    d0, _ = services.demander_designations(j, acteur=acteur)
    contact = UtilisateurFactory(role=Role.BRANCHE_SYNDICALE, role__organisation=d0.branche_syndicale)
    services.designer_membre_syndical(d0, membre("Anne Syndiquée"), voix_deliberative=True, acteur=contact)
    lu = texte(documents.pdf_emargement(j, acteur=acteur))
    assert "Anne Syndiquée" in lu
    assert f"{branches[1].nom} Organisation invitée" in lu
    assert f"{branches[0].nom} Organisation invitée" not in lu


def test_convocation_pdf_warns_of_the_8_days_R_JURY_08(delibere):
    _, membres, c, acteur = delibere
    lu = texte(documents.pdf_convocation(membres["syndical0"], acteur=acteur))
    assert "au moins 8 jours calendaires" in lu and c.code in lu


def test_documents_are_for_the_centre_and_the_members_only(delibere):
    j, membres, _, _ = delibere
    assert documents.pdf_pv(j, acteur=membres["president"].utilisateur).startswith(b"%PDF")
    with pytest.raises(Introuvable):
        documents.pdf_pv(j, acteur=UtilisateurFactory())
