from django.apps import AppConfig


class TasksConfig(AppConfig):
    """Background work behind one interface: tasks recorded in the database with their state and progress, run
    by a thread pool inside the web process on the embedded default or by Celery workers on Redis in production,
    retried, and visible to the person who started them (docs/decisions/0021)."""

    name = "clinlead.tasks"
