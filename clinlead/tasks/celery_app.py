"""The Celery application for production's workers and beat (TASKS_BACKEND=celery, docs/decisions/0021):

    celery -A clinlead.tasks.celery_app worker
    celery -A clinlead.tasks.celery_app beat

One generic Celery task runs a run of any of our tasks by its id, so state, progress and retries live in the task
table whichever back end runs them; Celery only carries the id. Its settings are Django's `CELERY_*` settings.
"""

import os
import threading

import django
from celery import Celery
from celery.schedules import crontab
from django.apps import apps

# Like clinlead.wsgi: a worker is a server, so production settings unless told otherwise.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinlead.settings.production")
if not apps.ready:
    django.setup()  # imports every app's background module: the worker knows every task before its first message

from django.db import connection

from . import registry, runner, services

app = Celery("clinlead")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="clinlead.tasks.run", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_task(run_id: str) -> None:
    """Run one run of a task (runner.execute); a message delivered again for a finished run does nothing."""
    try:
        outcome = runner.execute(run_id, "celery")
    finally:
        if threading.current_thread() is not threading.main_thread():
            connection.close()  # an embedded worker (tests) runs in a thread of its own
    if outcome.retry_in is not None:
        run_task.apply_async(args=(run_id,), countdown=outcome.retry_in)


@app.task(name="clinlead.tasks.start_daily", ignore_result=True)
def start_daily(name: str) -> None:
    """Start today's run of a task scheduled with every_day (once a day, however often beat sends this)."""
    services.start_daily(name)


def beat_schedule() -> dict[str, dict[str, object]]:
    """Beat's schedule: every task given to every_day, at its time in TIME_ZONE."""
    return {
        f"every day: {name}": {
            "task": "clinlead.tasks.start_daily",
            "schedule": crontab(hour=str(at.hour), minute=str(at.minute)),
            "args": (name,),
        }
        for name, at in sorted(registry.daily().items())
    }


app.conf.beat_schedule = beat_schedule()
