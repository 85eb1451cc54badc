"""allauth includes this module for our SAML provider (its `package`): allauth's addresses and views, with the
end of the response's journey guarded (saml.finish_acs), and single logout refusing an unsigned LogoutRequest
(saml.single_logout)."""

from allauth.socialaccount.providers.saml import views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path

from ..origins import allowing_sign_in_forms
from ..saml import finish_acs, single_logout


def login(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth's; its page (a GET) is a form that starts the sign-in, so it may send the browser to the provider."""
    return allowing_sign_in_forms(views.login(request, organization_slug=organization_slug))


urlpatterns = [
    re_path(
        r"^saml/(?P<organization_slug>[^/]+)/",
        include(
            [
                path("acs/", views.acs, name="saml_acs"),
                path("acs/finish/", finish_acs, name="saml_finish_acs"),
                path("sls/", single_logout, name="saml_sls"),
                path("metadata/", views.metadata, name="saml_metadata"),
                path("login/", login, name="saml_login"),
            ]
        ),
    )
]
