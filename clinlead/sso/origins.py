"""Where a sign-in form may send the browser. Our policy lets forms post only to us (form-action 'self'), and
Chromium holds a form's redirect to that too: a page whose form starts a sign-in must also allow the identity
providers' own addresses, which its answer redirects to. Read from the sign-in apps (docs/decisions/0024)."""

from typing import Any
from urllib.parse import urlsplit

from allauth.socialaccount.adapter import get_adapter
from django.http import HttpResponse


def _origin(url: object) -> str:
    parts = urlsplit(str(url or ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("https", "http") and parts.netloc else ""


def _saml_sign_in_url(idp: dict[str, Any]) -> str:
    if idp.get("sso_url"):
        return str(idp["sso_url"])
    from allauth.socialaccount.providers.saml.utils import fetch_metadata_url_config

    try:  # allauth's copy of the metadata, kept for hours; the metadata's own address if it cannot be read
        config = fetch_metadata_url_config(idp)
        return str(config["idp"]["singleSignOnService"]["url"])
    except Exception:
        return str(idp.get("metadata_url", ""))


def sign_in_origins() -> list[str]:
    """The origins of every sign-in app's authorisation or single sign-on address, each once: the database's apps
    and those set in the environment (allauth's list of both)."""
    origins: set[str] = set()
    for app in get_adapter().list_apps(None):
        settings = app.settings or {}
        if app.provider == "openid_connect":
            origins.add(_origin(settings.get("server_url")))
        elif app.provider == "saml":
            origins.add(_origin(_saml_sign_in_url(settings.get("idp", {}))))
    return sorted(o for o in origins if o)


def allowing_sign_in_forms(response: HttpResponse) -> HttpResponse:
    """The response, with its policy's form-action widened to the identity providers (django-csp's per-response
    update)."""
    origins = sign_in_origins()
    if origins:
        response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
    return response
