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

from django.conf import settings
from django.db import DatabaseError, connection

from . import registry, runner, services

app = Celery("clinlead")
app.config_from_object("django.conf:settings", namespace="CELERY")


# A database out of reach before the run is claimed or after it ended (the task's own errors are the run's) is
# retried by Celery with growing pauses; the sweep below catches anything still left.
@app.task(
    name="clinlead.tasks.run",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=8,
)
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


@app.task(name="clinlead.tasks.resume_lost", ignore_result=True)
def resume_lost() -> None:
    """Hand on runs whose message was lost (a broker out of reach when they started, a flushed Redis) or whose
    worker died: queued or silent for TASKS_STALE_AFTER seconds."""
    services.resume_unfinished(queued_for=settings.TASKS_STALE_AFTER)


def beat_schedule() -> dict[str, dict[str, object]]:
    """Beat's schedule: every task given to every_day, at its time in TIME_ZONE, and the sweep for lost runs."""
    sweep: dict[str, dict[str, object]] = {
        "hand on lost runs": {"task": "clinlead.tasks.resume_lost", "schedule": float(settings.TASKS_STALE_AFTER)}
    }
    return sweep | {
        f"every day: {name}": {
            "task": "clinlead.tasks.start_daily",
            "schedule": crontab(hour=str(at.hour), minute=str(at.minute)),
            "args": (name,),
        }
        for name, at in sorted(registry.daily().items())
    }


app.conf.beat_schedule = beat_schedule()
