from django.urls import path

from cqpm.attributions import views

app_name = "attributions"
urlpatterns = [
    path("", views.liste, name="liste"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etape/<slug:etape>/", views.etape, name="etape"),
    path("seances/<int:pk>/", views.seance, name="seance"),
    path("seances/<int:pk>/certificats.pdf", views.seance_pdf, name="seance_pdf"),
    path("certificats/<int:pk>/", views.certificat, name="certificat"),
    path("certificats/<int:pk>/correction/<slug:etape>/", views.correction, name="correction"),
    path("certificats/<int:pk>/corrections/<int:correction>/justificatif", views.justificatif, name="justificatif"),
    path("certificats/<int:pk>.pdf", views.certificat_pdf, name="certificat_pdf"),
    path("courriers/<int:pk>.pdf", views.courrier_pdf, name="courrier_pdf"),
    path("mes-documents/certificats/<int:pk>.pdf", views.mon_certificat_pdf, name="mon_certificat_pdf"),
    path("mes-documents/courriers/<int:pk>.pdf", views.mon_courrier_pdf, name="mon_courrier_pdf"),
    path("<int:pk>/attestation.pdf", views.attestation_pdf, name="attestation_pdf"),
]
