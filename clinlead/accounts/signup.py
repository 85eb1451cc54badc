"""Registration (ACCOUNT_FORMS["signup"]): an unconfirmed address reserves nothing.

allauth counts an address as taken as soon as any account lists it, confirmed or not, and then
(enumeration prevention) makes no account and sends no link of its own. So anyone could block, or
take over, a registration by adding the address to their account first. Here only a confirmed
address, or the address of an account in use, counts as taken; for those allauth's behaviour stays
(no account, an "you already have an account" email, the same "check your email" page). Otherwise
the new account is made, replacing any never-used account made with the address (docs/decisions/0012).

A module of its own: allauth's forms module imports ACCOUNT_SIGNUP_FORM_CLASS (forms.py) as it loads.
"""

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import ratelimit
from django.db import transaction
from django.http import HttpRequest

from . import services
from .form_errors import InOurWords

# The order of the page, so that the error summary lists problems in the order of the fields.
FIELD_ORDER = ["email", "name_on_certificates", "profession", "password1", "password2", "accept_terms"]


class SignupForm(InOurWords, AllauthSignupForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(FIELD_ORDER)

    def validate_unique_email(self, value: str) -> str:
        if services.is_reserved(value):
            return str(super().validate_unique_email(value))
        self.account_already_exists = False
        return str(get_adapter().validate_unique_email(value))

    def save(self, request: HttpRequest) -> Any:
        email = self.cleaned_data["email"]
        with transaction.atomic():
            claimed = services.release_unconfirmed_claims(email)
            user = super().save(request)
            services.record_registered_address(user, email)
        # allauth sends one confirmation email per address every few minutes, whichever account asked.
        # Someone who added this address to their account (or registered with it) moments ago must not
        # stop its owner receiving their own link, but re-registering must not flood a mailbox either.
        if claimed and ratelimit.consume(request, action="reclaim_email", key=email.lower()):
            ratelimit.clear(request, action="confirm_email", key=email.lower())
        return user
