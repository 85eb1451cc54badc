"""Every error on the account forms in our words: what went wrong and what to do, never Django's "This field is
required." or allauth's wording. Errors are matched by their code where they have one (Django's and allauth's
validators give codes), else by allauth's text; anything not listed keeps its own words, so a new message from an
upgrade shows (in English) rather than disappearing."""

from typing import Any

from django.contrib.auth.password_validation import get_default_password_validators
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

# What to enter, per field, when it was left empty. A form may say it differently (a new password, say).
REQUIRED = {
    "email": "Enter your email address",
    "login": "Enter your email address",
    "password": "Enter your password",
    "oldpassword": "Enter your current password",
    "password1": "Enter a password",
    "password2": "Enter the password again",
    "name_on_certificates": "Enter your full name",
    "profession": "Select your profession",
    "accept_terms": "Confirm that you accept the terms of use",
    "code": "Enter the 6-digit code from your authenticator app",
}

BY_CODE = {
    "invalid": "Enter an email address in the correct format, like name@nhs.net",
    "password_too_short": "Enter a password of at least {min_length} characters",
    "password_too_common": "Choose a less common password: this one is on a list of passwords that are easy to guess",
    "password_entirely_numeric": "Use letters in your password, not only numbers",
    "password_too_similar": "Choose a password that is not so like your {verbose_name}",
    "email_password_mismatch": "The email address or password is not right. Check both and try again",
    "incorrect_password": "The password is not right. Check it and try again",
    # allauth's word when the current password typed is wrong (an empty one is "required").
    "enter_current_password": "Your current password is not right. Check it and try again",
    "incorrect_code": "The code is not right. Enter the code your authenticator app shows now",
    "duplicate_email": "This email address is already on your account",
    "same_as_current": "Enter an email address that is different from your current one",
    "email_taken": "An account already uses this email address. Sign in, or reset your password if you forgot it",
    "rate_limited": "You have tried too many times. Wait a few minutes, then try again",
    "too_many_login_attempts": "You have tried too many times. Wait a few minutes, then try again",
    "account_inactive": "This account has been closed",
    "unverified_email": "Confirm your email address before you turn on two-factor authentication",
    "add_email_blocked": "Turn off two-factor authentication before you add another email address",
    "max_length": "Enter no more than {limit_value} characters",
}

# allauth's errors that come without a code.
BY_TEXT = {
    "You must type the same password each time.": "The passwords do not match. Enter the same password in both boxes",
    "Incorrect code.": BY_CODE["incorrect_code"],
}


def _reworded(field: str, error: ValidationError, required: dict[str, str]) -> str:
    params = error.params or {}
    if error.code == "required" and field in required:
        return required[field]
    if error.code == "password_too_short" and "min_length" not in params:
        params = {"min_length": minimum_password_length()}
    if error.code in BY_CODE:
        try:
            return BY_CODE[error.code].format(**params)
        except (KeyError, IndexError):
            pass
    message = str(error.message % params if params and "%(" in str(error.message) else error.message)
    return BY_TEXT.get(message, message)


def minimum_password_length() -> int:
    """The length AUTH_PASSWORD_VALIDATORS ask for (Django's default, 8, if none says)."""
    for validator in get_default_password_validators():
        if hasattr(validator, "min_length"):
            return int(validator.min_length)
    return 8


class InOurWords:
    """Mixed into a form (before the form class): its errors are reworded once it has been checked.
    `required` names, per field, what to enter where this form says it differently from REQUIRED."""

    required: dict[str, str] = {}

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors: Any = getattr(self, "_errors", None)
        if not errors:
            return
        required = {**REQUIRED, **self.required}
        for field in list(errors):
            reworded = [_reworded(field, error, required) for error in errors[field].as_data()]
            kind = {"error_class": "nonfield"} if field == NON_FIELD_ERRORS else {}  # as Django marks them
            errors[field] = self.error_class(reworded, **kind)  # type: ignore[attr-defined]
