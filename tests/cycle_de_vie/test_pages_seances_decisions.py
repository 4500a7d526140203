"""Recording the GTP's decision from a séance page: one form per item, only the fields its kind of request needs,
the service's refusal shown next to the form, and a success message that says what the decision did."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cqpm.comptes.enums import Role
from cqpm.core.errors import RegleViolee
from cqpm.cycle_de_vie import services
from cqpm.cycle_de_vie.enums import IssuePoint, StatutDemande, StatutSeance, TypeDemande
from cqpm.cycle_de_vie.forms_seances import FormulaireDecision
from cqpm.cycle_de_vie.models import Decision, Demande
from cqpm.cycle_de_vie.views_seances import bilan
from cqpm.gtp import services as gtp
from cqpm.gtp.models import PointOrdreDuJour
from cqpm.referentiels.enums import Liste
from cqpm.referentiels.models import Qualification
from cqpm.referentiels.services import listes_au
from tests.cycle_de_vie.outils import Reseau, creation_complete
from tests.cycle_de_vie.test_pages import connecter, texte
from tests.factories import UtilisateurFactory

pytestmark = pytest.mark.django_db


def a_decider(reseau: Reseau, secretariat: Any, *, dans: int = 0) -> tuple[Demande, PointOrdreDuJour, str]:
    """A complete creation request on the agenda of a séance held today (or in `dans` days); the form's URL."""
    demande = creation_complete(reseau, secretariat)
    seance = gtp.creer_seance(
        date=timezone.localdate() + datetime.timedelta(days=dans), lieu="Paris", acteur=secretariat
    )
    point = services.inscrire_a_l_ordre_du_jour(seance, demande, acteur=secretariat)
    return demande, point, f"/seances/{seance.pk}/points/{point.pk}/decision/"


def champs(point: PointOrdreDuJour, **valeurs: str) -> dict[str, str]:
    return {f"point-{point.pk}-{nom}": valeur for nom, valeur in valeurs.items()}


