from django.urls import path

from cqpm.archives import views

app_name = "archives"
urlpatterns = [
    path("", views.rapport, name="rapport"),
    path("purge/", views.purger, name="purger"),
    path("candidats/<int:pk>/donnees/", views.donnees_candidat, name="donnees"),
    path("candidats/<int:pk>/donnees.json", views.export_candidat, name="export"),
]
