"""The one door into `tasks`: define a task, start it, and follow its progress (docs/decisions/0021).

@task("workforce.commit-staff", retries=2)
def commit_staff(progress: Progress, upload_id: int) -> dict[str, Any]:
    ...
    progress.report(done, total, "Adding people")
    return {"created": 120}

run_id = start("workforce.commit-staff", started_by=request.user.pk, upload_id=upload.pk)
run = status(run_id, request.user.pk)  # TaskData, or None for anyone else
"""

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from . import registry, services
from .data import TaskData
from .models import TaskRun
from .progress import Progress
from .queries import task_data
from .registry import TaskFailed, TaskFunction

__all__ = ["Progress", "TaskData", "TaskFailed", "every_day", "start", "status", "task"]


def task(name: str, retries: int = 0) -> Callable[[TaskFunction], TaskFunction]:
    """Register the decorated function as the task `name`, run as fn(progress, **kwargs) and returning a dict of
    plain data (its result). An unexpected exception is retried `retries` times with growing pauses; raise
    TaskFailed for a failure that must not be retried. Put tasks in the app's `background.py`, which every process
    imports at start-up, so a worker knows them. A task must be safe to run again after a crash part-way (do its
    writes in one transaction, or skip what is already done)."""
    return registry.task_decorator(name, retries)


def start(name: str, started_by: int | None, **kwargs: Any) -> str:
    """Queue a run of the task `name` with these keyword arguments (plain data only) and return its id. It is
    handed to the back end when the current transaction commits, so it never runs before the data it reads is
    committed, and never if the transaction rolls back. `started_by` (a user id) is who may follow it."""
    return services.start(name, started_by, kwargs)


def status(task_id: str, user_id: int | None) -> TaskData | None:
    """The run as its starter sees it, or None if there is no such run or this person did not start it (so a page
    can answer 404 alike for both)."""
    try:
        run_uuid = uuid.UUID(str(task_id))
    except ValueError:
        return None
    if user_id is None:
        return None
    run = TaskRun.objects.filter(pk=run_uuid, started_by=user_id).first()
    return None if run is None else task_data(run)


def every_day(name: str, at: datetime.time) -> None:
    """Run the registered task `name` (with no arguments) once a day at `at`, local time (TIME_ZONE). Celery beat
    starts it in production; on the in-process back end a light thread of the web process does. Either way it runs
    at most once a day, however many processes schedule it."""
    registry.schedule_daily(name, at)
