"""The verification code of a certificate (item 11 of the award issue): short, typeable, unguessable; every check
logged with its date and result, nothing on who checked; the public page and its form."""

import math
import string

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from cqpm.attributions import codes, services
from cqpm.attributions.enums import ResultatVerification
from cqpm.attributions.models import ControleVerification
from tests.attributions import outils

SOSIES = set("0O1IL" + "UV")


def test_the_alphabet_has_no_look_alikes_and_the_code_is_unguessable():
    assert not SOSIES & set(codes.ALPHABET)
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET) == 29
    assert codes.LONGUEUR * math.log2(len(codes.ALPHABET)) > 75  # bits: no enumeration (R-CERT-04, item 11)
    assert len({codes.generer() for _ in range(2000)}) == 2000


@given(
    st.text(alphabet=codes.ALPHABET, min_size=codes.LONGUEUR, max_size=codes.LONGUEUR), st.sampled_from(["", "-", " "])
)
def test_a_code_typed_in_any_case_with_or_without_separators_is_read_back(code, separateur):
    imprime = codes.formater(code)
    assert imprime.count("-") == 3 and len(imprime) == 19
    tape = imprime.replace("-", separateur).lower()
    assert codes.normaliser(tape) == code


@given(st.text(alphabet=string.ascii_letters + string.digits + "-_ ", max_size=30))
def test_anything_else_is_not_a_code(saisie):
    code = codes.normaliser(saisie)
    assert code is None or (len(code) == codes.LONGUEUR and set(code) <= set(codes.ALPHABET))


def test_one_character_too_few_or_too_many_is_refused():
    code = codes.generer()
    assert codes.normaliser(code[:-1]) is None
    assert codes.normaliser(code + "A") is None
    assert codes.normaliser(code[:-1] + "O") is None  # a look-alike is never read as another character


@pytest.mark.django_db
def test_each_check_is_logged_with_its_result_and_nothing_on_who_checked_R_CERT_04():
    certificat, _, gtp = outils.certificat_valide()
    assert services.verifier(certificat.code_verification).statut == ResultatVerification.VALIDE
    services.revoquer(certificat, motif="Fraude.", acteur=gtp)
    assert services.verifier(certificat.jeton.lower()).statut == ResultatVerification.REVOQUE
    assert services.verifier("AAAA-AAAA-AAAA-AAAA").statut == ResultatVerification.INCONNU
    assert services.verifier(certificat.numero).statut == ResultatVerification.INCONNU  # never by number
    journal = list(ControleVerification.objects.order_by("pk").values_list("resultat", "certificat_id"))
    assert journal == [
        (ResultatVerification.VALIDE, certificat.pk),
        (ResultatVerification.REVOQUE, certificat.pk),
        (ResultatVerification.INCONNU, None),
        (ResultatVerification.INCONNU, None),
    ]
    champs = {f.name for f in ControleVerification._meta.get_fields()}
    assert champs == {"id", "le", "certificat", "resultat"}  # no address, no account, no user agent


@pytest.mark.django_db
def test_the_public_form_takes_the_printed_code(client: Client):
    certificat, _, _ = outils.certificat_valide()
    reponse = client.get("/verification/", {"code": certificat.code_verification.lower()})
    assert reponse.status_code == 302 and reponse["Location"] == f"/verification/{certificat.jeton}/"
    page = client.get(reponse["Location"]).content.decode()
    assert "Certificat valide" in page and certificat.lieu_naissance in page and certificat.code_verification in page
    refus = client.get("/verification/", {"code": "0000-1111"})
    assert refus.status_code == 422 and "n'est pas un code de vérification" in refus.content.decode()
    assert client.get("/verification/").status_code == 200
