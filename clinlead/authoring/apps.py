from django.apps import AppConfig


class AuthoringConfig(AppConfig):
    """Reads programme content files, validates them and turns them into plain data. No database."""

    name = "clinlead.authoring"
