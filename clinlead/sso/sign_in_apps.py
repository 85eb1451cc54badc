"""The sign-in apps (allauth's SocialApp: the technical connection to an identity provider) as plain data: those
saved in the database, which platform administrators change on our pages, and those set in the environment
(settings.SOCIALACCOUNT_PROVIDERS), which they cannot (docs/decisions/0024)."""

from dataclasses import dataclass

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.urls import reverse

from . import claims
from .models import IdentityProvider

OIDC, SAML = "openid_connect", "saml"
Kind = IdentityProvider.Kind

# Which app each kind of identity provider signs people in through: (allauth provider, our profile).
APP_FOR_KIND = {
    Kind.OPENATHENS_SAML: (SAML, claims.SAML),
    Kind.OPENATHENS_KEYSTONE: (OIDC, claims.KEYSTONE),
    Kind.CIS2: (OIDC, claims.CIS2),
}
PROFILE_LABELS = {
    claims.KEYSTONE: "OpenID Connect: OpenAthens Keystone",
    claims.CIS2: "OpenID Connect: NHS Care Identity Service 2",
    claims.SAML: "SAML",
}


@dataclass(frozen=True)
class SignInApp:
    id: int | None  # None: set in the environment, not changed here
    provider: str  # OIDC or SAML
    provider_id: str  # what identity providers and people's identities name it by
    name: str
    client_id: str
    profile: str  # claims.KEYSTONE, claims.CIS2 or claims.SAML
    server_url: str  # OpenID Connect: the issuer
    idp_entity_id: str  # SAML: the identity provider's entityID
    addresses: tuple[tuple[str, str], ...]  # (what it is, address) to register with the federation

    @property
    def from_environment(self) -> bool:
        return self.id is None

    @property
    def kind_label(self) -> str:
        return PROFILE_LABELS.get(self.profile, f"OpenID Connect without a profile ({self.profile or 'none'})")


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def addresses(provider: str, provider_id: str, client_id: str) -> tuple[tuple[str, str], ...]:
    """What the federation must be told about us for this app: our SAML metadata and assertion consumer service,
    or our OpenID Connect redirect URI."""
    if provider == SAML:
        return (
            ("Our metadata", _site(reverse("saml_metadata", kwargs={"organization_slug": client_id}))),
            ("Assertion consumer service", _site(reverse("saml_acs", kwargs={"organization_slug": client_id}))),
        )
    return (("Redirect URI", _site(reverse("openid_connect_callback", kwargs={"provider_id": provider_id}))),)


def _data(app: SocialApp) -> SignInApp:
    config = app.settings or {}
    profile = claims.SAML if app.provider == SAML else str(config.get("profile", ""))
    provider_id = app.provider_id or app.provider
    return SignInApp(
        id=app.pk,
        provider=app.provider,
        provider_id=provider_id,
        name=app.name,
        client_id=app.client_id,
        profile=profile,
        server_url=str(config.get("server_url", "")) if app.provider == OIDC else "",
        idp_entity_id=str((config.get("idp") or {}).get("entity_id", "")) if app.provider == SAML else "",
        addresses=addresses(app.provider, provider_id, app.client_id),
    )


def sign_in_apps() -> list[SignInApp]:
    """Every OpenID Connect and SAML app, from the database and from the environment, by name (one query)."""
    found = [_data(app) for app in get_adapter().list_apps(None) if app.provider in (OIDC, SAML)]
    return sorted(found, key=lambda app: (app.name.lower(), app.provider_id))


def saved_app(app_id: int) -> SocialApp | None:
    """The database's OpenID Connect or SAML app with this id, or None."""
    return SocialApp.objects.filter(pk=app_id, provider__in=(OIDC, SAML)).first()


def suits(kind: str, app: SignInApp) -> bool:
    """Whether people of an identity provider of this kind can sign in through this app."""
    return APP_FOR_KIND.get(Kind(kind)) == (app.provider, app.profile) if kind in Kind.values else False


def provider_ids_in_use(except_app_id: int | None = None) -> set[str]:
    """The provider ids (and SAML client ids) of every app but this one: each must name one app."""
    taken: set[str] = set()
    for app in get_adapter().list_apps(None):
        if app.pk is None or app.pk != except_app_id:
            taken |= {app.provider_id or app.provider, app.client_id if app.provider == SAML else ""}
    return taken - {""}
