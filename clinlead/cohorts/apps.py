from django.apps import AppConfig


class CohortsConfig(AppConfig):
    """Trainers' teaching groups (`/cohorts/`): a trainer gathers learners by email, upload or a join code, assigns
    sessions with a due date, and sees the group's progress, the exercises it found hardest and the reflections
    members chose to share."""

    name = "clinlead.cohorts"
