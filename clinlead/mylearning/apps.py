from django.apps import AppConfig


class MyLearningConfig(AppConfig):
    """A learner's own pages: My learning, My activity, transcripts, their data, deleting their account."""

    name = "clinlead.mylearning"
