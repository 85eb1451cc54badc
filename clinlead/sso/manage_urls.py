"""Single sign-on's set-up pages (namespace "sso-manage", under /organisations/sign-in/, beside the registry's)."""

from django.urls import path

from . import manage_views, provider_views

app_name = "sso-manage"
urlpatterns = [
    path("", manage_views.index, name="index"),
    path("apps/new/openid-connect/", manage_views.add_oidc_app, name="add-oidc-app"),
    path("apps/new/saml/", manage_views.add_saml_app, name="add-saml-app"),
    path("apps/<int:app_id>/", manage_views.change_app, name="app"),
    path("identity-providers/new/", provider_views.add_identity_provider, name="add-identity-provider"),
    path(
        "identity-providers/<int:identity_provider_id>/",
        provider_views.identity_provider,
        name="identity-provider",
    ),
    path(
        "identity-providers/<int:identity_provider_id>/change/",
        provider_views.change_identity_provider,
        name="change-identity-provider",
    ),
    path(
        "identity-providers/<int:identity_provider_id>/scopes/",
        provider_views.add_scope_mapping,
        name="add-scope-mapping",
    ),
    path(
        "identity-providers/<int:identity_provider_id>/scopes/<int:mapping_id>/remove/",
        provider_views.remove_scope_mapping,
        name="remove-scope-mapping",
    ),
    path(
        "identity-providers/<int:identity_provider_id>/roles/",
        provider_views.add_role_mapping,
        name="add-role-mapping",
    ),
    path(
        "identity-providers/<int:identity_provider_id>/roles/<int:mapping_id>/remove/",
        provider_views.remove_role_mapping,
        name="remove-role-mapping",
    ),
]
