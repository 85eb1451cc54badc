from django.apps import AppConfig


class PlayerConfig(AppConfig):
    """Takes a learner through a session page by page, with exercises and feedback."""

    name = "clinlead.player"
