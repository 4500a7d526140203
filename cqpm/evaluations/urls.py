from django.urls import path

from cqpm.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("commissions/nouvelle/", views.nouvelle_commission, name="nouvelle_commission"),
    path("inscriptions/<int:inscription_pk>/", views.dossier, name="dossier"),
    path("inscriptions/<int:inscription_pk>/ouvrir/", views.ouvrir, name="ouvrir"),
    path("inscriptions/<int:inscription_pk>/modalites/", views.modalites, name="modalites"),
    path("inscriptions/<int:inscription_pk>/transmission/", views.transmission, name="transmission"),
    path("inscriptions/<int:inscription_pk>/recommandations/", views.recommandations, name="recommandations"),
    path("inscriptions/<int:inscription_pk>/avis-entreprise/", views.avis, name="avis"),
    path("inscriptions/<int:inscription_pk>/compensations/", views.compensations, name="compensations"),
    path("inscriptions/<int:inscription_pk>/resultats/", views.resultats, name="resultats"),
    path("inscriptions/<int:inscription_pk>/acquis/", views.acquis, name="acquis"),
    path("inscriptions/<int:inscription_pk>/etat-recapitulatif.pdf", views.etat_pdf, name="etat_pdf"),
]
