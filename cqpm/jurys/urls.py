from django.urls import path

from cqpm.jurys import views

app_name = "jurys"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("designations/", views.designations, name="designations"),
    path("designations/<int:pk>/", views.designer, name="designer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etape/<slug:etape>/", views.etape, name="etape"),
    path("<int:pk>/candidats/<int:cid>/<slug:etape>/", views.etape_candidat, name="etape_candidat"),
    path("<int:pk>/pv.pdf", views.pv_pdf, name="pv_pdf"),
    path("<int:pk>/emargement.pdf", views.emargement_pdf, name="emargement_pdf"),
    path("<int:pk>/cprefp.pdf", views.extrait_cprefp_pdf, name="extrait_cprefp_pdf"),
    path("<int:pk>/membres/<int:mid>/convocation.pdf", views.convocation_pdf, name="convocation_pdf"),
]
