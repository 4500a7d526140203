from django.contrib import admin
from django.urls import include, path

from config.api import api
from cqpm.api.docs import documentation

urlpatterns = [
    path("", include("cqpm.core.urls")),
    path("", include("cqpm.referentiels.urls")),  # the home page and the catalogue it presents
    path("comptes/", include("cqpm.comptes.urls")),
    path("demandes/", include("cqpm.cycle_de_vie.urls")),
    path("seances/", include("cqpm.cycle_de_vie.urls_seances")),
    path("inscriptions/", include("cqpm.candidats.urls")),
    path("espace/", include("cqpm.portail.urls")),
    path("vae/", include("cqpm.vae.urls")),
    path("evaluations/", include("cqpm.evaluations.urls")),
    path("jurys/", include("cqpm.jurys.urls")),
    path("attributions/", include("cqpm.attributions.urls")),
    path("verification/", include("cqpm.attributions.urls_verification")),
    path("archives/", include("cqpm.archives.urls")),
    path("api/v1/", api.urls),
    path("api/docs", documentation, {"api": api}, name="api-docs"),
    path("admin/", admin.site.urls),
]
