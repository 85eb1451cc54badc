"""After a single sign-on signs someone in, signs them up, or is connected to their account: record who vouched for
them (vouching.py); and on signing in, keep what signing out of their identity provider will need (sign_out.py).
Connected in apps.py."""

from typing import Any

from allauth.socialaccount.models import SocialLogin
from django.http import HttpRequest

from . import sign_out, vouching
from .adapter import identity_provider_of


def record_vouching(sender: Any, request: HttpRequest, sociallogin: SocialLogin | None = None, **kwargs: Any) -> None:
    if sociallogin is None or sociallogin.user is None or sociallogin.user.pk is None:
        return  # a sign-in with a password, or a social sign-in not finished
    provider, profile, found = identity_provider_of(sociallogin)
    if provider is not None:
        vouching.record(sociallogin.user.pk, vouching.vouched_by(provider, profile, found), provider)


def remember_for_sign_out(
    sender: Any, request: HttpRequest, sociallogin: SocialLogin | None = None, **kwargs: Any
) -> None:
    """Signed in: through an identity provider (keep its details), or with a password (nothing to end elsewhere)."""
    if sociallogin is None:
        request.session.pop(sign_out.SESSION_KEY, None)
    else:
        sign_out.remember(request, sociallogin)
