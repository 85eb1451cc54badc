"""OpenAthens by SAML: allauth's SAML provider, keyed like Keystone (pairwise-id, else eduPersonTargetedID; never
the transient NameID), with signed assertions required whatever an app's settings say, responses refused a second
time, and python3-saml's crypto errors answered with a page instead of a server error (docs/decisions/0024)."""

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.providers.base.provider import ProviderException
from allauth.socialaccount.providers.saml import views as allauth_views
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import claims, sign_out

# What every OpenAthens app requires, over its own settings: signed assertions, no sign-in the identity provider
# started unasked (its response would answer no request of ours), and python3-saml's strict checks.
REQUIRED = {"want_assertion_signed": True, "reject_idp_initiated_sso": True, "strict": True}


def saml_claims(app: Any, response: Any) -> dict[str, object]:
    """python3-saml's response as claims by name (claims.from_saml), read with the app's attribute map."""
    return claims.from_saml(
        response.get_attributes(),
        str(response.get_settings().get_idp_data()["entityId"]),
        app.settings.get("attribute_mapping"),
    )


class OpenAthensSAMLProvider(SAMLProvider):  # type: ignore[misc]
    package = "clinlead.sso.saml_pages"  # our addresses (saml_pages/urls.py): allauth's views, one guarded

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        advanced = {**self.app.settings.get("advanced", {}), **REQUIRED}
        if not (advanced.get("x509cert") and advanced.get("private_key")):
            # the service's own pair (settings, from the environment), for an app not given one of its own
            advanced |= {"x509cert": settings.SAML_SP_CERTIFICATE, "private_key": settings.SAML_SP_PRIVATE_KEY}
        if advanced.get("private_key") and advanced.get("x509cert"):
            advanced["metadata_signed"] = True  # our metadata, at a stable address, signed with our own key
        self.app.settings = {**self.app.settings, "advanced": advanced}

    def extract_uid(self, data: Any) -> str:
        try:
            return claims.identifiers(claims.SAML, saml_claims(self.app, data)).primary
        except claims.NoIdentifier as missing:
            raise ProviderException(str(missing)) from missing

    def extract_extra_data(self, data: Any) -> dict[str, object]:
        return saml_claims(self.app, data)

    def extract_common_fields(self, data: Any) -> dict[str, Any]:
        found = saml_claims(self.app, data)
        return {
            "email": found.get("email"),
            "first_name": found.get("given_name", ""),
            "last_name": found.get("family_name", ""),
        }

    def extract_email_addresses(self, data: Any) -> list[Any]:
        return []  # never taken as confirmed, never matched to an account (0024)

    def sociallogin_from_response(self, request: HttpRequest, response: Any) -> Any:
        """Each assertion signs someone in once: its id is kept until it expires, and a second use is refused."""
        assertion_id = response.get_last_assertion_id()
        expires = response.get_last_assertion_not_on_or_after() or (timezone.now().timestamp() + 300)
        seconds = max(int(expires - timezone.now().timestamp()) + 120, 60)  # with the clock skew allowed
        if not assertion_id or not cache.add(f"sso:saml-assertion:{self.app.client_id}:{assertion_id}", 1, seconds):
            raise ImmediateHttpResponse(
                render(
                    request,
                    "sso/refused.html",
                    {"reason": "This sign-in has been used already. Please start again."},
                    status=403,
                )
            )
        login = super().sociallogin_from_response(request, response)
        sign_out.hold(login, sign_out.from_saml(self.app, response))
        return login


def finish_acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth's, except that a response python3-saml cannot even decrypt or check (xmlsec raises rather than
    reporting it), and one without an identifier we can key the person on (extract_uid; allauth's OpenID Connect
    views catch this, its SAML view does not), get the sign-in error page, not a server error."""
    import xmlsec

    try:
        return allauth_views.finish_acs(request, organization_slug)  # type: ignore[no-any-return]
    except xmlsec.Error:
        reason = "The response from your organisation could not be checked. Please start again."
    except ProviderException as refused:
        reason = f"{refused} Ask your organisation's OpenAthens administrator to release it to this service."
    return render(request, "sso/refused.html", {"reason": reason}, status=403)


def single_logout(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth's single logout address. An identity provider's LogoutRequest signs the person out here, so it must
    be signed: python3-saml checks a signature it is given but accepts none unless every message must be signed,
    which would also demand signed sign-in Responses that OpenAthens need not send. Unsigned, any page could sign
    people out with a link. (A LogoutResponse answers our own request after we have already signed the person
    out: it changes nothing here, and passes to allauth as it is.)"""
    if "SAMLRequest" in request.GET and "Signature" not in request.GET:
        return render(
            request,
            "sso/refused.html",
            {
                "heading": "You have not been signed out",
                "reason": "The request to sign you out was not signed by your organisation, so nothing was changed.",
            },
            status=400,
        )
    return allauth_views.sls(request, organization_slug=organization_slug)  # type: ignore[no-any-return]
