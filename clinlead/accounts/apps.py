from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Learners: the user model, profiles (name on certificates, profession, registration), eligibility, and
    the NHS.UK versions of allauth's pages."""

    name = "clinlead.accounts"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
