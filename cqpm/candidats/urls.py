from django.urls import path

from cqpm.candidats import views

app_name = "candidats"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("import/", views.importer, name="importer"),
    path("import/confirmer/", views.confirmer_import, name="confirmer_import"),
    path("import/modele.xlsx", views.modele, name="modele"),
    path("doublons/", views.doublons, name="doublons"),
    path("<int:pk>/", views.detail, name="detail"),
    path("candidats/<int:pk>/chronologie/", views.chronologie, name="chronologie"),
    path("<int:pk>/annuler/", views.annuler, name="annuler"),
]
