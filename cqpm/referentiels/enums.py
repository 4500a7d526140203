from django.db import models


class TypeQualification(models.TextChoices):
    CQPM = "CQPM", "CQPM"
    CQPI = "CQPI", "CQPI"


class StatutQualification(models.TextChoices):
    PROJET = "projet", "En projet"
    EN_VIGUEUR = "en_vigueur", "En vigueur"
    EN_VEILLE = "en_veille", "En veille"
    SUPPRIMEE = "supprimee", "Supprimée"


class StatutVersion(models.TextChoices):
    BROUILLON = "brouillon", "Projet de référentiel"
    DECIDEE = "decidee", "Décidée par le GTP"


class Categorie(models.TextChoices):
    """R-CAT-01: categories of accord 2014 art. 10–13; C* guarantees level IV, 3rd echelon, coefficient 285."""

    A = "A", "Catégorie A"
    B = "B", "Catégorie B"
    C = "C", "Catégorie C"
    C_ETOILE = "C*", "Catégorie C*"
    D = "D", "Catégorie D"


class Modalite(models.TextChoices):
    """R-REF-02, in priority order (the declaration order is the priority)."""

    SITUATION_REELLE = "a_reelle", "Situation professionnelle réelle"
    PROJETS = "b_projets", "Présentation de projets ou activités réalisés en milieu professionnel"
    SITUATION_RECONSTITUEE = "c_reconstituee", "Situation professionnelle reconstituée"
    AVIS_ENTREPRISE = "d_avis_entreprise", "Avis de l'entreprise"


class Liste(models.TextChoices):
    A = "A", "Liste A de la CPNEFP"
    B = "B", "Liste B de la CPNEFP (éligible au CPF)"
    C = "C", "Liste C de la CPNEFP (apprentissage)"
