from django.urls import path

from cqpm.referentiels import views

app_name = "referentiels"
urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<int:pk>/", views.detail, name="detail"),
    path("catalogue/<int:pk>/version/<int:version>/", views.detail, name="version"),
    path("catalogue/numero/<path:numero>/", views.par_numero, name="par_numero"),
]
