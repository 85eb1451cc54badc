from django.apps import AppConfig


class LearningConfig(AppConfig):
    """What a learner did: enrolments, page views and time, answers, progress and completions; the one lock
    order of its writes (`locking.py`) and the `completion_recorded` event (`events.py`), see docs/decisions/0010."""

    name = "clinlead.learning"
