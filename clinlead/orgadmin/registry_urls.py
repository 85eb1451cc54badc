"""The registry and roles pages (namespace "orgadmin", under /organisations/)."""

from django.urls import path

from . import registry_views, role_views

urlpatterns = [
    path("", registry_views.organisations_list, name="organisations"),
    path("new/", registry_views.organisation_create, name="create"),
    path("upload/", registry_views.registry_upload, name="upload"),
    path("platform-administrators/", role_views.platform_administrators, name="platform-administrators"),
    path(
        "platform-administrators/<int:user_id>/remove/",
        role_views.remove_platform_administrator,
        name="remove-platform-administrator",
    ),
    path("<int:organisation_id>/", registry_views.organisation_detail, name="organisation"),
    path("<int:organisation_id>/edit/", registry_views.organisation_edit, name="edit"),
    path("<int:organisation_id>/roles/", role_views.roles, name="roles"),
    path("<int:organisation_id>/roles/<int:grant_id>/revoke/", role_views.revoke, name="revoke"),
]
