"""Password reset (ACCOUNT_FORMS["reset_password"]): a reset link goes only to an address that is the account's.

allauth looks accounts up by any address they list, confirmed or not, so someone who typed grace@nhs.net onto
their account would have their reset link mailed to Grace, who could then take the account over. An address
counts here when it is confirmed on the account or is the address it was registered with (docs/decisions/0012).
A module of its own for the reason given in signup.py.
"""

from typing import Any

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.models import EmailAddress

from .form_errors import InOurWords


class ResetPasswordForm(InOurWords, AllauthResetPasswordForm):  # type: ignore[misc]
    users: list[Any]  # the accounts to send a link for, set by allauth's clean_email

    def clean_email(self) -> str:
        email = str(super().clean_email())
        self.users = [
            user
            for user in self.users
            if user.email.lower() == email.strip().lower()
            or EmailAddress.objects.filter(user=user, email__iexact=email.strip(), verified=True).exists()
        ]
        return email
