from django.db import models


class TypeOrganisation(models.TextChoices):
    UIMM = "uimm", "UIMM (nationale)"
    GTP = "gtp", "GTP « Qualifications »"
    TERRITORIALE = "territoriale", "UIMM territoriale"
    CPREFP = "cprefp", "CPREFP"
    COMMISSION_INFRAREGIONALE = "infraregionale", "Commission paritaire infrarégionale"
    ENTREPRISE = "entreprise", "Entreprise"
    ORGANISME_FORMATION = "organisme_formation", "Organisme de formation"
    SYNDICAT = "syndicat", "Organisation syndicale"
    BRANCHE_SYNDICALE = "branche_syndicale", "Branche territoriale d'une organisation syndicale"
    CNCP = "cncp", "France Compétences (CNCP)"


class Secteur(models.TextChoices):
    METAUX = "M", "M (Métaux)"
    HORS_METAUX = "HM", "HM (Hors métaux)"
