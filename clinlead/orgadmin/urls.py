from django.urls import include, path

app_name = "orgadmin"

# The registry and roles (registry_urls.py) and licences (licence_urls.py) are written separately.
urlpatterns = [
    path("", include("clinlead.orgadmin.registry_urls")),
    path("licences/", include("clinlead.orgadmin.licence_urls")),
]
