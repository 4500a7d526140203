"""Filing a revision, reactivation, mise en veille or suppression through the pages: the form offers the CQPMs of
the user's territoriale, the service decides and its refusal is shown next to the form with its rule."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cqpm.comptes.enums import Role
from cqpm.cycle_de_vie.enums import OrigineDemande, StatutDemande, TypeDemande
from cqpm.cycle_de_vie.models import Demande
from cqpm.referentiels.enums import StatutQualification
from cqpm.referentiels.models import Qualification
from tests.cycle_de_vie.outils import DOSSIER_REACTIVATION, DOSSIER_REVISION, Reseau, personnel
from tests.cycle_de_vie.test_pages import brouillon, connecter, texte
from tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db

TYPES = ("revision", "reactivation", "veille", "suppression")
REQUETES_LISTE = 6
"""Queries of the request list, whatever the number of requests: session, user, OTP device, habilitations, the
requests with their CQPM, their requesters (prefetched)."""


def test_list_links_to_each_kind_of_request_the_user_may_file(client: Client, reseau: Reseau) -> None:
    page = texte(connecter(client, personnel(reseau["69"])).get("/demandes/"))
    for parametre in ("", *(f"?type={t}" for t in TYPES)):
        assert f'href="/demandes/nouvelle/{parametre}"' in page
    for libelle in ("création", "révision", "réactivation", "mise en veille", "suppression"):
        assert f"Déposer une demande de {libelle}" in page
    membre = texte(connecter(Client(), UtilisateurFactory(role=Role.MEMBRE_GTP)).get("/demandes/"))
    assert "Déposer une demande" not in membre


def test_list_query_count_is_pinned(
    client: Client, reseau: Reseau, secretariat: Any, django_assert_num_queries: Any
) -> None:
    client = connecter(client, secretariat)
    for i, departement in enumerate(("69", "13", "75")):
        brouillon(reseau, departement, f"Qualification {i}")
    with django_assert_num_queries(REQUETES_LISTE):
        reponse = client.get("/demandes/")
    assert texte(reponse).count("Demande n°") == 3


def test_territoriale_files_a_revision_of_a_cqpm_it_is_resource_centre_of_R_LC_REV_01(
    client: Client, reseau: Reseau, fiche_28245: Qualification
) -> None:
    client = connecter(client, personnel(reseau["69"]))
    formulaire = texte(client.get("/demandes/nouvelle/?type=revision"))
    assert str(fiche_28245) in formulaire and 'name="historique"' in formulaire and 'name="motif"' not in formulaire
    assert str(fiche_28245) not in texte(
        connecter(Client(), personnel(reseau["13"])).get("/demandes/nouvelle/?type=revision")
    )
    donnees = {"qualification": fiche_28245.pk, "demandeur": reseau["69"].pk, **DOSSIER_REVISION}
    reponse = client.post("/demandes/nouvelle/?type=revision", donnees)
    demande = Demande.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == f"/demandes/{demande.pk}/"
    assert (demande.type, demande.statut, demande.qualification) == (
        TypeDemande.REVISION,
        StatutDemande.BROUILLON,
        fiche_28245,
    )
    assert demande.projet is not None and demande.version_remplacee == fiche_28245.version_courante
    assert demande.historique == DOSSIER_REVISION["historique"]


def test_territoriale_not_resource_centre_cannot_file_a_revision_R_LC_REV_01(
    client: Client, reseau: Reseau, fiche_28245: Qualification
) -> None:
    client = connecter(client, personnel(reseau["13"]))
    donnees = {"qualification": fiche_28245.pk, "demandeur": reseau["13"].pk}
    reponse = client.post("/demandes/nouvelle/?type=revision", donnees)
    assert reponse.status_code == 422
    contenu = texte(reponse)
    assert "« UIMM territoriale 13 (13) » n'est pas centre de ressources de ce CQPM" in contenu
    assert "(R-LC-REV-01)" in contenu and 'role="alert"' in contenu
    assert not Demande.objects.exists()


def test_a_veille_without_motive_is_refused_R_LC_SUP_02(
    client: Client, reseau: Reseau, fiche_28245: Qualification
) -> None:
    client = connecter(client, personnel(reseau["69"]))
    assert 'name="motif"' in texte(client.get("/demandes/nouvelle/?type=veille"))
    donnees = {"qualification": fiche_28245.pk, "demandeur": reseau["69"].pk, "motif": " "}
    reponse = client.post("/demandes/nouvelle/?type=veille", donnees)
    assert reponse.status_code == 422
    assert "Une demande de mise en veille doit être motivée (R-LC-SUP-02)." in texte(reponse)
    assert 'id="id_motif_erreurs"' in reponse.content.decode()
    assert not Demande.objects.exists()
    donnees["motif"] = "Aucun candidat depuis trois ans."
    assert client.post("/demandes/nouvelle/?type=veille", donnees).status_code == 302
    assert Demande.objects.get().type == TypeDemande.MISE_EN_VEILLE


def test_a_change_of_resource_centre_is_a_joint_request_R_LC_REV_02(
    client: Client, reseau: Reseau, fiche_28245: Qualification
) -> None:
    client = connecter(client, personnel(reseau["69"]))
    donnees = {
        "qualification": fiche_28245.pk,
        "demandeur": reseau["69"].pk,
        "nouveaux_centres": [reseau["13"].pk],
        **DOSSIER_REVISION,
    }
    reponse = client.post("/demandes/nouvelle/?type=revision", donnees)
    assert reponse.status_code == 422
    assert "il y manque « UIMM territoriale 13 (13) » (R-LC-REV-02)" in texte(reponse)
    assert not Demande.objects.exists()
    reponse = client.post("/demandes/nouvelle/?type=revision", {**donnees, "codemandeurs": [reseau["13"].pk]})
    demande = Demande.objects.get()
    assert reponse.status_code == 302
    assert list(demande.demandeurs.order_by("departement")) == [reseau["13"], reseau["69"]]
    assert [c.territoriale for c in demande.centres_demandes.all()] == [reseau["13"]]
    page = texte(client.get(f"/demandes/{demande.pk}/"))
    assert "Centres de ressources demandés (R-LC-REV-02)" in page


def test_a_reactivation_combined_with_a_revision_opens_a_draft_R_LC_REA_01(
    client: Client, reseau: Reseau, fiche_28245: Qualification
) -> None:
    Qualification.objects.filter(pk=fiche_28245.pk).update(statut=StatutQualification.EN_VEILLE)
    client = connecter(client, personnel(reseau["69"]))
    formulaire = texte(client.get("/demandes/nouvelle/?type=reactivation"))
    assert 'name="avec_revision"' in formulaire and 'name="fin_souhaitee"' in formulaire
    assert 'name="par_le_gtp"' not in formulaire
    donnees = {"qualification": fiche_28245.pk, "demandeur": reseau["69"].pk, "avec_revision": "on"}
    reponse = client.post("/demandes/nouvelle/?type=reactivation", {**donnees, **DOSSIER_REACTIVATION})
    assert reponse.status_code == 302
    demande = Demande.objects.get()
    assert demande.type == TypeDemande.REACTIVATION and demande.avec_revision and demande.projet is not None
    assert demande.arguments == DOSSIER_REACTIVATION["arguments"]


def test_a_revision_of_a_cqpm_in_veille_is_refused_R_LC_REA_01(
    client: Client, reseau: Reseau, fiche_28245: Qualification
) -> None:
    Qualification.objects.filter(pk=fiche_28245.pk).update(statut=StatutQualification.EN_VEILLE)
    client = connecter(client, personnel(reseau["69"]))
    reponse = client.post(
        "/demandes/nouvelle/?type=revision", {"qualification": fiche_28245.pk, "demandeur": reseau["69"].pk}
    )
    assert reponse.status_code == 422 and "(R-LC-REA-01)" in texte(reponse)


def test_secretariat_files_a_suppression_by_the_gtp_R_LC_SUP_02(
    client: Client, reseau: Reseau, fiche_28245: Qualification, secretariat: Any
) -> None:
    client = connecter(client, secretariat)
    formulaire = texte(client.get(f"/demandes/nouvelle/?type=suppression&qualification={fiche_28245.pk}"))
    assert 'name="par_le_gtp"' in formulaire and f'value="{fiche_28245.pk}" selected' in formulaire
    donnees = {"qualification": fiche_28245.pk, "par_le_gtp": "on", "motif": "Remplacé par un CQPM plus récent."}
    assert client.post("/demandes/nouvelle/?type=suppression", donnees).status_code == 302
    demande = Demande.objects.get()
    assert (demande.type, demande.origine) == (TypeDemande.SUPPRESSION, OrigineDemande.GTP)
    assert not demande.signataires.exists()


def test_unknown_kind_answers_404(client: Client, reseau: Reseau) -> None:
    assert connecter(client, personnel(reseau["69"])).get("/demandes/nouvelle/?type=fusion").status_code == 404
