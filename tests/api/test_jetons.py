"""Personal API tokens (rule JETON): created from the session, used by machines, revoked for good, all audited."""

from __future__ import annotations

import pytest
from django.test import Client

from cqpm.audit.models import EntreeAudit
from cqpm.comptes import jetons
from cqpm.comptes.enums import Role
from cqpm.comptes.models import JetonAPI
from cqpm.core.errors import AccesRefuse, RegleViolee
from tests.api.conftest import connecter, jeton_de, utilisateur

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(territoriale_69):  # type: ignore[no-untyped-def]
    return utilisateur(Role.TERRITORIALE, territoriale_69)


def test_token_life_cycle_created_used_revoked_and_audited(client: Client, agent) -> None:  # type: ignore[no-untyped-def]
    connecter(client, agent)
    cree = client.post("/api/v1/jetons", {"nom": "Logiciel de la territoriale"}, content_type="application/json")
    assert cree.status_code == 201, cree.content
    donnees = cree.json()
    secret = donnees["secret"]
    assert secret.startswith(f"cqpm_{donnees['prefixe']}_")
    jeton = JetonAPI.objects.get(pk=donnees["id"])
    assert jeton.empreinte == JetonAPI.empreinte_de(secret)
    assert secret not in {jeton.nom, jeton.prefixe, jeton.empreinte}  # only the digest is stored
    assert jeton.utilise_le is None
    assert "secret" not in client.get("/api/v1/jetons").json()[0]

    machine = Client()
    moi = machine.get("/api/v1/moi", headers={"Authorization": f"Bearer {secret}"})
    assert moi.status_code == 200, moi.content
    assert moi.json()["identifiant"] == agent.username
    assert moi.json()["authentification"] == "jeton"
    jeton.refresh_from_db()
    assert jeton.utilise_le is not None

    revoque = client.delete(f"/api/v1/jetons/{jeton.pk}")
    assert revoque.status_code == 200, revoque.content
    assert revoque.json()["revoque_le"] is not None
    refus = machine.get("/api/v1/moi", headers={"Authorization": f"Bearer {secret}"})
    assert refus.status_code == 401
    assert refus.json()["code"] == "non_authentifie"

    journal = EntreeAudit.objects.filter(objet_type="comptes.JetonAPI", objet_id=str(jeton.pk)).order_by("id")
    assert [(e.action, e.acteur_id) for e in journal] == [
        ("jeton_api.creation", agent.pk),
        ("jeton_api.revocation", agent.pk),
    ]
    assert secret not in str(journal[0].apres)


def test_secret_is_checked_whole_not_only_its_prefix(agent) -> None:  # type: ignore[no-untyped-def]
    _, secret = jetons.creer_jeton(agent, "Script", acteur=agent)
    assert jetons.authentifier(secret) == agent
    assert jetons.authentifier(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert jetons.authentifier("cqpm_pasunprefixe_x") is None
    assert jetons.authentifier("") is None


def test_token_of_a_deactivated_user_is_refused(agent) -> None:  # type: ignore[no-untyped-def]
    _, secret = jetons.creer_jeton(agent, "Script", acteur=agent)
    agent.is_active = False
    agent.save()
    assert jetons.authentifier(secret) is None


def test_second_revocation_changes_nothing_and_writes_nothing(agent) -> None:  # type: ignore[no-untyped-def]
    jeton, _ = jetons.creer_jeton(agent, "Script", acteur=agent)
    premiere = jetons.revoquer_jeton(jeton, acteur=agent).revoque_le
    lignes = EntreeAudit.objects.count()
    assert jetons.revoquer_jeton(jeton, acteur=agent).revoque_le == premiere
    assert EntreeAudit.objects.count() == lignes


def test_a_token_cannot_mint_tokens(client: Client, agent) -> None:  # type: ignore[no-untyped-def]
    reponse = client.post("/api/v1/jetons", {"nom": "Autre"}, content_type="application/json", headers=jeton_de(agent))
    assert reponse.status_code == 401
    assert JetonAPI.objects.count() == 1


def test_nobody_revokes_another_users_token(client: Client, agent, territoriale_69) -> None:  # type: ignore[no-untyped-def]
    jeton, _ = jetons.creer_jeton(agent, "Script", acteur=agent)
    collegue = utilisateur(Role.TERRITORIALE, territoriale_69)
    connecter(client, collegue)
    assert client.delete(f"/api/v1/jetons/{jeton.pk}").json()["code"] == "introuvable"
    with pytest.raises(AccesRefuse):
        jetons.revoquer_jeton(jeton, acteur=collegue)
    jeton.refresh_from_db()
    assert jeton.revoque_le is None


def test_role_without_api_access_cannot_create_a_token(client: Client) -> None:
    connecter(client, utilisateur(Role.CANDIDAT))
    reponse = client.post("/api/v1/jetons", {"nom": "Script"}, content_type="application/json")
    assert reponse.status_code == 403
    assert "Gérer les jetons d'API" in reponse.json()["message"]


def test_token_needs_a_name(agent) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RegleViolee) as refus:
        jetons.creer_jeton(agent, "   ", acteur=agent)
    assert refus.value.champ == "nom"


