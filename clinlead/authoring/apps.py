from django.apps import AppConfig


class AuthoringConfig(AppConfig):
    """Reads programme content files, checks them (`manage.py checkcontent`) and turns them into plain data.
    No database."""

    name = "clinlead.authoring"
