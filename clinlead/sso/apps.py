from django.apps import AppConfig


class SsoConfig(AppConfig):
    """Single sign-on: OpenAthens (SAML, and OpenID Connect through Keystone) and NHS CIS2, on allauth's social
    accounts; which identity providers we accept, which organisations vouch through them, and what a sign-in
    records (docs/decisions/0024)."""

    name = "clinlead.sso"
    verbose_name = "Single sign-on"

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in, user_signed_up
        from allauth.socialaccount.signals import social_account_added

        from .signals import record_vouching, remember_for_sign_out

        for signal in (user_logged_in, user_signed_up, social_account_added):
            signal.connect(record_vouching, dispatch_uid=f"sso-vouching-{id(signal)}")
        user_logged_in.connect(remember_for_sign_out, dispatch_uid="sso-sign-out")
