from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [
    path("organisation/", views.choose, name="choose"),
    path("organisation/<int:identity_provider_id>/", views.start, name="start"),
    path("signed-out/", views.signed_out, name="signed-out"),
]
