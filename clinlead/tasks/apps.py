from django.apps import AppConfig


class TasksConfig(AppConfig):
    """Background work behind one interface: tasks recorded in the database with their state and progress, run
    by a thread pool inside the web process on the embedded default or by Celery workers on Redis in production,
    retried, and visible to the person who started them (docs/decisions/0021)."""

    name = "clinlead.tasks"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.utils.module_loading import autodiscover_modules

        from .scheduler import DISPATCH_UID, on_first_request

        # Every app's tasks, so that any process (web, worker, beat) knows them all once Django is set up.
        autodiscover_modules("background")
        request_started.connect(on_first_request, dispatch_uid=DISPATCH_UID)
