"""Our OpenID Connect provider, in place of allauth's (settings: SOCIALACCOUNT_PROVIDERS["openid_connect"]
["provider_class"]). Each SocialApp says which profile it is, `keystone` or `cis2`, in its settings; the profile
decides the scopes, what a person is keyed on, and their names (docs/decisions/0024)."""

import secrets
from typing import Any

from allauth.socialaccount.providers.base.provider import ProviderException
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest, HttpResponse

from . import claims
from .oidc.views import VerifyingAdapter

CIS2_SCOPES = [
    "openid",
    "profile",
    "email",
    "nhsperson",
    "associatedorgs",
    "nationalrbacaccess",
    "professionalmemberships",
    "organisationalmemberships",
    "selectedrole",
]


def _claims(data: dict[str, Any]) -> dict[str, Any]:
    """The ID token's claims with userinfo's over them (either may be all a provider sends)."""
    return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}


class OrganisationOpenIDConnectProvider(OpenIDConnectProvider):  # type: ignore[misc]
    package = "clinlead.sso.oidc"  # our views and addresses, not allauth's
    oauth2_adapter_class = VerifyingAdapter
    pkce_enabled_default = True

    @property
    def profile(self) -> str:
        profile = str(self.app.settings.get("profile", ""))
        if profile not in claims.PROFILES:
            raise ProviderException(f"the sign-in app {self.app.provider_id!r} has no profile (keystone or cis2)")
        return profile

    def get_default_scope(self) -> list[str]:
        return CIS2_SCOPES if self.profile == claims.CIS2 else ["openid", "profile", "email"]

    def redirect(
        self, request: HttpRequest, process: Any, next_url: str | None = None, data: Any = None, **kwargs: Any
    ) -> HttpResponse:
        """A fresh nonce for each sign-in: sent to the provider, kept in allauth's state, checked in adapter.py."""
        nonce = secrets.token_urlsafe(32)
        kwargs["auth_params"] = {**(kwargs.get("auth_params") or self.get_auth_params()), "nonce": nonce}
        return super().redirect(request, process, next_url, data, nonce=nonce, **kwargs)  # type: ignore[no-any-return]

    def serialize(self) -> dict[str, Any]:
        """Named by the app's own id (keystone, cis2), not "openid_connect": allauth finds the app again from this
        while a sign-up is pending, and two apps may share a client id with their providers."""
        return {"id": self.app.provider_id or self.id, "app.client_id": self.app.client_id}

    def extract_uid(self, data: dict[str, Any]) -> str:
        try:
            return claims.identifiers(self.profile, _claims(data)).primary
        except claims.NoIdentifier as missing:
            raise ProviderException(str(missing)) from missing

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        found = _claims(data)
        return {
            "email": found.get("email") or None,
            "first_name": found.get("given_name") or "",
            "last_name": found.get("family_name") or "",
        }

    def extract_email_addresses(self, data: dict[str, Any]) -> list[Any]:
        """None: an email claim is never taken as confirmed, and never matches an account (0024). The sign-up form
        offers the claimed address, which is then confirmed by the emailed link like any other."""
        return []


# SAML's provider lives in saml.py; both are registered from here, where allauth looks for them.
from .saml import OpenAthensSAMLProvider  # noqa: E402

provider_classes = [OrganisationOpenIDConnectProvider, OpenAthensSAMLProvider]
