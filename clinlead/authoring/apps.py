from django.apps import AppConfig


class AuthoringConfig(AppConfig):
    """Reads programme content files into the content foundation's types and checks them (`manage.py
    checkcontent`), then publishes them to the catalogue (`manage.py loadcontent`, all or nothing)."""

    name = "clinlead.authoring"
