from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    """Whole workforces at once (`/staff/`): an organisation manager uploads a staff list, sees every problem by
    row and column, commits it all or nothing, invites the new people, and enrols staff on sessions with a due
    date."""

    name = "clinlead.workforce"
