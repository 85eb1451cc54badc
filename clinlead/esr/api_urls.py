from django.urls import path

from . import api_views

app_name = "esr-api"

urlpatterns = [
    path("completions", api_views.completions, name="completions"),
    path("openapi.json", api_views.openapi, name="openapi"),
]
