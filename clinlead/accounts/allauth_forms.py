"""allauth's forms, speaking our words (form_errors.py); settings name them in ACCOUNT_FORMS and MFA_FORMS.

A module of its own for the reason given in signup.py: allauth's forms module imports ACCOUNT_SIGNUP_FORM_CLASS
(forms.py) as it loads.
"""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa_base
from allauth.mfa.recovery_codes import forms as recovery_codes
from allauth.mfa.totp import forms as totp

from .form_errors import InOurWords

NEW_PASSWORD = {"password1": "Enter a new password", "password2": "Enter the new password again"}
CODE_OR_RECOVERY_CODE = {"code": "Enter the code from your authenticator app, or one of your recovery codes"}


class LoginForm(InOurWords, account.LoginForm):  # type: ignore[misc]
    pass


class AddEmailForm(InOurWords, account.AddEmailForm):  # type: ignore[misc]
    required = {"email": "Enter the email address you want to use"}


class ChangeEmailForm(InOurWords, account.ChangeEmailForm):  # type: ignore[misc]
    required = {"email": "Enter the email address you want to use"}


class ChangePasswordForm(InOurWords, account.ChangePasswordForm):  # type: ignore[misc]
    required = NEW_PASSWORD


class SetPasswordForm(InOurWords, account.SetPasswordForm):  # type: ignore[misc]
    pass


class ResetPasswordKeyForm(InOurWords, account.ResetPasswordKeyForm):  # type: ignore[misc]
    required = NEW_PASSWORD


class ReauthenticateForm(InOurWords, account.ReauthenticateForm):  # type: ignore[misc]
    pass


class AuthenticateForm(InOurWords, mfa_base.AuthenticateForm):  # type: ignore[misc]
    required = CODE_OR_RECOVERY_CODE


class MfaReauthenticateForm(InOurWords, mfa_base.ReauthenticateForm):  # type: ignore[misc]
    required = CODE_OR_RECOVERY_CODE


class ActivateTOTPForm(InOurWords, totp.ActivateTOTPForm):  # type: ignore[misc]
    pass


class DeactivateTOTPForm(InOurWords, totp.DeactivateTOTPForm):  # type: ignore[misc]
    pass


class GenerateRecoveryCodesForm(InOurWords, recovery_codes.GenerateRecoveryCodesForm):  # type: ignore[misc]
    pass
