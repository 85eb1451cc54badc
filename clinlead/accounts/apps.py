from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Learners: the user model, profiles (name on certificates, profession, registration) and eligibility."""

    name = "clinlead.accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
