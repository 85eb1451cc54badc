from django.apps import AppConfig


class ContentConfig(AppConfig):
    """The content foundation: typed data for programmes, sessions, pages, blocks and exercises, the rules of
    exercises and of completing a session, and the stable references between content (no database)."""

    name = "clinlead.content"
