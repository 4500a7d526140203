from django.urls import path

from cqpm.core import views

app_name = "core"
urlpatterns = [
    path("sante", views.sante, name="sante"),
    path("a-traiter/", views.a_traiter, name="a_traiter"),
]
