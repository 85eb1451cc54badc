"""Asking a signed-in learner to prove it is them before something that cannot be undone.

The password, and when two-factor authentication is on, a current authenticator code or an
unused recovery code, checked by allauth's own MFA form (which also refuses a TOTP code used
before and marks a recovery code used). Every attempt counts against allauth's rate limit
"delete_account" (settings: ACCOUNT_RATE_LIMITS), so a stolen session cannot guess the password.
"""

from dataclasses import dataclass, field

from allauth.core import ratelimit
from allauth.mfa.base.forms import ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest

from .models import User

PASSWORD_ERROR = "Enter your current password to delete your account"  # noqa: S105 - a message, not a password
CODE_ERROR = "Enter the 6-digit code from your authenticator app, or one of your unused recovery codes"


@dataclass(frozen=True)
class IdentityCheck:
    confirmed: bool
    rate_limited: bool = False
    errors: dict[str, str] = field(default_factory=dict)  # form field name -> what to do


def needs_second_factor(user: User) -> bool:
    return bool(is_mfa_enabled(user, [Authenticator.Type.TOTP]))


def check_identity(request: HttpRequest, user: User, *, action: str, password: str, code: str) -> IdentityCheck:
    if not ratelimit.consume(request, action=action, user=user):
        return IdentityCheck(False, rate_limited=True)
    errors = {}
    if not user.check_password(password):
        errors["password"] = PASSWORD_ERROR
    if needs_second_factor(user):
        form = ReauthenticateForm(data={"code": code.strip()}, user=user)
        # Only spend a code once the password is right, so a wrong password does not use up a recovery code.
        if errors or not form.is_valid():
            errors["code"] = CODE_ERROR
        else:
            form.save()
    return IdentityCheck(not errors, errors=errors)
