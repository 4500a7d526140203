from django.urls import path

from cqpm.comptes import views

app_name = "comptes"
urlpatterns = [
    path("connexion/", views.Connexion.as_view(), name="connexion"),
    path("connexion/code/", views.verification, name="verification"),
    path("connexion/activation-double-facteur/", views.enrolement, name="enrolement"),
    path("deconnexion/", views.Deconnexion.as_view(), name="deconnexion"),
]
