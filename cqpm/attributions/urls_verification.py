from django.urls import path

from cqpm.attributions import views

app_name = "verification"
urlpatterns = [
    path("", views.verification_accueil, name="accueil"),
    path("<str:jeton>/", views.verification, name="certificat"),
]
