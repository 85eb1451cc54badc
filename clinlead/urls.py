from django.contrib import admin
from django.urls import include, path

from clinlead.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("clinlead.player.urls", namespace="player")),
    path("", include("clinlead.website.urls", namespace="website")),
]
