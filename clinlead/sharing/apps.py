from django.apps import AppConfig


class SharingConfig(AppConfig):
    """Records shared by permission: a learner lets a named person, or anyone holding a one-off link, read their
    record for a while; every read is written to a log the learner sees (docs/decisions/0027)."""

    name = "clinlead.sharing"
