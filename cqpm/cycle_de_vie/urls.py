from django.urls import path

from cqpm.cycle_de_vie import views, views_projet

app_name = "cycle_de_vie"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/soumettre/", views.soumettre, name="soumettre"),
    path("<int:pk>/declarer-complete/", views.declarer_complete, name="declarer_complete"),
    path("<int:pk>/avis-cncp/", views.avis_cncp, name="avis_cncp"),
    path("<int:pk>/projet/", views_projet.editer, name="projet"),
    path("<int:pk>/dossier/", views.dossier, name="dossier"),
    path("<int:pk>/pieces/", views.joindre, name="joindre"),
    path("<int:pk>/pieces/<int:piece>/", views.telecharger, name="telecharger"),
    path("<int:pk>/retirer/", views.retirer, name="retirer"),
    path("<int:pk>/cprefp/", views.informer_cprefp, name="informer_cprefp"),
]
