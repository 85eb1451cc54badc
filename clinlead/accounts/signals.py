"""Eligibility follows the learner's email address: re-checked whenever allauth changes it."""

from typing import Any

from allauth.account.signals import email_changed, email_confirmed
from django.dispatch import receiver

from .services import refresh_eligibility


@receiver(email_changed)
def _on_email_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    refresh_eligibility(user)


@receiver(email_confirmed)
def _on_email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    refresh_eligibility(email_address.user)
