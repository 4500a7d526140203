from django.urls import path

from cqpm.core import views

app_name = "core"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("sante", views.sante, name="sante"),
]