def test_favourable_creation_in_category_b_numbers_the_cqpm_and_says_so_R_LC_CRE_04_R_ID_01(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande, point, url = a_decider(reseau, secretariat)
    client = connecter(client, secretariat)
    formulaire = texte(client.get(f"/seances/{point.seance_id}/"))
    assert f'action="{url}"' in formulaire and f'name="point-{point.pk}-categorie"' in formulaire
    assert "fin_reactivation" not in formulaire

    donnees = champs(point, sens="favorable", motif="Besoin avéré.", categorie="B", liste_b="on")
    reponse = client.post(url, donnees, follow=True)
    decision = Decision.objects.get()
    q = Qualification.objects.get(pk=demande.qualification_id)
    assert decision.numero and decision.numero == q.numero and decision.categorie == "B" and decision.liste_b
    contenu = texte(reponse)
    assert reponse.redirect_chain == [(f"/seances/{point.seance_id}/", 302)]
    assert f"est créé le {timezone.localdate():%-d}" in contenu
    assert f"sous le numéro {q.numero}, et inscrit sur la liste A et sur la liste B." in contenu
    assert '<div class="messages" role="status">' in contenu
    assert f'<dd class="numero">{q.numero}</dd>' in contenu and "Catégorie B" in contenu
    assert "Décidé (favorable)" in contenu and "Enregistrer la décision" not in contenu
    assert set(listes_au(q, timezone.localdate())) == {Liste.A, Liste.B}
    point.refresh_from_db()
    assert point.issue == IssuePoint.DECIDE and point.seance.statut == StatutSeance.TENUE


def test_favourable_creation_without_a_category_is_refused_next_to_it_R_LC_CRE_04(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande, point, url = a_decider(reseau, secretariat)
    reponse = connecter(client, secretariat).post(url, champs(point, sens="favorable", categorie=""))
    assert reponse.status_code == 422
    contenu = texte(reponse)
    assert "le GTP fixe sa catégorie (A, B, C, C* ou D) (R-LC-CRE-04, R-CAT-01)." in contenu
    assert f'id="id_point-{point.pk}-categorie_erreurs"' in contenu
    assert 'aria-invalid="true"' in contenu
    assert not Decision.objects.exists()
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.COMPLETE


def test_decision_on_a_seance_not_yet_held_is_refused(client: Client, reseau: Reseau, secretariat: Any) -> None:
    _, point, url = a_decider(reseau, secretariat, dans=7)
    reponse = connecter(client, secretariat).post(url, champs(point, sens="favorable", categorie="B"))
    assert reponse.status_code == 422
    assert "ne s'est pas encore tenue : ses décisions ne peuvent pas encore être enregistrées." in texte(reponse)
    assert 'role="alert"' in reponse.content.decode()
    assert not Decision.objects.exists()


def test_decision_on_a_request_no_longer_on_the_agenda_is_refused(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    """The page was opened before the item was postponed: the service, not the page, refuses."""
    _, point, url = a_decider(reseau, secretariat)
    gtp.reporter(point, acteur=secretariat)
    reponse = connecter(client, secretariat).post(url, champs(point, sens="favorable", categorie="B"))
    assert reponse.status_code == 422
    assert "n'est pas inscrite à l'ordre du jour" in texte(reponse)
    assert not Decision.objects.exists()


def test_unfavourable_decision_without_a_motive_is_refused_then_recorded_R_LC_DEC_01(
    client: Client, reseau: Reseau, secretariat: Any
) -> None:
    demande, point, url = a_decider(reseau, secretariat)
    client = connecter(client, secretariat)
    refus = client.post(url, champs(point, sens="defavorable", motif=" "))
    assert refus.status_code == 422
    assert "Une décision défavorable est motivée (R-LC-DEC-01)." in texte(refus)
    reponse = client.post(url, champs(point, sens="defavorable", motif="Doublon d'un CQPM existant."), follow=True)
    contenu = texte(reponse)
    assert f"Décision défavorable enregistrée sur la demande n° {demande.pk}." in contenu
    assert "Décidé (défavorable)" in contenu and "Doublon d'un CQPM existant." in contenu
    assert Qualification.objects.get(pk=demande.qualification_id).numero in (None, "")


def test_a_decision_without_its_sense_is_asked_again(client: Client, reseau: Reseau, secretariat: Any) -> None:
    _, point, url = a_decider(reseau, secretariat)
    reponse = connecter(client, secretariat).post(url, champs(point, categorie="B"))
    assert reponse.status_code == 422
    assert "Indiquez si la décision est favorable ou défavorable." in texte(reponse)
    assert not Decision.objects.exists()


def test_gtp_member_may_not_record_a_decision(client: Client, reseau: Reseau, secretariat: Any) -> None:
    _, point, url = a_decider(reseau, secretariat)
    membre = connecter(client, UtilisateurFactory(role=Role.MEMBRE_GTP))
    assert membre.post(url, champs(point, sens="favorable", categorie="B")).status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("type_demande", "avec_revision", "attendus"),
    [
        (TypeDemande.CREATION, False, {"sens", "motif", "categorie", "liste_b"}),
        (TypeDemande.REVISION, False, {"sens", "motif", "categorie", "liste_b"}),
        (TypeDemande.REACTIVATION, False, {"sens", "motif", "liste_b", "fin_reactivation", "duree_indeterminee"}),
        (
            TypeDemande.REACTIVATION,
            True,
            {"sens", "motif", "categorie", "liste_b", "fin_reactivation", "duree_indeterminee"},
        ),
        (TypeDemande.MISE_EN_VEILLE, False, {"sens", "motif"}),
        (TypeDemande.SUPPRESSION, False, {"sens", "motif"}),
    ],
)
def test_the_form_asks_only_what_the_kind_of_request_needs_R_CAT_01_R_LIST_03_R_LC_REA_02(
    request: pytest.FixtureRequest, type_demande: TypeDemande, avec_revision: bool, attendus: set[str]
) -> None:
    """Each field the form leaves out is one the service refuses with the rule that excludes it, and each field it
    asks is one the service accepts: the form follows the rules, it does not make them."""
    demande = Demande(type=type_demande, avec_revision=avec_revision)
    assert set(FormulaireDecision(point=PointOrdreDuJour(pk=7), demande=demande).fields) == attendus
    le = timezone.localdate()
    if type_demande == TypeDemande.CREATION:  # decided only after the CNCP's opinion: a real request
        demande = creation_complete(request.getfixturevalue("reseau"), request.getfixturevalue("secretariat"))
    else:
        demande = Demande(type=type_demande, avec_revision=avec_revision)
    requis = {"categorie": "B"} if type_demande == TypeDemande.CREATION else {}
    for champ, valeur in OPTIONS.items():
        options = {**requis, champ: valeur}
        if champ in attendus:
            services._verifier_decision(demande, le, True, "", **{**AUCUNE_OPTION, **options})
        else:
            with pytest.raises(RegleViolee) as exc:
                services._verifier_decision(demande, le, True, "", **{**AUCUNE_OPTION, **options})
            assert (exc.value.rule, exc.value.message) == REFUS[champ], champ


OPTIONS: dict[str, Any] = {
    "categorie": "B",
    "liste_b": True,
    "fin_reactivation": timezone.localdate() + datetime.timedelta(days=365),
    "duree_indeterminee": True,
}
AUCUNE_OPTION: dict[str, Any] = {
    "categorie": None,
    "liste_b": False,
    "fin_reactivation": None,
    "duree_indeterminee": False,
}
REFUS = {
    "categorie": ("R-CAT-01", "Le GTP classe un CQPM à sa création et peut le reclasser à sa révision (R-CAT-01)."),
    "liste_b": ("R-LIST-03", "Une mise en veille ou une suppression retire le CQPM des listes A et B (R-LIST-03)."),
    "fin_reactivation": ("R-LC-REA-02", "Seule une réactivation a une durée à fixer (R-LC-REA-02)."),
    "duree_indeterminee": ("R-LC-REA-02", "Seule une réactivation a une durée à fixer (R-LC-REA-02)."),
}


def test_success_message_says_what_each_favourable_decision_did() -> None:
    q = Qualification(intitule="Soudeur", numero="MQ 2026 03 69 9001")
    le = datetime.date(2026, 3, 12)

    def message(type_demande: TypeDemande, **decision: Any) -> str:
        demande = Demande(pk=5, type=type_demande, qualification=q)
        return bilan(Decision(date=le, favorable=True, numero=q.numero, **decision), demande)

    assert "est réactivé à compter du 12 mars 2026, jusqu'au 30 juin 2027" in message(
        TypeDemande.REACTIVATION, fin_reactivation=datetime.date(2027, 6, 30)
    )
    assert "pour une durée indéterminée" in message(TypeDemande.REACTIVATION, duree_indeterminee=True)
    assert "s'applique depuis le 12 mars 2026, en catégorie C*" in message(TypeDemande.REVISION, categorie="C*")
    assert "est mis en veille à compter du 12 mars 2026 et retiré des listes." in message(TypeDemande.MISE_EN_VEILLE)
    assert "(MQ 2026 03 69 9001) est supprimé" in message(TypeDemande.SUPPRESSION)