def test_token_never_carries_the_second_factor(client: Client) -> None:
    """A secretariat member's token does not act as the secretariat: his role counts only after a TOTP code."""
    membre = utilisateur(Role.SECRETARIAT_GTP)
    reponse = client.get("/api/v1/moi", headers=jeton_de(membre))
    assert reponse.json()["double_facteur_verifie"] is False
    assert reponse.json()["habilitations"][0]["effective"] is False
    refus = client.get("/api/v1/organisations", headers=jeton_de(membre))
    assert refus.status_code == 403
    assert "code à usage unique" in refus.json()["message"]


def test_invalid_name_is_reported_on_the_body_field(client: Client, agent) -> None:  # type: ignore[no-untyped-def]
    connecter(client, agent)
    reponse = client.post("/api/v1/jetons", {"nom": "x" * 101}, content_type="application/json")
    assert reponse.status_code == 422
    assert reponse.json()["details"] == [{"champ": "body.nom", "message": "doit compter au plus 100 caractères"}]
    assert "champ « nom » : doit compter au plus 100 caractères" in reponse.json()["message"]


@pytest.mark.parametrize(
    "entete",
    ["Bearer cqpm_inconnu_secret", "Bearer ", "Basic dXRpbGlzYXRldXI6bW90ZGVwYXNzZQ==", "cqpm_sans_schema"],
)
def test_invalid_credential_is_a_401_even_beside_a_session_cookie_JETON(client: Client, agent, entete: str) -> None:  # type: ignore[no-untyped-def]
    """A dead or malformed credential never falls back on the browser's session: a client must learn it is wrong."""
    connecter(client, agent)
    assert client.get("/api/v1/moi").status_code == 200  # the session alone is good
    lignes = JetonAPI.objects.count()
    reponses = [
        client.get("/api/v1/moi", headers={"Authorization": entete}),
        client.get("/api/v1/qualifications", headers={"Authorization": entete}),  # public, yet not as anonymous
        client.post("/api/v1/jetons", {"nom": "X"}, content_type="application/json", headers={"Authorization": entete}),
    ]
    for reponse in reponses:
        assert reponse.status_code == 401, reponse.content
        assert reponse.json()["code"] == "non_authentifie"
    assert JetonAPI.objects.count() == lignes


def test_revoked_token_is_a_401_even_beside_a_session_cookie_JETON(client: Client, agent) -> None:  # type: ignore[no-untyped-def]
    jeton, secret = jetons.creer_jeton(agent, "Script", acteur=agent)
    jetons.revoquer_jeton(jeton, acteur=agent)
    connecter(client, agent)
    reponse = client.get("/api/v1/moi", headers={"Authorization": f"Bearer {secret}"})
    assert reponse.status_code == 401
