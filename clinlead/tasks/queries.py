"""Reading runs as plain data."""

import uuid

from .data import TaskData
from .models import TaskRun
from .progress import live


def run_data(task_id: str) -> TaskData | None:
    """Any run, whoever started it (for tests and staff tools; people go through api.status)."""
    try:
        run_uuid = uuid.UUID(str(task_id))
    except ValueError:
        return None
    run = TaskRun.objects.filter(pk=run_uuid).first()
    return None if run is None else task_data(run)


def task_data(run: TaskRun) -> TaskData:
    done, total, message = run.done, run.total, run.message
    finished = run.state in {TaskRun.State.SUCCEEDED, TaskRun.State.FAILED}
    report = None if finished else live(str(run.pk))
    if report is not None:  # reported inside the task's transaction on SQLite (progress.py)
        done, total, message = report.done, report.total, report.message
    if finished:
        percent = 100
    elif total > 0:
        percent = max(0, min(99, done * 100 // total))
    else:
        percent = 0
    return TaskData(
        id=str(run.pk),
        name=run.name,
        state=str(run.state),
        done=done,
        total=total,
        message=message,
        result=run.result if run.state == TaskRun.State.SUCCEEDED else None,
        error=run.error if run.state == TaskRun.State.FAILED else "",
        percent=percent,
        finished=finished,
        created_at=run.created,
        finished_at=run.finished,
    )
