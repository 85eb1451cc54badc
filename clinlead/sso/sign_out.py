"""Single logout: someone who signed in through their organisation and signs out of clinlead is signed out there
too, so that the next person at a shared ward computer is asked for their own password (docs/decisions/0024).

What the identity provider needs to end its session (SAML: the NameID and session index of the assertion; OpenID
Connect: the ID token, as `id_token_hint`) is taken from the sign-in and kept in the session. Signing out of
clinlead then sends the browser to the provider's single logout address, when it has one: SAML's
SingleLogoutService (a signed LogoutRequest; its LogoutResponse comes back to allauth's SLS address), or OpenID
Connect's `end_session_endpoint` (which sends the browser back to our "signed out" page). A provider without
either (OpenAthens does not offer single logout to every service) leaves only our own session ended.
"""

import logging
from typing import Any
from urllib.parse import urlencode

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.http import HttpRequest
from django.urls import reverse

logger = logging.getLogger(__name__)

SESSION_KEY = "sso_sign_out"
# Where a provider's details wait, on the SocialLogin object, between the sign-in's last step and the adapter
# putting them in the login's state (which allauth keeps while a sign-up or a second factor is pending).
PENDING = "clinlead_sign_out"


def from_saml(app: SocialApp, auth: Any) -> dict[str, Any]:
    """What a SAML LogoutRequest for this sign-in must name (python3-saml's Auth after a valid response)."""
    return {
        "kind": "saml",
        "app": app.provider_id or app.client_id,
        "name_id": auth.get_nameid(),
        "name_id_format": auth.get_nameid_format(),
        "name_qualifier": auth.get_nameid_nq(),
        "sp_name_qualifier": auth.get_nameid_spnq(),
        "session_index": auth.get_session_index(),
    }


def from_oidc(app: SocialApp, id_token: str | None) -> dict[str, Any] | None:
    return {"kind": "oidc", "app": app.provider_id, "id_token": id_token} if id_token else None


def hold(sociallogin: SocialLogin, details: dict[str, Any] | None) -> None:
    setattr(sociallogin, PENDING, details)


def carry_into_state(sociallogin: SocialLogin) -> None:
    """Called by the adapter before the sign-in goes on: the details join the login's state."""
    details = getattr(sociallogin, PENDING, None)
    if details:
        sociallogin.state["sign_out"] = details


def remember(request: HttpRequest, sociallogin: SocialLogin) -> None:
    """The person is now signed in through this sign-in: keep what single logout will need."""
    details = (sociallogin.state or {}).get("sign_out")
    if details:
        request.session[SESSION_KEY] = details
    else:
        request.session.pop(SESSION_KEY, None)


def _saml_url(request: HttpRequest, details: dict[str, Any]) -> str | None:
    from allauth.socialaccount.providers.saml.utils import build_auth

    provider = get_adapter().get_provider(request, details["app"])
    auth = build_auth(request, provider)
    if not auth.get_slo_url():
        return None
    url = auth.logout(
        name_id=details.get("name_id"),
        session_index=details.get("session_index"),
        nq=details.get("name_qualifier"),
        name_id_format=details.get("name_id_format"),
        spnq=details.get("sp_name_qualifier"),
    )
    return str(url)


def _oidc_url(request: HttpRequest, details: dict[str, Any]) -> str | None:
    from .oidc.views import VerifyingAdapter

    adapter = VerifyingAdapter(request, details["app"])
    end_session = adapter.openid_config.get("end_session_endpoint")
    if not end_session:
        return None
    query = {
        "id_token_hint": details["id_token"],
        "post_logout_redirect_uri": request.build_absolute_uri(reverse("sso:signed-out")),
        "client_id": adapter.get_provider().app.client_id,
    }
    return f"{end_session}{'&' if '?' in end_session else '?'}{urlencode(query)}"


def identity_provider_url(request: HttpRequest, details: dict[str, Any]) -> str | None:
    """The address that ends the person's session at their identity provider, or None if it offers none. A
    provider that cannot be reached, or an app since removed, must not stop anyone signing out of clinlead."""
    try:
        if details.get("kind") == "saml":
            return _saml_url(request, details)
        if details.get("kind") == "oidc":
            return _oidc_url(request, details)
    except Exception:
        logger.exception("single logout: no address from the identity provider of app %r", details.get("app"))
    return None
