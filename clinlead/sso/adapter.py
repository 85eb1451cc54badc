"""Our allauth social-account adapter: every single sign-on passes here before it signs anyone in. It checks the
nonce, refuses identity providers we have not configured, keeps a person's account when their OpenAthens provider
moves to the newer identifier, and never signs up anyone without the sign-up form (docs/decisions/0024)."""

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.http import HttpRequest
from django.shortcuts import render

from . import claims as claim_rules
from . import sign_out
from .models import IdentityProvider
from .vouching import identity_provider_for

OIDC = "openid_connect"


def sign_in_claims(sociallogin: SocialLogin) -> dict[str, Any]:
    """What the identity provider said: the ID token's claims with userinfo's over them, or SAML's attributes."""
    data = sociallogin.account.extra_data or {}
    if sociallogin.provider.id == OIDC:
        return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return dict(data)


def profile_of(sociallogin: SocialLogin) -> str:
    return str(sociallogin.provider.app.settings.get("profile", "")) if sociallogin.provider.id == OIDC else "saml"


def identity_provider_of(sociallogin: SocialLogin) -> tuple[IdentityProvider | None, str, dict[str, Any]]:
    """The configured identity provider this sign-in came through (None if none), its profile, and its claims."""
    found = sign_in_claims(sociallogin)
    profile = profile_of(sociallogin)
    app_id = sociallogin.provider.app.provider_id or sociallogin.provider.id
    return identity_provider_for(app_id, profile, found), profile, found


def _refuse(request: HttpRequest, template: str, status: int = 403, **context: Any) -> ImmediateHttpResponse:
    return ImmediateHttpResponse(render(request, f"sso/{template}.html", context, status=status))


class SocialAccountAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]
    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider, profile, found = identity_provider_of(sociallogin)
        if sociallogin.provider.id == OIDC:
            expected = (sociallogin.state or {}).get("nonce")
            if not expected or (sociallogin.account.extra_data.get("id_token") or {}).get("nonce") != expected:
                raise _refuse(request, "refused", reason="The sign-in could not be checked. Please start again.")
        if provider is None:
            raise _refuse(
                request, "not_configured", provider_name=sociallogin.provider.name, realm=found.get("realmName", "")
            )
        if not sociallogin.is_existing and profile in (claim_rules.KEYSTONE, claim_rules.SAML):
            self._continue_under_older_identifier(sociallogin, found)
        sign_out.carry_into_state(sociallogin)

    def _continue_under_older_identifier(self, sociallogin: SocialLogin, found: dict[str, Any]) -> None:
        """A first sign-in with pairwiseID that also carries the eduPersonTargetedID someone signed in with before
        is that person: the new identifier joins their account, and they sign in to it."""
        identifiers = claim_rules.identifiers(claim_rules.KEYSTONE, found)  # OpenAthens' rule, SAML's too
        provider = sociallogin.account.provider
        earlier = SocialAccount.objects.filter(provider=provider, uid__in=identifiers.others).first()
        if earlier is None:
            return
        SocialAccount.objects.get_or_create(
            provider=provider,
            uid=identifiers.primary,
            defaults={"user": earlier.user, "extra_data": sociallogin.account.extra_data},
        )
        sociallogin.lookup()

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        """Never: a new person always sees the sign-up form, with its profile questions and terms."""
        return False
