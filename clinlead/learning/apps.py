from django.apps import AppConfig


class LearningConfig(AppConfig):
    """What a learner did: enrolments, page views and time, answers, progress and completions."""

    name = "clinlead.learning"
