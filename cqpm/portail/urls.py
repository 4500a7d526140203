from django.urls import path

from cqpm.portail import views

app_name = "portail"
urlpatterns = [
    path("", views.espace, name="espace"),
    path("invitation/<str:jeton>/", views.invitation, name="invitation"),
    path("inscription/", views.demande, name="demande"),
    path("inscription/<str:jeton>/", views.confirmation, name="confirmation"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/", views.inviter, name="inviter"),
]
