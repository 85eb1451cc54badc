"""Eligibility follows the learner's confirmed email address; rate limits are cleared by a password reset."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed, email_confirmed, password_reset
from allauth.core.internal import ratelimit
from django.dispatch import receiver

from .adapter import APP, failed_sign_in_keys
from .services import refresh_eligibility, release_other_claims


@receiver(email_changed)
def _on_email_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    refresh_eligibility(user)


@receiver(email_confirmed)
def _on_email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    release_other_claims(email_address)
    refresh_eligibility(email_address.user)


@receiver(password_reset)
def _on_password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Whoever can read the mailbox is the owner: lift the sign-in limits on their account, from here and overall."""
    for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True):
        per_client, per_account = failed_sign_in_keys(request, email)
        ratelimit.clear(request, app=APP, action="login_failed", key=per_client)
        ratelimit.clear(request, app=APP, action="login_failed_account", key=per_account)
