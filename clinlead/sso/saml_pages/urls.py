"""allauth includes this module for our SAML provider (its `package`): allauth's addresses and views, with the
end of the response's journey guarded (saml.finish_acs)."""

from allauth.socialaccount.providers.saml import views
from django.urls import include, path, re_path

from ..saml import finish_acs

urlpatterns = [
    re_path(
        r"^saml/(?P<organization_slug>[^/]+)/",
        include(
            [
                path("acs/", views.acs, name="saml_acs"),
                path("acs/finish/", finish_acs, name="saml_finish_acs"),
                path("sls/", views.sls, name="saml_sls"),
                path("metadata/", views.metadata, name="saml_metadata"),
                path("login/", views.login, name="saml_login"),
            ]
        ),
    )
]
