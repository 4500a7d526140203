from django.urls import path

from cqpm.cycle_de_vie import views

app_name = "cycle_de_vie"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/soumettre/", views.soumettre, name="soumettre"),
    path("<int:pk>/declarer-complete/", views.declarer_complete, name="declarer_complete"),
    path("<int:pk>/avis-cncp/", views.avis_cncp, name="avis_cncp"),
]
