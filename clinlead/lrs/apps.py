from django.apps import AppConfig


class LrsConfig(AppConfig):
    """The Learning Record Store (`/xapi/`): xAPI statements posted, put, read, voided and paged by machine
    clients with HTTP Basic credentials of their own, each scoped, as xAPI 1.0.3 and 2.0 describe."""

    name = "clinlead.lrs"

    def ready(self) -> None:
        from clinlead.learning.api import completion_recorded

        from .from_learning import store_completion

        # Statements come from learning's events, not from the player's views (docs/decisions/0029).
        completion_recorded.connect(store_completion, dispatch_uid="lrs.completion")
