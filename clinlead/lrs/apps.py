from django.apps import AppConfig


class LrsConfig(AppConfig):
    """The Learning Record Store (`/xapi/`): xAPI statements posted, put, read, voided and paged by machine
    clients with HTTP Basic credentials of their own, each scoped, as xAPI 1.0.3 and 2.0 describe."""

    name = "clinlead.lrs"
