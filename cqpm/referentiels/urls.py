from django.urls import path

from cqpm.referentiels import views

app_name = "referentiels"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
]
