"""What tests may set up for single sign-on in one step: an OpenID Connect sign-in app and the identity provider
records behind it (docs/decisions/0017: doors for tests only). Written through services.py, like the pages."""

from allauth.socialaccount.models import SocialAccount

from . import services
from .models import IdentityProvider

Kind = IdentityProvider.Kind


def oidc_app(app_id: str, profile: str, issuer: str, client_id: str, secret: str, name: str) -> None:
    services.save_oidc_app(
        None, provider_id=app_id, name=name, profile=profile, server_url=issuer, client_id=client_id, secret=secret
    )


def saml_app(
    slug: str, name: str, idp_entity_id: str, metadata_url: str, advanced: dict[str, object] | None = None
) -> None:
    """A SAML sign-in app for one identity provider; its slug (client id and provider id) names its addresses;
    `advanced` (our key pair, python3-saml's flags) as the admin site would set it."""
    app_id = services.save_saml_app(None, slug=slug, name=name, entity_id=idp_entity_id, metadata_url=metadata_url)
    services.save_saml_advanced(app_id, advanced or {})


def identity_provider(
    name: str, kind: str, app_id: str, entity_id: str = "", organisation_id: int | None = None
) -> int:
    return services.save_identity_provider(
        None, name=name, kind=kind, app_id=app_id, entity_id=entity_id, organisation_id=organisation_id
    )


def map_scope(identity_provider_id: int, scope: str, organisation_id: int) -> None:
    services.add_scope_mapping(identity_provider_id, scope, organisation_id)


def map_role(identity_provider_id: int, value: str, role: str, organisation_id: int | None = None) -> None:
    services.add_role_mapping(identity_provider_id, value, role, organisation_id)


def vouch(user_id: int, organisation_ids: list[int], roles: list[tuple[str, int]]) -> None:
    """What a sign-in records for a person (vouching.record): posts where organisations vouched, mapped roles."""
    from .vouching import Vouched, record

    record(user_id, Vouched(tuple(organisation_ids), tuple(roles)))


def identities_of(user_id: int) -> list[tuple[str, str]]:
    """(provider id, identifier) of each identity linked to the person, in order."""
    return list(
        SocialAccount.objects.filter(user_id=user_id).order_by("provider", "uid").values_list("provider", "uid")
    )
