from django.urls import path

from cqpm.cycle_de_vie import views_seances as views

app_name = "seances"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("nouvelle/", views.nouvelle, name="nouvelle"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ordre-du-jour/", views.inscrire, name="inscrire"),
    path("<int:pk>/points/<int:point_pk>/reporter/", views.reporter, name="reporter"),
    path("<int:pk>/points/<int:point_pk>/decision/", views.decider, name="decider"),
]
