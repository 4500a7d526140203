from django.urls import path

from cqpm.referentiels import views

app_name = "referentiels"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/version/<int:version>/", views.detail, name="version"),
    path("numero/<path:numero>/", views.par_numero, name="par_numero"),
]
