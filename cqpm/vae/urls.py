from django.urls import path

from cqpm.vae import views

app_name = "vae"
urlpatterns = [
    path("", views.tableau, name="tableau"),
    path("deposer/", views.deposer, name="deposer"),
    path("<int:pk>/", views.dossier, name="dossier"),
    path("<int:pk>/conclusions.pdf", views.etat_jury, name="etat_jury"),
    path("<int:pk>/<slug:etape>/", views.etape, name="etape"),
]
