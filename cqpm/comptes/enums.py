from django.db import models


class Role(models.TextChoices):
    SECRETARIAT_GTP = "secretariat_gtp", "Secrétariat du GTP « Qualifications »"
    MEMBRE_GTP = "membre_gtp", "Membre du GTP « Qualifications »"
    TERRITORIALE = "territoriale", "Personnel d'une UIMM territoriale"
    ENTREPRISE = "entreprise", "Contact entreprise"
    ORGANISME_FORMATION = "organisme_formation", "Contact organisme de formation"
    BRANCHE_SYNDICALE = "branche_syndicale", "Contact d'une branche syndicale"
    MEMBRE_JURY = "membre_jury", "Membre de jury"
    CANDIDAT = "candidat", "Candidat"


#: Roles whose holders validate or sign: they must log in with a second factor (TOTP); the jury president signs
#: his PV with it (R-JURY-10).
ROLES_A_DOUBLE_FACTEUR = frozenset({Role.SECRETARIAT_GTP, Role.MEMBRE_GTP, Role.MEMBRE_JURY})
